import type { EmulatorSeed, SeedGroup, SeedUser } from './types';

/** Where a user synchronized into this tenant came from (kept beside the user, never shown by GET /users). */
export interface SyncOrigin {
	tenantId: string;
	objectId: string;
	servicePrincipalId: string;
	jobId: string;
	/** ISO time of the cycle or on-demand call that last wrote the user. */
	lastSynchronizedDateTime: string;
}

export interface DirectoryUser {
	id: string;
	userPrincipalName: string;
	displayName: string;
	userType: 'Member' | 'Guest';
	mail: string | null;
	accountEnabled: boolean;
	createdDateTime: string | null;
	/** Set on B2B users: 'Accepted' for users cross-tenant sync created (invitations auto-redeemed). */
	externalUserState: string | null;
	externalUserStateChangeDateTime: string | null;
	synchronizedFrom?: SyncOrigin;
}

export interface DirectoryGroup {
	id: string;
	displayName: string;
	/** Object ids of the direct members (users or groups). */
	members: string[];
}

export type DirectoryObject = { kind: 'user'; user: DirectoryUser } | { kind: 'group'; group: DirectoryGroup };

interface TenantDirectory {
	users: Map<string, DirectoryUser>;
	groups: Map<string, DirectoryGroup>;
}

function userFromSeed(seed: SeedUser): DirectoryUser {
	return {
		id: seed.id.toLowerCase(),
		userPrincipalName: seed.userPrincipalName,
		displayName: seed.displayName,
		userType: seed.userType,
		mail: seed.mail ?? null,
		accountEnabled: seed.accountEnabled ?? true,
		createdDateTime: null,
		externalUserState: null,
		externalUserStateChangeDateTime: null,
	};
}

function groupFromSeed(seed: SeedGroup): DirectoryGroup {
	return { id: seed.id.toLowerCase(), displayName: seed.displayName, members: seed.members.map((m) => m.toLowerCase()) };
}

/** Users and groups per tenant: seeded ones, and the users cross-tenant sync creates in a target tenant. */
export class DirectoryObjects {
	private tenants = new Map<string, TenantDirectory>();

	constructor(seed: EmulatorSeed) {
		this.load(seed);
	}

	load(seed: EmulatorSeed): void {
		this.tenants.clear();
		for (const [tenantId, entry] of Object.entries(seed.directory ?? {})) {
			const tenant = this.tenant(tenantId);
			for (const user of entry.users ?? []) tenant.users.set(user.id.toLowerCase(), userFromSeed(user));
			for (const group of entry.groups ?? []) tenant.groups.set(group.id.toLowerCase(), groupFromSeed(group));
		}
	}

	users(tenantId: string): DirectoryUser[] {
		return [...this.tenant(tenantId).users.values()];
	}

	groups(tenantId: string): DirectoryGroup[] {
		return [...this.tenant(tenantId).groups.values()];
	}

	user(tenantId: string, id: string): DirectoryUser | undefined {
		return this.tenant(tenantId).users.get(id.toLowerCase());
	}

	group(tenantId: string, id: string): DirectoryGroup | undefined {
		return this.tenant(tenantId).groups.get(id.toLowerCase());
	}

	object(tenantId: string, id: string): DirectoryObject | undefined {
		const user = this.user(tenantId, id);
		if (user) return { kind: 'user', user };
		const group = this.group(tenantId, id);
		return group ? { kind: 'group', group } : undefined;
	}

	/** The user cross-tenant sync created in `tenantId` for (source tenant, source object id), if any. */
	syncedUser(tenantId: string, sourceTenantId: string, sourceObjectId: string): DirectoryUser | undefined {
		return this.users(tenantId).find(
			(u) => u.synchronizedFrom?.tenantId === sourceTenantId.toLowerCase() && u.synchronizedFrom.objectId === sourceObjectId.toLowerCase(),
		);
	}

	syncedUsers(tenantId: string): DirectoryUser[] {
		return this.users(tenantId).filter((u) => u.synchronizedFrom !== undefined);
	}

	put(tenantId: string, user: DirectoryUser): void {
		this.tenant(tenantId).users.set(user.id.toLowerCase(), user);
	}

	private tenant(tenantId: string): TenantDirectory {
		const key = tenantId.toLowerCase();
		let tenant = this.tenants.get(key);
		if (!tenant) {
			tenant = { users: new Map(), groups: new Map() };
			this.tenants.set(key, tenant);
		}
		return tenant;
	}
}
