import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

export const TENANT_GUID_REGEX = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
const TENANT_GUID = new RegExp(TENANT_GUID_REGEX);

export const partnerTenantIdProperty: INodeProperties = {
	displayName: 'Partner Tenant',
	name: 'partnerTenantId',
	type: 'resourceLocator',
	default: { mode: 'id', value: '' },
	required: true,
	description: 'The partner organization whose settings to manage',
	modes: [
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
	],
};

/** Reads and validates the partner tenant for one item; the UI regex is not enough because expressions bypass it. */
export function readPartnerTenantId(ctx: IExecuteFunctions, itemIndex: number): string {
	const raw = ctx.getNodeParameter('partnerTenantId', itemIndex, '', { extractValue: true }) as unknown;
	const value = typeof raw === 'string' ? raw.trim() : String(raw ?? '');
	if (!TENANT_GUID.test(value)) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Invalid Partner Tenant in item ${itemIndex}: "${value.slice(0, 100)}" is not a tenant ID GUID`,
			{
				itemIndex,
				description:
					'Field "partnerTenantId" must be the partner\'s Directory (tenant) ID, e.g. 90e29127-71ad-49c7-9ce8-db3f41ea06f1. Nothing was sent to Graph for this item.',
			},
		);
	}
	return value;
}

export function syncPolicyPath(partnerTenantId: string): string {
	return `/policies/crossTenantAccessPolicy/partners/${partnerTenantId}/identitySynchronization`;
}
