import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as partner from './actions/partner';
import * as syncConfiguration from './actions/syncConfiguration';
import * as syncPolicy from './actions/syncPolicy';
import { microsoftEntraAppOnlyApiTest } from './methods/credentialTest';
import { searchConfigurations, searchPartners } from './methods/listSearch';
import { router } from './router';

export class CrossTenantSyncPolicy implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Cross-Tenant Sync Policy',
		name: 'crossTenantSyncPolicy',
		icon: { light: 'file:crossTenantSyncPolicy.svg', dark: 'file:crossTenantSyncPolicy.dark.svg' },
		group: ['transform'],
		version: 1,
		// What a person reads under the node's name: "Update sync policy", "Get many partners" (a stored value the
		// tables do not know shows as it is).
		subtitle:
			'={{ $parameter["resource"] === "__CUSTOM_API_CALL__" || $parameter["operation"] === "__CUSTOM_API_CALL__" ? "Custom API call" : ({"assign":"Assign to","create":"Create","delete":"Delete","get":"Get","getAll":"Get many","pause":"Pause","provisionOnDemand":"Provision on demand with","restart":"Restart","start":"Start","unassign":"Unassign from","update":"Update"}[$parameter["operation"]] || $parameter["operation"]) + " " + ((($parameter["operation"] === "getAll") ? {"partner":"partners","syncConfiguration":"sync configurations","syncPolicy":"sync policies"} : {"partner":"partner","syncConfiguration":"sync configuration","syncPolicy":"sync policy"})[$parameter["resource"]] || $parameter["resource"]) }}',
		description: 'Manage Microsoft Entra cross-tenant identity synchronization policy with Microsoft Graph',
		defaults: { name: 'Cross-Tenant Sync Policy' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'microsoftEntraAppOnlyApi', required: true, testedBy: 'microsoftEntraAppOnlyApiTest' }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Partner',
						value: 'partner',
						description: 'A partner organization in cross-tenant access settings',
					},
					{
						name: 'Sync Configuration',
						value: 'syncConfiguration',
						description: "The source tenant's cross-tenant synchronization configuration and its provisioning job",
					},
					{
						name: 'Sync Policy',
						value: 'syncPolicy',
						description: "A partner's cross-tenant identity synchronization policy",
					},
				],
				default: 'syncPolicy',
			},
			...syncPolicy.description,
			...partner.description,
			...syncConfiguration.description,
		],
	};

	methods = {
		credentialTest: { microsoftEntraAppOnlyApiTest },
		listSearch: { searchConfigurations, searchPartners },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
