import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { optionsCollection } from '../../descriptions/requestOptions';
import { returnAllLimitFields } from '../../descriptions/returnAllLimit';
import { PARTNERS_PATH } from '../../transport/graphPaths';
import { pagedList, readLimit } from '../pagedList';
import { ParameterReader } from '../parameters';
import type { ItemPlan } from '../../plan';
import { withoutODataAnnotations } from '../../plan';

const properties: INodeProperties[] = [
	...returnAllLimitFields,
	optionsCollection([
		{
			displayName: 'Include Sync Policy',
			name: 'expandIdentitySynchronization',
			type: 'boolean',
			default: false,
			description: "Whether to include each partner's identity synchronization policy ($expand=identitySynchronization)",
		},
	]),
];

export const description = updateDisplayOptions({ show: { resource: ['partner'], operation: ['getAll'] } }, properties);

/** Graph's page size for partners; a smaller limit is asked for directly. */
const PAGE_SIZE = 100;

export function plan(ctx: IExecuteFunctions, itemIndex: number): ItemPlan {
	const params = new ParameterReader(ctx, itemIndex);
	const limit = readLimit(params);
	const expand = params.boolean('options.expandIdentitySynchronization', 'Include Sync Policy', false);
	const query = `$top=${Math.min(limit, PAGE_SIZE)}${expand ? '&$expand=identitySynchronization' : ''}`;
	return {
		itemIndex,
		operation: 'getAll',
		subject: 'all partners',
		// Partners nobody in this tenant created may lack fields: output what Graph has, as it has it.
		start: { next: pagedList('Partner → Get Many', { method: 'GET', path: `${PARTNERS_PATH}?${query}`, list: true }, limit, withoutODataAnnotations) },
	};
}
