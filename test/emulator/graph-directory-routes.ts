import { entityAnswer, listAnswer } from './graph-directory-query';
import type { GraphRoute } from './graph-routes';
import { notFound } from './graph-sync-common';
import { SYNC_PERMISSIONS } from './sync-permissions';
import { GROUP_SHAPE, USER_SHAPE, groupResource, userResource } from './sync-resources';

/**
 * GET /users and /groups of the caller's tenant: read-only, for tests and clients that check who exists and what
 * cross-tenant sync created in a target (its users are ordinary users there: userType Member, externalUserState).
 */
export const users: GraphRoute = {
	name: 'users',
	outsidePolicy: true,
	permissions: { GET: SYNC_PERMISSIONS.readUsers },
	handlers: {
		GET: (call) => listAnswer(call, 'users', USER_SHAPE, call.ctx.directoryObjects.users(call.owner).map(userResource)),
	},
};

export const user: GraphRoute = {
	name: 'user',
	outsidePolicy: true,
	permissions: { GET: SYNC_PERMISSIONS.readUsers },
	handlers: {
		GET: (call) => {
			const id = call.params.userId ?? '';
			const found = call.ctx.directoryObjects.user(call.owner, id);
			if (!found) throw notFound(id);
			return entityAnswer(call, 'users/$entity', USER_SHAPE, userResource(found));
		},
	},
};

export const groups: GraphRoute = {
	name: 'groups',
	outsidePolicy: true,
	permissions: { GET: SYNC_PERMISSIONS.readGroups },
	handlers: {
		GET: (call) => listAnswer(call, 'groups', GROUP_SHAPE, call.ctx.directoryObjects.groups(call.owner).map(groupResource)),
	},
};

export const group: GraphRoute = {
	name: 'group',
	outsidePolicy: true,
	permissions: { GET: SYNC_PERMISSIONS.readGroups },
	handlers: {
		GET: (call) => {
			const id = call.params.groupId ?? '';
			const found = call.ctx.directoryObjects.group(call.owner, id);
			if (!found) throw notFound(id);
			return entityAnswer(call, 'groups/$entity', GROUP_SHAPE, groupResource(found));
		},
	},
};

const MEMBER_SHAPE = {
	type: 'microsoft.graph.directoryObject',
	resource: 'DirectoryObject',
	filterable: ['id', 'displayName'],
	selectable: [...new Set(['@odata.type', ...USER_SHAPE.selectable, ...GROUP_SHAPE.selectable])],
};

/** GET /groups/{id}/members: the direct members, each with its @odata.type. */
export const groupMembers: GraphRoute = {
	name: 'group.members',
	outsidePolicy: true,
	permissions: { GET: SYNC_PERMISSIONS.readGroups },
	handlers: {
		GET: (call) => {
			const id = call.params.groupId ?? '';
			const found = call.ctx.directoryObjects.group(call.owner, id);
			if (!found) throw notFound(id);
			const members = found.members.flatMap((memberId) => {
				const member = call.ctx.directoryObjects.object(call.owner, memberId);
				if (!member) return [];
				return member.kind === 'user'
					? [{ '@odata.type': '#microsoft.graph.user', ...userResource(member.user) }]
					: [{ '@odata.type': '#microsoft.graph.group', ...groupResource(member.group) }];
			});
			return listAnswer(call, 'directoryObjects', MEMBER_SHAPE, members);
		},
	},
};
