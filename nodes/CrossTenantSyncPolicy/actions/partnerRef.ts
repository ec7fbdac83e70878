import { DOMAIN_REGEX, TENANT_GUID_REGEX } from '../descriptions/partnerTenantId';
import { tenantByDomainPath } from '../transport/graphPaths';
import { readLocator } from './locator';
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
export function readPartnerRef(params: ParameterReader): PartnerRef {
	const refuse = (described: string, mode: string) =>
		invalidTenant(params, 'partnerTenantId', 'Partner Tenant', `${described} is not ${mode === 'domain' ? 'a domain name' : 'a tenant ID GUID'} (it must be text)`, mode === 'domain');
	const { mode, value } = readLocator(params, 'partnerTenantId', refuse, 'id');
	if (mode === 'domain') {
		if (DOMAIN.test(value)) return { domain: value.toLowerCase() };
		throw invalidTenant(params, 'partnerTenantId', 'Partner Tenant', `"${value.slice(0, 100)}" is not a domain name`, true);
	}
	if (TENANT_GUID.test(value)) return { tenantId: value };
	throw invalidTenant(params, 'partnerTenantId', 'Partner Tenant', `"${value.slice(0, 100)}" is not a tenant ID GUID`, false);
}

/** A tenant given as text in a plain field: its ID GUID, or a verified domain (resolved like a partner's). */
export function readTenantRef(params: ParameterReader, parameter: string, label: string): PartnerRef {
	const given = params.raw(parameter);
	if (given !== undefined && given !== null && typeof given !== 'string') {
		throw invalidTenant(params, parameter, label, `${describe(given)} is not a tenant ID GUID or a domain name (it must be text)`, false);
	}
	const value = (given ?? '').trim();
	if (TENANT_GUID.test(value)) return { tenantId: value };
	if (DOMAIN.test(value)) return { domain: value.toLowerCase() };
	throw invalidTenant(params, parameter, label, `"${value.slice(0, 100)}" is not a tenant ID GUID or a domain name`, false);
}

function invalidTenant(params: ParameterReader, parameter: string, label: string, problem: string, byDomain: boolean) {
	const error = params.invalid(parameter, `Invalid ${label} in item ${params.itemIndex}: ${problem}`);
	const expected = byDomain ? 'a verified domain such as fabrikam.com' : "the tenant's Directory (tenant) ID, e.g. 90e29127-71ad-49c7-9ce8-db3f41ea06f1";
	error.description = `Field "${parameter}" must be ${expected}. Nothing was sent to Graph for this item.`;
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
	return forTenant(ref, continueWith, true);
}

/**
 * Continues with a tenant's ID; for a domain, after asking Graph which tenant owns it. `isSubject`: the tenant is what
 * the item works on (its ID then orders the item), not just a value it needs (a configuration's target).
 */
export function forTenant(ref: PartnerRef, continueWith: (tenantId: string) => StepOutcome, isSubject = false): StepOutcome {
	if ('tenantId' in ref) return continueWith(ref.tenantId);
	const lookup: PlanStep = {
		call: { method: 'GET', path: tenantByDomainPath(ref.domain) },
		onSuccess: (reply) => {
			const tenantId = withoutODataAnnotations(reply.body).tenantId;
			if (typeof tenantId !== 'string' || !TENANT_GUID.test(tenantId)) {
				throw new Error(`Graph returned no tenant ID for the domain ${ref.domain}`);
			}
			return isSubject ? { resolved: tenantId, then: continueWith(tenantId) } : continueWith(tenantId);
		},
	};
	return { next: lookup };
}
