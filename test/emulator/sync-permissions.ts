import type { AccessTokenClaims } from './access-tokens';
import { graphErrors } from './graph-errors';

/** One way to be allowed: a role, or several roles that must all be held. */
export type RoleRequirement = string | readonly string[];

export const OWNED_BY = 'Application.ReadWrite.OwnedBy';

/**
 * Application permissions of the source-side routes, from each page's table (v1.0). Application.ReadWrite.OwnedBy
 * counts only for applications the caller owns (it instantiated them): the routes check that on the object.
 */
export const SYNC_PERMISSIONS = {
	/** applicationTemplate-instantiate.md */
	instantiate: [OWNED_BY, 'Application.ReadWrite.All', 'Directory.ReadWrite.All'],
	/** serviceprincipal-list.md (and application-list): OwnedBy is not listed. */
	listApplications: ['Application.Read.All', 'Application.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
	/** serviceprincipal-get.md, application-get.md; OwnedBy reads what it owns (permissions reference). */
	readApplication: ['Application.Read.All', 'Application.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All', OWNED_BY],
	/** application-delete.md */
	deleteApplication: [OWNED_BY, 'Application.ReadWrite.All'],
	/** synchronization-synchronizationjob-get.md, -list, schema get. */
	readSync: ['Synchronization.Read.All', 'Synchronization.ReadWrite.All', OWNED_BY, 'Application.ReadWrite.All', 'Directory.ReadWrite.All'],
	/** jobs post/delete, start, pause, restart, validateCredentials, provisionOnDemand, secrets put. */
	writeSync: ['Synchronization.ReadWrite.All', OWNED_BY, 'Application.ReadWrite.All', 'Directory.ReadWrite.All'],
	/** serviceprincipal-post-approleassignedto.md: two permissions together. */
	writeAssignment: [
		['AppRoleAssignment.ReadWrite.All', 'Application.Read.All'],
		['AppRoleAssignment.ReadWrite.All', 'Directory.Read.All'],
	],
	/** serviceprincipal-list-approleassignedto.md */
	readAssignment: ['Application.Read.All', 'Application.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
	/** user-list.md, user-get.md */
	readUsers: ['User.Read.All', 'User.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
	/** group-list.md, group-get.md, group-list-members.md */
	readGroups: ['GroupMember.Read.All', 'Group.Read.All', 'Group.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
} satisfies Record<string, RoleRequirement[]>;

function holds(roles: string[], requirement: RoleRequirement): boolean {
	return typeof requirement === 'string' ? roles.includes(requirement) : requirement.every((role) => roles.includes(role));
}

/** Throws Graph's 403 unless the token meets one of the requirements. */
export function authorizeAny(claims: AccessTokenClaims, accepted: readonly RoleRequirement[]): void {
	if (!accepted.some((requirement) => holds(claims.roles, requirement))) throw graphErrors.forbidden();
}

/**
 * For a route that admitted the token: when Application.ReadWrite.OwnedBy is what let it in (no other accepted role
 * is held), the object must be one the caller owns, else 403 as for any missing privilege.
 */
export function authorizeOwnership(claims: AccessTokenClaims, accepted: readonly RoleRequirement[], ownerAppId: string | undefined): void {
	const viaOtherRole = accepted.some((requirement) => requirement !== OWNED_BY && holds(claims.roles, requirement));
	if (viaOtherRole) return;
	if (ownerAppId === undefined || ownerAppId !== claims.appid.toLowerCase()) throw graphErrors.forbidden();
}
