import { entityAnswer, listAnswer } from './graph-directory-query';
import type { GraphCall, GraphRoute } from './graph-routes';
import { NO_CONTENT, checkOwner, contextUrl, isReplicated, notFound, readKnownBody, requireServicePrincipal, requireString } from './graph-sync-common';
import { newGuid, stableGuid } from './guid';
import { CROSS_TENANT_SYNC_TEMPLATE_ID } from './seed-ids';
import { SYNC_PERMISSIONS } from './sync-permissions';
import { APPLICATION_SHAPE, SERVICE_PRINCIPAL_SHAPE, applicationResource, servicePrincipalResource } from './sync-resources';
import type { SyncApplication, SyncServicePrincipal } from './sync-store';

/** Directory timestamps: whole seconds, as Graph's examples show them. */
export function directoryTime(ms: number): string {
	return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * POST /applicationTemplates/{id}/instantiate: the application and its service principal, both with the template's
 * id and its msiam_access app role. The caller becomes the owner (Application.ReadWrite.OwnedBy then manages it).
 * The service principal may lag behind (servicePrincipalReplicationMs): the answer names it, GETs 404 for a while.
 */
export const instantiate: GraphRoute = {
	name: 'applicationTemplate.instantiate',
	outsidePolicy: true,
	permissions: { POST: SYNC_PERMISSIONS.instantiate },
	handlers: {
		POST: (call) => {
			const templateId = call.params.templateId ?? '';
			if (templateId.toLowerCase() !== CROSS_TENANT_SYNC_TEMPLATE_ID) throw notFound(templateId);
			const displayName = requireString(readKnownBody(call, ['displayName'], "the operation 'instantiate'"), 'displayName');
			const now = call.ctx.syncClock();
			const appId = newGuid();
			const application: SyncApplication = {
				id: newGuid(),
				appId,
				displayName,
				applicationTemplateId: CROSS_TENANT_SYNC_TEMPLATE_ID,
				createdDateTime: directoryTime(now),
				appRoleId: stableGuid('msiam_access', appId),
				ownerAppId: call.claims.appid.toLowerCase(),
			};
			const lag = call.ctx.settings.servicePrincipalReplicationMs;
			const servicePrincipal: SyncServicePrincipal = {
				id: newGuid(),
				appId,
				displayName,
				applicationTemplateId: CROSS_TENANT_SYNC_TEMPLATE_ID,
				applicationId: application.id,
				appRoleId: application.appRoleId,
				ownerAppId: application.ownerAppId,
				visibleAfter: lag > 0 ? now + lag : undefined,
			};
			call.ctx.sync.addConfiguration(call.owner, application, servicePrincipal);
			return {
				status: 201,
				body: {
					'@odata.context': contextUrl(call, 'microsoft.graph.applicationServicePrincipal'),
					application: applicationResource(application),
					servicePrincipal: servicePrincipalResource(servicePrincipal, call.owner),
				},
			};
		},
	},
};

export const applications: GraphRoute = {
	name: 'applications',
	outsidePolicy: true,
	permissions: { GET: SYNC_PERMISSIONS.listApplications },
	handlers: {
		GET: (call) => listAnswer(call, 'applications', APPLICATION_SHAPE, call.ctx.sync.applications(call.owner).map(applicationResource)),
	},
};

function requireApplication(call: GraphCall, route: GraphRoute): SyncApplication {
	const { applicationId, appAppId } = call.params;
	const application =
		applicationId !== undefined ? call.ctx.sync.application(call.owner, applicationId) : call.ctx.sync.applicationByAppId(call.owner, appAppId ?? '');
	if (!application) throw notFound(applicationId ?? appAppId ?? '');
	checkOwner(call, route, application.ownerAppId);
	return application;
}

/** GET / DELETE /applications/{id} or /applications(appId='…'). DELETE takes the service principal, its jobs, secrets and assignments with it. */
export const application: GraphRoute = {
	name: 'application',
	outsidePolicy: true,
	permissions: { GET: SYNC_PERMISSIONS.readApplication, DELETE: SYNC_PERMISSIONS.deleteApplication },
	handlers: {
		GET: (call) => entityAnswer(call, 'applications/$entity', APPLICATION_SHAPE, applicationResource(requireApplication(call, application))),
		DELETE: (call) => {
			call.ctx.sync.removeApplication(call.owner, requireApplication(call, application).id);
			return NO_CONTENT;
		},
	},
};

/** Service principals not yet replicated are missing from the list too (their directory replica has not seen them). */
export const servicePrincipals: GraphRoute = {
	name: 'servicePrincipals',
	outsidePolicy: true,
	permissions: { GET: SYNC_PERMISSIONS.listApplications },
	handlers: {
		GET: (call) => {
			const visible = call.ctx.sync.servicePrincipals(call.owner).filter((sp) => isReplicated(call, sp));
			return listAnswer(call, 'servicePrincipals', SERVICE_PRINCIPAL_SHAPE, visible.map((sp) => servicePrincipalResource(sp, call.owner)));
		},
	},
};

export const servicePrincipal: GraphRoute = {
	name: 'servicePrincipal',
	outsidePolicy: true,
	permissions: { GET: SYNC_PERMISSIONS.readApplication },
	handlers: {
		GET: (call) =>
			entityAnswer(call, 'servicePrincipals/$entity', SERVICE_PRINCIPAL_SHAPE, servicePrincipalResource(requireServicePrincipal(call, servicePrincipal), call.owner)),
	},
};
