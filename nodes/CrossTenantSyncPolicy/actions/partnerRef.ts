import { DOMAIN_REGEX, TENANT_GUID_REGEX } from '../descriptions/partnerTenantId';
import { tenantByDomainPath } from '../transport/graphPaths';
import type { ParameterReader } from './parameters';
import type { PlanStep, StepOutcome } from '../plan';
import { withoutODataAnnotations } from '../plan';

const TENANT_GUID = new RegExp(TENANT_GUID_REGEX);
const DOMAIN = new RegExp(DOMAIN_REGEX);

export type PartnerRef = { tenantId: string } | { domain: string };

/** Reads and validates the partner for one item; the editor's regex is not enough because expressions bypass it. */
export function readPartnerRef(params: ParameterReader, parameter = 'partnerTenantId'): PartnerRef {
	const locator = params.raw(parameter) as { mode?: unknown; value?: unknown } | string | undefined;
	const mode = locator !== null && typeof locator === 'object' ? locator.mode : 'id';
	const raw = locator !== null && typeof locator === 'object' ? locator.value : locator;
	const value = typeof raw === 'string' ? raw.trim() : String(raw ?? '');
	if (mode === 'domain') {
		if (DOMAIN.test(value)) return { domain: value.toLowerCase() };
		throw invalidPartner(params, `"${value.slice(0, 100)}" is not a domain name`, 'a verified domain such as fabrikam.com');
	}
	if (TENANT_GUID.test(value)) return { tenantId: value };
	throw invalidPartner(params, `"${value.slice(0, 100)}" is not a tenant ID GUID`, "the partner's Directory (tenant) ID, e.g. 90e29127-71ad-49c7-9ce8-db3f41ea06f1");
}

function invalidPartner(params: ParameterReader, problem: string, expected: string) {
	const error = params.invalid('partnerTenantId', `Invalid Partner Tenant in item ${params.itemIndex}: ${problem}`);
	error.description = `Field "partnerTenantId" must be ${expected}. Nothing was sent to Graph for this item.`;
	return error;
}

/** How a plan names its partner: as the user gave it (for messages) and, when already known, the tenant ID. */
export function planPartner(ref: PartnerRef): { partner: string; partnerTenantId?: string; perPartner: true } {
	return 'tenantId' in ref ? { partner: ref.tenantId, partnerTenantId: ref.tenantId, perPartner: true } : { partner: ref.domain, perPartner: true };
}

/**
 * Starts a plan for a partner: directly for a tenant ID; for a domain, first asks Graph which tenant owns it
 * (findTenantInformationByDomainName) and continues with the resolved ID.
 */
export function forPartner(ref: PartnerRef, continueWith: (tenantId: string) => StepOutcome): StepOutcome {
	if ('tenantId' in ref) return continueWith(ref.tenantId);
	const lookup: PlanStep = {
		call: { method: 'GET', path: tenantByDomainPath(ref.domain) },
		onSuccess: (reply) => {
			const tenantId = withoutODataAnnotations(reply.body).tenantId;
			if (typeof tenantId !== 'string' || !TENANT_GUID.test(tenantId)) {
				throw new Error(`Graph returned no tenant ID for the domain ${ref.domain}`);
			}
			return { resolved: tenantId, then: continueWith(tenantId) };
		},
	};
	return { next: lookup };
}
