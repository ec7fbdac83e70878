import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { configurationIdProperty } from '../../descriptions/configurationId';
import { optionsCollection } from '../../descriptions/requestOptions';
import { servicePrincipalPath } from '../../transport/graphPaths';
import { deletedOutput } from '../outputs';
import { ParameterReader } from '../parameters';
import type { ItemPlan } from '../../plan';
import { withoutODataAnnotations } from '../../plan';
import { configurationOf, forConfiguration, planConfiguration, readConfigurationRef } from './configurationRef';

const properties: INodeProperties[] = [
	{
		displayName:
			"This deletes the configuration's application, and with it its service principal, provisioning job, secrets and assignments: synchronization from this tenant to the target stops. Users already synchronized stay in the target tenant. Entra keeps a deleted application restorable for 30 days (Entra admin center → App registrations → Deleted applications).",
		name: 'configurationDeleteNotice',
		type: 'notice',
		default: '',
	},
	configurationIdProperty,
	optionsCollection(),
];

export const description = updateDisplayOptions({ show: { resource: ['syncConfiguration'], operation: ['delete'] } }, properties);

/** The application is addressed by its appId (Graph's alternate key): no second lookup of its object ID. */
export function plan(ctx: IExecuteFunctions, itemIndex: number): ItemPlan {
	const configuration = readConfigurationRef(new ParameterReader(ctx, itemIndex));
	return {
		itemIndex,
		operation: 'delete',
		...planConfiguration(configuration),
		start: forConfiguration(configuration, (configurationId) => ({
			next: {
				call: { method: 'GET', path: `${servicePrincipalPath(configurationId)}?$select=id,displayName,appId` },
				onSuccess: (sp) => {
					const found = configurationOf(sp.body);
					const appId = String(withoutODataAnnotations(sp.body).appId ?? '');
					return {
						next: {
							call: { method: 'DELETE', path: `/applications(appId='${encodeURIComponent(appId)}')` },
							onSuccess: (reply) => ({ output: deletedOutput({ configurationId }, reply, { displayName: found.displayName, appId, action: 'deleted' }) }),
						},
					};
				},
			},
		})),
	};
}
