import type { EmulatorContext } from './context';
import type { DirectoryUser } from './directory-objects';
import { isReplicated } from './graph-sync-common';
import { applicationResource, assignmentResource, jobResource, servicePrincipalResource } from './sync-resources';
import type { SyncConfigurationDump, SyncStateDump, SyncedUserDump } from './types';

function syncedUserDump(user: DirectoryUser): SyncedUserDump[] {
	const origin = user.synchronizedFrom;
	if (!origin) return [];
	return [
		{
			id: user.id,
			displayName: user.displayName,
			userPrincipalName: user.userPrincipalName,
			mail: user.mail,
			userType: user.userType,
			accountEnabled: user.accountEnabled,
			createdDateTime: user.createdDateTime,
			externalUserState: user.externalUserState,
			externalUserStateChangeDateTime: user.externalUserStateChangeDateTime,
			sourceTenantId: origin.tenantId,
			sourceObjectId: origin.objectId,
			servicePrincipalId: origin.servicePrincipalId,
			jobId: origin.jobId,
			lastSynchronizedDateTime: origin.lastSynchronizedDateTime,
		},
	];
}

/** The users cross-tenant sync created in a target tenant, with where each came from. */
export function syncedUserDumps(ctx: EmulatorContext, tenantId: string): SyncedUserDump[] {
	return ctx.directoryObjects.syncedUsers(tenantId).flatMap(syncedUserDump);
}

/** A source tenant's configurations as their Graph objects (secret values left out) and its synchronized users. */
export function syncStateDump(ctx: EmulatorContext, tenantId: string): SyncStateDump {
	const configurations: SyncConfigurationDump[] = ctx.sync.applications(tenantId).flatMap((application) => {
		const sp = ctx.sync.servicePrincipalByAppId(tenantId, application.appId);
		if (!sp) return [];
		const secrets = ctx.sync.secrets(tenantId, sp.id);
		return [
			{
				application: applicationResource(application),
				servicePrincipal: servicePrincipalResource(sp, tenantId),
				replicating: !isReplicated({ ctx }, sp),
				jobs: ctx.sync.jobs(tenantId, sp.id).map((job) => ({
					...jobResource(job),
					nextCycleAt: job.nextCycleAt === undefined ? null : new Date(job.nextCycleAt).toISOString(),
				})),
				secretKeys: secrets ? secrets.map((s) => s.key) : null,
				assignments: ctx.sync.assignments(tenantId, sp.id).map(assignmentResource),
			},
		];
	});
	return { tenantId: tenantId.toLowerCase(), configurations, synchronizedUsers: syncedUserDumps(ctx, tenantId) };
}
