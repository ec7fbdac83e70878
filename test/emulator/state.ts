import type { EmulatorSeed, PartnerStateDump, SeedPartner } from './types';

export interface SyncPolicy {
	displayName: string | null;
	userSyncInbound: { isSyncAllowed: boolean } | null;
}

export interface Partner {
	tenantId: string;
	/** Every other property as Graph would return it, including ones the emulator does not know. */
	properties: Record<string, unknown>;
	identitySynchronization?: SyncPolicy;
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
		partner.identitySynchronization = {
			displayName: identitySynchronization.displayName ?? null,
			userSyncInbound: identitySynchronization.userSyncInbound ?? null,
		};
	}
	return partner;
}

/** In-memory cross-tenant access policy partners, per owner tenant. Graph semantics live in the routes. */
export class PolicyStore {
	private owners = new Map<string, Map<string, Partner>>();

	constructor(seed: EmulatorSeed) {
		this.load(seed);
	}

	load(seed: EmulatorSeed): void {
		this.owners.clear();
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
	}

	remove(owner: string, partnerTenantId: string): boolean {
		return this.partnersOf(owner).delete(partnerTenantId.toLowerCase());
	}

	dump(owner: string): PartnerStateDump {
		return {
			partners: this.list(owner).map((partner) => {
				const out: Record<string, unknown> = partnerResource(partner);
				if (partner.identitySynchronization) out.identitySynchronization = syncPolicyResource(partner);
				return structuredClone(out);
			}),
		};
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

export function partnerResource(partner: Partner): Record<string, unknown> {
	const resource: Record<string, unknown> = { tenantId: partner.tenantId };
	for (const name of PARTNER_PROPERTIES) resource[name] = partner.properties[name] ?? null;
	return { ...resource, ...partner.properties, tenantId: partner.tenantId };
}

export function syncPolicyResource(partner: Partner): Record<string, unknown> {
	const policy = partner.identitySynchronization;
	return {
		tenantId: partner.tenantId,
		displayName: policy?.displayName ?? null,
		userSyncInbound: policy?.userSyncInbound ?? null,
	};
}
