/**
 * The Microsoft Graph application permissions each operation needs, least privileged first: one table for the
 * credential test, the error map's 403 advice and the README's permission table. A need is met by any one of its
 * alternatives; an alternative with several permissions needs all of them.
 */
export interface PermissionNeed {
	/** What the permission is for, as a person reads it. */
	serves: string;
	/** Any one of these (least privileged first); an array entry needs all of its permissions. */
	anyOf: ReadonlyArray<string | readonly string[]>;
}

export interface ResourcePermissions {
	resource: string;
	needs: PermissionNeed[];
}

const POLICY_READ = 'Policy.Read.All';
const POLICY_WRITE = 'Policy.ReadWrite.CrossTenantAccess';
const OWNED_BY = 'Application.ReadWrite.OwnedBy';

/** Each need once, by name: the table below lists them per resource, the error map names them in 403 advice. */
export const NEEDS = {
	policyRead: { serves: 'Get, Get Many and the trigger', anyOf: [POLICY_READ, POLICY_WRITE] },
	policyWrite: { serves: 'Create, Update and Delete', anyOf: [POLICY_WRITE] },
	tenantLookup: { serves: 'a partner or a Create target given by domain', anyOf: ['CrossTenantInformation.ReadBasic.All'] },
	applicationWrite: { serves: 'Create and Delete', anyOf: [OWNED_BY, 'Application.ReadWrite.All'] },
	applicationRead: { serves: "Get Many, the trigger's job health, Create's name check and a configuration picked by name or from the list", anyOf: ['Application.Read.All', 'Application.ReadWrite.All'] },
	syncRead: { serves: "Get and the trigger's job health", anyOf: ['Synchronization.Read.All', 'Synchronization.ReadWrite.All', OWNED_BY] },
	syncWrite: { serves: 'Start, Pause, Restart and Provision On Demand', anyOf: ['Synchronization.ReadWrite.All', OWNED_BY] },
	assignment: { serves: 'Assign and Unassign', anyOf: [['AppRoleAssignment.ReadWrite.All', 'Application.Read.All']] },
} satisfies Record<string, PermissionNeed>;

export const PERMISSIONS: ResourcePermissions[] = [
	{ resource: 'Sync Policy and Partner', needs: [NEEDS.policyRead, NEEDS.policyWrite, NEEDS.tenantLookup] },
	{ resource: 'Sync Configuration', needs: [NEEDS.applicationWrite, NEEDS.applicationRead, NEEDS.syncRead, NEEDS.syncWrite, NEEDS.assignment] },
];

export function holdsAlternative(roles: readonly string[], alternative: string | readonly string[]): boolean {
	return typeof alternative === 'string' ? roles.includes(alternative) : alternative.every((role) => roles.includes(role));
}

export function describeAlternative(alternative: string | readonly string[]): string {
	return typeof alternative === 'string' ? alternative : alternative.join(' and ');
}

/** "Synchronization.ReadWrite.All or Application.ReadWrite.OwnedBy": what meets a need. */
export function describeNeed(need: PermissionNeed): string {
	return need.anyOf.map(describeAlternative).join(' or ');
}

/** Every permission any operation accepts: a token with none of them can serve nothing. */
export const ACCEPTED_ROLES: ReadonlySet<string> = new Set(PERMISSIONS.flatMap((r) => r.needs.flatMap((n) => n.anyOf.flatMap((a) => (typeof a === 'string' ? [a] : [...a])))));
