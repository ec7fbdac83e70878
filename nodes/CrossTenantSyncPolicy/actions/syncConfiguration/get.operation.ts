import type { IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { configurationIdProperty } from '../../descriptions/configurationId';
import { optionsCollection } from '../../descriptions/requestOptions';
import { servicePrincipalPath } from '../../transport/graphPaths';
import { ParameterReader } from '../parameters';
import type { ItemPlan } from '../../plan';
import { configurationOf, forConfiguration, planConfiguration, readConfigurationRef } from './configurationRef';
import { jobSummary, withJob } from './syncJob';

export const description = updateDisplayOptions({ show: { resource: ['syncConfiguration'], operation: ['get'] } }, [configurationIdProperty, optionsCollection()]);

export function plan(ctx: IExecuteFunctions, itemIndex: number): ItemPlan {
	const configuration = readConfigurationRef(new ParameterReader(ctx, itemIndex));
	return {
		itemIndex,
		operation: 'get',
		...planConfiguration(configuration),
		start: forConfiguration(configuration, (configurationId) => ({
			next: {
				call: { method: 'GET', path: `${servicePrincipalPath(configurationId)}?$select=id,displayName,appId` },
				onSuccess: (sp) => ({ next: withJob(configurationId, (job) => ({ output: { ...configurationOf(sp.body), ...jobSummary(job) } })) }),
			},
		})),
	};
}
