import { DOMAIN_REGEX, TENANT_GUID_REGEX } from '../descriptions/partnerTenantId';
import { tenantByDomainPath } from '../transport/graphPaths';
import type { ParameterReader } from './parameters';
import { describe } from './parameters';
import type { ItemPlan, PlanStep, StepOutcome } from '../plan';
import { withoutODataAnnotations } from '../plan';

const TENANT_GUID = new RegExp(TENANT_GUID_REGEX);
const DOMAIN = new RegExp(DOMAIN_REGEX);

export type PartnerRef = { tenantId: string } | { domain: string };

/**
 * Reads and validates the partner for one item; the editor's regex is not enough because expressions bypass it.
 * Only text is taken: a list or an object from an expression is refused, never turned into text (a one-element
 * list would pass as its element, an object as "[object Object]").
 */
export function readPartnerRef(params: ParameterReader, parameter = 'partnerTenantId'): PartnerRef {
	const given = params.raw(parameter);
	// The editor hands over a resource locator ({__rl, mode, value}); an expression for the whole field, its result.
	const locator = isLocator(given) ? given : { mode: 'id', value: given };
	const byDomain = locator.mode === 'domain';
	const wanted = byDomain ? 'a domain name' : 'a tenant ID GUID';
	const expected = byDomain ? 'a verified domain such as fabrikam.com' : "the partner's Directory (tenant) ID, e.g. 90e29127-71ad-49c7-9ce8-db3f41ea06f1";
	const raw = locator.value;
	if (raw !== undefined && raw !== null && typeof raw !== 'string') throw invalidPartner(params, `${describe(raw)} is not ${wanted} (it must be text)`, expected);
	const value = (raw ?? '').trim();
	if (byDomain ? DOMAIN.test(value) : TENANT_GUID.test(value)) return byDomain ? { domain: value.toLowerCase() } : { tenantId: value };
	throw invalidPartner(params, `"${value.slice(0, 100)}" is not ${wanted}`, expected);
}

function isLocator(value: unknown): value is { mode?: unknown; value?: unknown } {
	return value !== null && typeof value === 'object' && !Array.isArray(value) && ('__rl' in value || 'mode' in value);
}

function invalidPartner(params: ParameterReader, problem: string, expected: string) {
	const error = params.invalid('partnerTenantId', `Invalid Partner Tenant in item ${params.itemIndex}: ${problem}`);
	error.description = `Field "partnerTenantId" must be ${expected}. Nothing was sent to Graph for this item.`;
	return error;
}

/** How a plan names its partner: as the user gave it (for messages) and, when already known, the tenant ID. */
export function planPartner(ref: PartnerRef): Pick<ItemPlan, 'subject' | 'subjectField' | 'subjectId'> {
	return 'tenantId' in ref
		? { subject: ref.tenantId, subjectField: 'partnerTenantId', subjectId: ref.tenantId }
		: { subject: ref.domain, subjectField: 'partnerTenantId' };
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
