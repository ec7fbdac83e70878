import type { GraphVersion } from './graph-request';
import type { EmulatorSeed, PartnerStateDump, SeedPartner } from './types';

export interface SyncAllowed {
	isSyncAllowed: boolean;
}

export interface SyncPolicy {
	displayName: string | null;
	userSyncInbound: SyncAllowed | null;
	/** Beta-only properties: absent until written through /beta (or seeded). */
	externalCloudAuthorizedApplicationId?: string | null;
	groupSyncInbound?: SyncAllowed;
	roleEnabledGroupSyncInbound?: SyncAllowed;
}

export const BETA_SYNC_PROPERTIES = ['externalCloudAuthorizedApplicationId', 'groupSyncInbound', 'roleEnabledGroupSyncInbound'] as const;

export interface Partner {
	tenantId: string;
	/** Every other property as Graph would return it, including ones the emulator does not know. */
	properties: Record<string, unknown>;
	identitySynchronization?: SyncPolicy;
	/** Date.now() before which the partner answers 404 (replication lag after POST). */
	visibleAfter?: number;
}

/** The properties Graph returns for crossTenantAccessPolicyConfigurationPartner (null when unset). */
export const PARTNER_PROPERTIES = [
	'isServiceProvider',
	'isInMultiTenantOrganization',
	'inboundTrust',
	'automaticUserConsentSettings',
	'b2bCollaborationInbound',
	'b2bCollaborationOutbound',
	'b2bDirectConnectInbound',
	'b2bDirectConnectOutbound',
	'tenantRestrictions',
] as const;

function partnerFromSeed(seed: SeedPartner): Partner {
	const { tenantId, identitySynchronization, ...properties } = structuredClone(seed);
	const partner: Partner = { tenantId: tenantId.toLowerCase(), properties };
	if (identitySynchronization) {
		const { displayName, userSyncInbound, ...beta } = identitySynchronization;
		partner.identitySynchronization = { displayName: displayName ?? null, userSyncInbound: userSyncInbound ?? null, ...beta };
	}
	return partner;
}

export type PartnerSnapshot = Map<string, Partner>;

/** In-memory cross-tenant access policy partners, per owner tenant. Graph semantics live in the routes. */
export class PolicyStore {
	private owners = new Map<string, Map<string, Partner>>();

	/** JSON size of each owner's partner list, kept up to date by sizeAfterWrite; dropped when partners come or go. */
	private sizes = new Map<string, number>();

	constructor(seed: EmulatorSeed) {
		this.load(seed);
	}

	load(seed: EmulatorSeed): void {
		this.owners.clear();
		this.sizes.clear();
		for (const [owner, partners] of Object.entries(seed.partners)) {
			const byId = this.partnersOf(owner);
			for (const partner of partners.map(partnerFromSeed)) byId.set(partner.tenantId, partner);
		}
	}

	list(owner: string): Partner[] {
		return [...this.partnersOf(owner).values()];
	}

	get(owner: string, partnerTenantId: string): Partner | undefined {
		return this.partnersOf(owner).get(partnerTenantId.toLowerCase());
	}

	add(owner: string, partner: Partner): void {
		this.partnersOf(owner).set(partner.tenantId.toLowerCase(), partner);
		this.sizes.delete(owner.toLowerCase());
	}

	remove(owner: string, partnerTenantId: string): boolean {
		this.sizes.delete(owner.toLowerCase());
		return this.partnersOf(owner).delete(partnerTenantId.toLowerCase());
	}

	/** A deep copy of one owner's partners, to undo a write with restore(). */
	snapshot(owner: string): PartnerSnapshot {
		return structuredClone(this.partnersOf(owner));
	}

	restore(owner: string, snapshot: PartnerSnapshot): void {
		this.owners.set(owner.toLowerCase(), snapshot);
		this.sizes.delete(owner.toLowerCase());
	}

	/** What the 25 KB policy cap measures: the JSON of every partner with its sync policy. */
	sizeInBytes(owner: string): number {
		const key = owner.toLowerCase();
		const cached = this.sizes.get(key);
		if (cached !== undefined) return cached;
		const size = Buffer.byteLength(JSON.stringify(this.dump(owner).partners));
		this.sizes.set(key, size);
		return size;
	}

	/** JSON size of one partner as the cap counts it (0 when absent). */
	partnerBytes(owner: string, partnerTenantId: string): number {
		const partner = this.get(owner, partnerTenantId);
		return partner ? Buffer.byteLength(JSON.stringify(dumpPartner(partner))) : 0;
	}

	/**
	 * The size after a write that changed one partner in place, from the size before and that partner's
	 * size before and after: a bulk run of writes must not re-serialize the whole policy each time.
	 */
	sizeAfterWrite(owner: string, before: number, partnerBefore: number, partnerAfter: number): number {
		const key = owner.toLowerCase();
		const size = this.sizes.has(key) ? before - partnerBefore + partnerAfter : this.sizeInBytes(owner);
		this.sizes.set(key, size);
		return size;
	}

	dump(owner: string): PartnerStateDump {
		return { partners: this.list(owner).map(dumpPartner) };
	}

	private partnersOf(owner: string): Map<string, Partner> {
		const key = owner.toLowerCase();
		let partners = this.owners.get(key);
		if (!partners) {
			partners = new Map();
			this.owners.set(key, partners);
		}
		return partners;
	}
}

function dumpPartner(partner: Partner): Record<string, unknown> {
	const out: Record<string, unknown> = partnerResource(partner);
	if (partner.identitySynchronization) out.identitySynchronization = syncPolicyDump(partner, partner.identitySynchronization);
	return structuredClone(out);
}

export function partnerResource(partner: Partner): Record<string, unknown> {
	const resource: Record<string, unknown> = { tenantId: partner.tenantId };
	for (const name of PARTNER_PROPERTIES) resource[name] = partner.properties[name] ?? null;
	return { ...resource, ...partner.properties, tenantId: partner.tenantId };
}

/** The sync policy as GET on `version` returns it: beta adds its own properties (null when never set). */
export function syncPolicyResource(partner: Partner, version: GraphVersion = 'v1.0'): Record<string, unknown> {
	const policy = partner.identitySynchronization;
	const resource: Record<string, unknown> = {
		tenantId: partner.tenantId,
		displayName: policy?.displayName ?? null,
		userSyncInbound: policy?.userSyncInbound ?? null,
	};
	if (version === 'beta') for (const name of BETA_SYNC_PROPERTIES) resource[name] = policy?.[name] ?? null;
	return resource;
}

/** state() shows beta properties only once they were set, so v1.0-only users see the v1.0 shape. */
function syncPolicyDump(partner: Partner, policy: SyncPolicy): Record<string, unknown> {
	const out = syncPolicyResource(partner);
	for (const name of BETA_SYNC_PROPERTIES) if (policy[name] !== undefined) out[name] = policy[name];
	return out;
}
