import { createHash } from 'node:crypto';

import { GraphError, graphErrors } from './graph-errors';
import { listAnswer } from './graph-directory-query';
import type { GraphCall, GraphRoute } from './graph-routes';
import { NO_CONTENT, contextUrl, notFound, readKnownBody, requireServicePrincipal } from './graph-sync-common';
import { directoryTime } from './graph-sync-applications';
import { isGuid } from './guid';
import { SYNC_PERMISSIONS } from './sync-permissions';
import { ASSIGNMENT_SHAPE, assignmentResource } from './sync-resources';
import type { AppRoleAssignment, SyncServicePrincipal } from './sync-store';

/** Assignment ids are 43 base64url characters in Graph (e.g. -WmtM5na7Uus0D8kI1yylpU9Mdo0Pb9OoBJvd3T5eKc). */
function assignmentId(principalId: string, resourceId: string, appRoleId: string): string {
	return createHash('sha256').update(`${principalId}|${resourceId}|${appRoleId}`).digest('base64url').slice(0, 43);
}

/** A second assignment of the same principal and role: the answer the reading assignmentExists chooses. */
function assignmentExists(call: GraphCall): GraphError {
	return call.ctx.settings.syncReadings.assignmentExists === 'Request_BadRequest'
		? new GraphError(400, 'Request_BadRequest', 'Permission being assigned already exists on the object.')
		: new GraphError(409, 'Request_MultipleObjectsWithSameKeyValue', 'A conflicting object with one or more of the specified property values is present in the directory.');
}

function requireGuidProperty(value: unknown, name: string): string {
	if (typeof value !== 'string' || value === '') throw graphErrors.badRequest(`The required property '${name}' is missing.`);
	if (!isGuid(value)) throw graphErrors.invalidObjectId(value);
	return value.toLowerCase();
}

/** The principal: a user or group of the caller's tenant (msiam_access allows "User", which takes groups too). */
function principalOf(call: GraphCall, principalId: string): Pick<AppRoleAssignment, 'principalType' | 'principalDisplayName'> {
	const found = call.ctx.directoryObjects.object(call.owner, principalId);
	if (!found) throw notFound(principalId);
	return found.kind === 'user'
		? { principalType: 'User', principalDisplayName: found.user.displayName }
		: { principalType: 'Group', principalDisplayName: found.group.displayName };
}

function newAssignment(call: GraphCall, sp: SyncServicePrincipal): AppRoleAssignment {
	const body = readKnownBody(call, ['appRoleId', 'resourceId', 'principalId', 'principalType'], 'appRoleAssignment');
	const appRoleId = requireGuidProperty(body.appRoleId, 'appRoleId');
	const resourceId = requireGuidProperty(body.resourceId, 'resourceId');
	const principalId = requireGuidProperty(body.principalId, 'principalId');
	if (resourceId !== sp.id) throw graphErrors.badRequest('Not a valid reference update: resourceId must be the id of the service principal in the URL.');
	if (appRoleId !== sp.appRoleId) throw new GraphError(400, 'Request_BadRequest', `Permission being assigned was not found on application '${sp.appId}'.`);
	return {
		id: assignmentId(principalId, resourceId, appRoleId),
		appRoleId,
		createdDateTime: directoryTime(call.ctx.syncClock()),
		principalId,
		...principalOf(call, principalId),
		resourceId,
		resourceDisplayName: sp.displayName,
	};
}

/** GET / POST /servicePrincipals/{id}/appRoleAssignedTo: who is in the configuration's scope. */
export const appRoleAssignedTo: GraphRoute = {
	name: 'appRoleAssignedTo',
	outsidePolicy: true,
	permissions: { GET: SYNC_PERMISSIONS.readAssignment, POST: SYNC_PERMISSIONS.writeAssignment },
	handlers: {
		GET: (call) => {
			const sp = requireServicePrincipal(call, appRoleAssignedTo);
			const assignments = call.ctx.sync.assignments(call.owner, sp.id).map(assignmentResource);
			return listAnswer(call, `servicePrincipals('${sp.id}')/appRoleAssignedTo`, ASSIGNMENT_SHAPE, assignments);
		},
		POST: (call) => {
			const sp = requireServicePrincipal(call, appRoleAssignedTo);
			const assignment = newAssignment(call, sp);
			if (call.ctx.sync.assignments(call.owner, sp.id).some((a) => a.id === assignment.id)) throw assignmentExists(call);
			call.ctx.sync.addAssignment(call.owner, assignment);
			return {
				status: 201,
				body: { '@odata.context': contextUrl(call, `servicePrincipals('${sp.id}')/appRoleAssignedTo/$entity`), ...assignmentResource(assignment) },
			};
		},
	},
};

/** DELETE /servicePrincipals/{id}/appRoleAssignedTo/{assignmentId}: 204; the principal leaves the scope (users synchronized stay). */
export const appRoleAssignment: GraphRoute = {
	name: 'appRoleAssignedTo.item',
	outsidePolicy: true,
	permissions: { DELETE: SYNC_PERMISSIONS.writeAssignment },
	handlers: {
		DELETE: (call) => {
			const sp = requireServicePrincipal(call, appRoleAssignment);
			const id = call.params.assignmentId ?? '';
			if (!call.ctx.sync.assignments(call.owner, sp.id).some((a) => a.id === id)) throw notFound(id);
			call.ctx.sync.removeAssignment(call.owner, id);
			return NO_CONTENT;
		},
	},
};
