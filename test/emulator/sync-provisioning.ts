import type { EmulatorContext } from './context';
import type { DirectoryUser } from './directory-objects';
import { stableGuid } from './guid';
import type { SyncJob } from './sync-store';

/** Why a source user is, or is not, synchronized by a configuration. */
export interface ScopeVerdict {
	inScope: boolean;
	/** Assigned directly, or a direct member of an assigned group. */
	assigned: boolean;
	/** Why not in scope. */
	reason?: 'NotAssigned' | 'Guest' | 'External' | 'Disabled';
}

/** A user created or updated in the target, or left as it was. */
export interface ProvisionOutcome {
	action: 'Create' | 'Update' | 'None';
	user: DirectoryUser;
}

/** The configuration whose job writes into the target. */
export interface SyncRun {
	sourceTenantId: string;
	targetTenantId: string;
	servicePrincipalId: string;
	job: SyncJob;
	/** ISO time the changes are stamped with. */
	at: string;
}

function syncsEveryone(ctx: EmulatorContext, tenantId: string, servicePrincipalId: string): boolean {
	const syncAll = ctx.sync.secrets(tenantId, servicePrincipalId)?.find((s) => s.key === 'SyncAll')?.value;
	return syncAll?.toLowerCase() === 'true';
}

/** Object ids the configuration's assignments reach: assigned users, and the direct members of assigned groups. */
function assignedObjectIds(ctx: EmulatorContext, tenantId: string, servicePrincipalId: string): Set<string> {
	const ids = new Set<string>();
	for (const assignment of ctx.sync.assignments(tenantId, servicePrincipalId)) {
		ids.add(assignment.principalId);
		// Members of nested groups do not count (cross-tenant-synchronization-configure.md: direct members only).
		if (assignment.principalType === 'Group') for (const member of ctx.directoryObjects.group(tenantId, assignment.principalId)?.members ?? []) ids.add(member);
	}
	return ids;
}

/** Cross-tenant sync provisions active internal members only, and with SyncAll "false" only the assigned ones. */
export function scopeOf(ctx: EmulatorContext, tenantId: string, servicePrincipalId: string, user: DirectoryUser): ScopeVerdict {
	const assigned = assignedObjectIds(ctx, tenantId, servicePrincipalId).has(user.id);
	if (user.userType !== 'Member') return { inScope: false, assigned, reason: 'Guest' };
	// An external member (e.g. one synchronized in from another tenant) is not an internal member.
	if (user.externalUserState !== null || user.synchronizedFrom) return { inScope: false, assigned, reason: 'External' };
	if (!user.accountEnabled) return { inScope: false, assigned, reason: 'Disabled' };
	if (!assigned && !syncsEveryone(ctx, tenantId, servicePrincipalId)) return { inScope: false, assigned, reason: 'NotAssigned' };
	return { inScope: true, assigned };
}

/** Every source user the configuration synchronizes, in directory order. */
export function usersInScope(ctx: EmulatorContext, tenantId: string, servicePrincipalId: string): DirectoryUser[] {
	return ctx.directoryObjects.users(tenantId).filter((user) => scopeOf(ctx, tenantId, servicePrincipalId, user).inScope);
}

/** The target's initial domain (…onmicrosoft.com), where B2B users get their #EXT# user principal names. */
function initialDomain(ctx: EmulatorContext, tenantId: string): string {
	const lookup = ctx.directory.lookupTenant(tenantId);
	const domains = lookup.kind === 'found' ? (lookup.tenant.domains ?? []) : [];
	return domains.find((d) => d.toLowerCase().endsWith('.onmicrosoft.com')) ?? domains[0] ?? `${tenantId}.onmicrosoft.com`;
}

/** alex@adatum.com → alex_adatum.com#EXT#@contoso.onmicrosoft.com, as Entra names B2B users. */
function externalUserPrincipalName(sourceUpn: string, domain: string): string {
	return `${sourceUpn.replace('@', '_')}#EXT#@${domain}`;
}

/**
 * Creates or updates the target's user for one source user: an external member (userType Member, invitation
 * already accepted), as cross-tenant sync creates them. Returns what it did.
 */
export function provisionUser(ctx: EmulatorContext, run: SyncRun, source: DirectoryUser): ProvisionOutcome {
	const origin = {
		tenantId: run.sourceTenantId.toLowerCase(),
		objectId: source.id,
		servicePrincipalId: run.servicePrincipalId,
		jobId: run.job.id,
		lastSynchronizedDateTime: run.at,
	};
	const mail = source.mail ?? source.userPrincipalName;
	const existing = ctx.directoryObjects.syncedUser(run.targetTenantId, run.sourceTenantId, source.id);
	if (existing) {
		if (existing.displayName === source.displayName && existing.mail === mail) return { action: 'None', user: existing };
		Object.assign(existing, { displayName: source.displayName, mail, synchronizedFrom: origin });
		return { action: 'Update', user: existing };
	}
	const user: DirectoryUser = {
		id: stableGuid('synchronized-user', run.targetTenantId.toLowerCase(), origin.tenantId, source.id),
		userPrincipalName: externalUserPrincipalName(source.userPrincipalName, initialDomain(ctx, run.targetTenantId)),
		displayName: source.displayName,
		userType: 'Member',
		mail,
		accountEnabled: true,
		createdDateTime: run.at,
		externalUserState: 'Accepted',
		externalUserStateChangeDateTime: run.at,
		synchronizedFrom: origin,
	};
	ctx.directoryObjects.put(run.targetTenantId, user);
	return { action: 'Create', user };
}
