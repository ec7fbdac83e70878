import type { INodeProperties } from 'n8n-workflow';

import { TENANT_GUID_REGEX } from './partnerTenantId';

/** The sync configuration an operation works on: the service principal of its gallery app. */
export const configurationIdProperty: INodeProperties = {
	displayName: 'Configuration',
	name: 'configurationId',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: "The source tenant's cross-tenant synchronization configuration",
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			placeholder: 'Select a configuration…',
			typeOptions: { searchListMethod: 'searchConfigurations', searchable: true },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: '4b3f2d60-3e4f-4061-acbd-2e3f4a5b6c7d',
			hint: "The configuration's service principal object ID (Enterprise applications → the app → Object ID)",
			validation: [{ type: 'regex', properties: { regex: TENANT_GUID_REGEX, errorMessage: 'Enter an object ID GUID' } }],
		},
		{
			displayName: 'By Name',
			name: 'name',
			type: 'string',
			placeholder: 'Fabrikam',
			hint: "The configuration's exact display name",
		},
	],
};
