import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { PlanStep, StepOutcome } from '../actions/plan';
import { withoutODataAnnotations } from '../actions/plan';

export const TENANT_GUID_REGEX = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
const TENANT_GUID = new RegExp(TENANT_GUID_REGEX);
const DOMAIN_REGEX = '^(?=.{4,253}$)([a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\\.)+[a-zA-Z]{2,63}$';
const DOMAIN = new RegExp(DOMAIN_REGEX);

export const partnerTenantIdProperty: INodeProperties = {
	displayName: 'Partner Tenant',
	name: 'partnerTenantId',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'The partner organization whose settings to manage',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			placeholder: 'Select a partner…',
			typeOptions: { searchListMethod: 'searchPartners', searchable: true },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: '90e29127-71ad-49c7-9ce8-db3f41ea06f1',
			hint: "The partner's Directory (tenant) ID",
			validation: [
				{
					type: 'regex',
					properties: { regex: TENANT_GUID_REGEX, errorMessage: 'Enter a tenant ID GUID' },
				},
			],
		},
		{
			displayName: 'By Domain',
			name: 'domain',
			type: 'string',
			placeholder: 'contoso.com',
			hint: 'A verified domain of the partner organization; resolved to its tenant ID',
			validation: [
				{
					type: 'regex',
					properties: { regex: DOMAIN_REGEX, errorMessage: 'Enter a domain such as contoso.com' },
				},
			],
		},
	],
};

/** For a partner that does not exist yet: the list of existing partners has nothing to offer. */
export const newPartnerTenantIdProperty: INodeProperties = {
	...partnerTenantIdProperty,
	default: { mode: 'id', value: '' },
	description: 'The organization to add as a partner',
	modes: partnerTenantIdProperty.modes?.filter((mode) => mode.name !== 'list'),
};

export type PartnerRef = { tenantId: string } | { domain: string };

/** Reads and validates the partner for one item; the UI regex is not enough because expressions bypass it. */
export function readPartnerRef(ctx: IExecuteFunctions, itemIndex: number, parameter = 'partnerTenantId'): PartnerRef {
	const locator = ctx.getNodeParameter(parameter, itemIndex, {}) as { mode?: string; value?: unknown } | string;
	const mode = typeof locator === 'object' ? locator.mode : 'id';
	const raw = typeof locator === 'object' ? locator.value : locator;
	const value = typeof raw === 'string' ? raw.trim() : String(raw ?? '');
	if (mode === 'domain') {
		if (DOMAIN.test(value)) return { domain: value.toLowerCase() };
		throw invalidPartner(ctx, itemIndex, `"${value.slice(0, 100)}" is not a domain name`, 'a verified domain such as fabrikam.com');
	}
	if (TENANT_GUID.test(value)) return { tenantId: value };
	throw invalidPartner(ctx, itemIndex, `"${value.slice(0, 100)}" is not a tenant ID GUID`, "the partner's Directory (tenant) ID, e.g. 90e29127-71ad-49c7-9ce8-db3f41ea06f1");
}

function invalidPartner(ctx: IExecuteFunctions, itemIndex: number, problem: string, expected: string): NodeOperationError {
	return new NodeOperationError(ctx.getNode(), `Invalid Partner Tenant in item ${itemIndex}: ${problem}`, {
		itemIndex,
		description: `Field "partnerTenantId" must be ${expected}. Nothing was sent to Graph for this item.`,
	});
}

/** How a plan names its partner: as the user gave it (for messages) and, when already known, the tenant ID. */
export function planPartner(ref: PartnerRef): { partner: string; partnerTenantId?: string } {
	return 'tenantId' in ref ? { partner: ref.tenantId, partnerTenantId: ref.tenantId } : { partner: ref.domain };
}

/**
 * Starts a plan for a partner: directly for a tenant ID; for a domain, first asks Graph which tenant owns it
 * (findTenantInformationByDomainName) and continues with the resolved ID.
 */
export function forPartner(ref: PartnerRef, continueWith: (tenantId: string) => StepOutcome): StepOutcome {
	if ('tenantId' in ref) return continueWith(ref.tenantId);
	const lookup: PlanStep = {
		call: {
			method: 'GET',
			path: `/tenantRelationships/findTenantInformationByDomainName(domainName='${encodeURIComponent(ref.domain)}')`,
		},
		onSuccess: (reply) => {
			const tenantId = withoutODataAnnotations(reply.body).tenantId;
			if (typeof tenantId !== 'string' || !TENANT_GUID.test(tenantId)) {
				throw new Error(`Graph returned no tenant ID for the domain ${ref.domain}`);
			}
			return continueWith(tenantId);
		},
	};
	return { next: lookup };
}

export const PARTNERS_PATH = '/policies/crossTenantAccessPolicy/partners';

export function partnerPath(partnerTenantId: string): string {
	return `${PARTNERS_PATH}/${partnerTenantId}`;
}

export function syncPolicyPath(partnerTenantId: string): string {
	return `${partnerPath(partnerTenantId)}/identitySynchronization`;
}
