/**
 * The Microsoft Graph application permissions each operation needs, least privileged first: one table for the
 * credential test, the error map's 403 advice and README's permission table. A need is met by any one of its
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

export const PERMISSIONS: ResourcePermissions[] = [
	{
		resource: 'Sync Policy and Partner',
		needs: [
			{ serves: 'Get, Get Many and the trigger', anyOf: [POLICY_READ, POLICY_WRITE] },
			{ serves: 'Create, Update and Delete', anyOf: [POLICY_WRITE] },
			{ serves: 'a partner picked by domain', anyOf: ['CrossTenantInformation.ReadBasic.All'] },
		],
	},
	{
		resource: 'Sync Configuration',
		needs: [
			{ serves: 'Create and Delete', anyOf: [OWNED_BY, 'Application.ReadWrite.All'] },
			{ serves: 'Get Many and a configuration picked by name or from the list', anyOf: ['Application.Read.All', 'Application.ReadWrite.All'] },
			{ serves: 'Get and the trigger\'s job health', anyOf: ['Synchronization.Read.All', 'Synchronization.ReadWrite.All', OWNED_BY] },
			{ serves: 'Start, Pause, Restart and Provision On Demand', anyOf: ['Synchronization.ReadWrite.All', OWNED_BY] },
			{ serves: 'Assign and Unassign', anyOf: [['AppRoleAssignment.ReadWrite.All', 'Application.Read.All']] },
		],
	},
];

export function holdsAlternative(roles: readonly string[], alternative: string | readonly string[]): boolean {
	return typeof alternative === 'string' ? roles.includes(alternative) : alternative.every((role) => roles.includes(role));
}

export function describeAlternative(alternative: string | readonly string[]): string {
	return typeof alternative === 'string' ? alternative : alternative.join(' and ');
}

/** Every permission any operation accepts: a token with none of them can serve nothing. */
export const ACCEPTED_ROLES: ReadonlySet<string> = new Set(PERMISSIONS.flatMap((r) => r.needs.flatMap((n) => n.anyOf.flatMap((a) => (typeof a === 'string' ? [a] : [...a])))));
