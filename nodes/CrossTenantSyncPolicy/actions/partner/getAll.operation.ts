import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { requestOptions } from '../../descriptions/requestOptions';
import { PARTNERS_PATH } from '../../transport/graphPaths';
import { ParameterReader } from '../parameters';
import type { GraphCall, ItemPlan, PlanStep } from '../../plan';
import { withoutODataAnnotations } from '../../plan';

const properties: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Include Sync Policy',
				name: 'expandIdentitySynchronization',
				type: 'boolean',
				default: false,
				description: "Whether to include each partner's identity synchronization policy ($expand=identitySynchronization)",
			},
			...requestOptions,
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['partner'], operation: ['getAll'] } }, properties);

/** Graph's page size for partners; a smaller limit is asked for directly. */
const PAGE_SIZE = 100;

export function plan(ctx: IExecuteFunctions, itemIndex: number): ItemPlan {
	const params = new ParameterReader(ctx, itemIndex);
	const returnAll = params.boolean('returnAll', 'Return All', false);
	const limit = returnAll ? Infinity : params.integer('limit', 'Limit', { min: 1, max: 1_000_000 }, 50);
	const expand = params.boolean('options.expandIdentitySynchronization', 'Include Sync Policy', false);
	const query = `$top=${Math.min(limit, PAGE_SIZE)}${expand ? '&$expand=identitySynchronization' : ''}`;

	const collected: IDataObject[] = [];
	const linksFollowed = new Set<string>();
	const page = (call: GraphCall): PlanStep => ({
		call,
		onSuccess: (reply) => {
			const body = reply.body as { value: unknown[]; '@odata.nextLink'?: unknown };
			for (const partner of body.value) {
				if (collected.length >= limit) break;
				// Partners nobody in this tenant created may lack fields; output what Graph has, as it has it.
				collected.push(withoutODataAnnotations(partner));
			}
			const nextLink = body['@odata.nextLink'];
			if (collected.length >= limit || typeof nextLink !== 'string') return { output: collected };
			if (linksFollowed.has(nextLink)) throw new Error(`Graph handed out the same page link twice (${linksFollowed.size} pages read); stopped instead of reading forever`);
			linksFollowed.add(nextLink);
			return { next: page({ method: 'GET', path: '', absoluteUrl: nextLink, list: true }) };
		},
	});
	return {
		itemIndex,
		operation: 'getAll',
		partner: 'all partners',
		perPartner: false,
		start: { next: page({ method: 'GET', path: `${PARTNERS_PATH}?${query}`, list: true }) },
	};
}
