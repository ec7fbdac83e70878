import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { optionsCollection } from '../../descriptions/requestOptions';
import { returnAllLimitFields } from '../../descriptions/returnAllLimit';
import { configurationsPath } from '../../transport/graphPaths';
import { pagedList, readLimit } from '../pagedList';
import { ParameterReader } from '../parameters';
import type { ItemPlan } from '../../plan';
import { configurationOf } from './configurationRef';
import { jobSummary, withJobs } from './syncJob';

const properties: INodeProperties[] = [...returnAllLimitFields, optionsCollection()];

export const description = updateDisplayOptions({ show: { resource: ['syncConfiguration'], operation: ['getAll'] } }, properties);


export function plan(ctx: IExecuteFunctions, itemIndex: number): ItemPlan {
	const limit = readLimit(new ParameterReader(ctx, itemIndex));
	const list = { method: 'GET' as const, path: `${configurationsPath()}&$select=id,displayName,appId`, list: true };
	return {
		itemIndex,
		operation: 'getAll',
		subject: 'all configurations',
		start: { next: pagedList('Sync Configuration → Get Many', list, limit, configurationOf, (found) => withJobs(found, (configurations) => ({ output: configurations.map(({ configuration, job }) => ({ ...configuration, ...jobSummary(job) })) }))) },
	};
}
