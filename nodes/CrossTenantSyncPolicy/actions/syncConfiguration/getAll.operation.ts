import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { requestOnlyOptions } from '../../descriptions/requestOptions';
import { returnAllLimitFields } from '../../descriptions/returnAllLimit';
import { configurationsPath } from '../../transport/graphPaths';
import { pagedList, readLimit } from '../pagedList';
import { ParameterReader } from '../parameters';
import type { ItemPlan, StepOutcome } from '../../plan';
import { configurationOf } from './configurationRef';
import { jobSummary, withJob } from './syncJob';

const properties: INodeProperties[] = [...returnAllLimitFields, requestOnlyOptions];

export const description = updateDisplayOptions({ show: { resource: ['syncConfiguration'], operation: ['getAll'] } }, properties);

/** Each configuration's job, read one after another (Graph lists no jobs across service principals). */
function withJobs(configurations: IDataObject[], index = 0): StepOutcome {
	if (index >= configurations.length) return { output: configurations };
	const configuration = configurations[index];
	return {
		next: withJob(String(configuration.configurationId), (job) => {
			configurations[index] = { ...configuration, ...jobSummary(job) };
			return withJobs(configurations, index + 1);
		}),
	};
}

export function plan(ctx: IExecuteFunctions, itemIndex: number): ItemPlan {
	const limit = readLimit(new ParameterReader(ctx, itemIndex));
	const list = { method: 'GET' as const, path: `${configurationsPath()}&$select=id,displayName,appId`, list: true };
	return {
		itemIndex,
		operation: 'getAll',
		subject: 'all configurations',
		start: { next: pagedList('Sync Configuration → Get Many', list, limit, configurationOf, (found) => withJobs(found)) },
	};
}
