import { isGuid } from './guid';
import type { AppCertificate } from './tls';
import type { EmulatorSeed, RegisteredApp, SeedTenant } from './types';

export type TenantLookup =
	| { kind: 'found'; tenant: SeedTenant }
	| { kind: 'not-found' }
	/** common / organizations / consumers: valid authorities that name no tenant. */
	| { kind: 'multi-tenant'; alias: string }
	| { kind: 'malformed' };

const MULTI_TENANT_ALIASES = ['common', 'organizations', 'consumers'];
const DOMAIN_NAME = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,}$/i;

export function isDomainName(value: string): boolean {
	return DOMAIN_NAME.test(value);
}

/** Tenants and app registrations (with their generated certificates) known to the emulated Entra. */
export class Directory {
	constructor(
		private readonly seed: EmulatorSeed,
		private readonly certificates: ReadonlyMap<string, AppCertificate>,
	) {}

	lookupTenant(idOrDomain: string): TenantLookup {
		const wanted = idOrDomain.toLowerCase();
		if (MULTI_TENANT_ALIASES.includes(wanted)) return { kind: 'multi-tenant', alias: wanted };
		if (!isGuid(wanted) && !DOMAIN_NAME.test(wanted)) return { kind: 'malformed' };
		const tenant = this.seed.tenants.find(
			(t) => t.tenantId.toLowerCase() === wanted || (t.domains ?? []).some((d) => d.toLowerCase() === wanted),
		);
		return tenant ? { kind: 'found', tenant } : { kind: 'not-found' };
	}

	/** Case-insensitive match on the seed tenants' domains. */
	tenantByDomain(domain: string): SeedTenant | undefined {
		const wanted = domain.toLowerCase();
		return this.seed.tenants.find((t) => (t.domains ?? []).some((d) => d.toLowerCase() === wanted));
	}

	firstTenantId(): string | undefined {
		return this.seed.tenants[0]?.tenantId;
	}

	app(tenantId: string, clientId: string): RegisteredApp | undefined {
		return this.seed.apps.find(
			(a) => a.tenantId.toLowerCase() === tenantId.toLowerCase() && a.clientId.toLowerCase() === clientId.toLowerCase(),
		);
	}

	certificate(clientId: string): AppCertificate | undefined {
		return this.certificates.get(clientId.toLowerCase());
	}
}
