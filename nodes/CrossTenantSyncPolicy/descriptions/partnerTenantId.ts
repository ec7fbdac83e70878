import type { INodeProperties } from 'n8n-workflow';

export const TENANT_GUID_REGEX = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
export const DOMAIN_REGEX = '^(?=.{4,253}$)([a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\\.)+[a-zA-Z]{2,63}$';

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
