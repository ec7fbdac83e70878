import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { PARTNERS_PATH } from '../../descriptions/partnerTenantId';
import { maxRetriesOption } from '../../descriptions/requestOptions';
import type { GraphCall, ItemPlan, PlanStep } from '../plan';
import { withoutODataAnnotations } from '../plan';
import { invalidField } from '../syncPolicy/fields';

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
			maxRetriesOption,
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['partner'], operation: ['getAll'] } }, properties);

/** Graph's page size for partners; a smaller limit is asked for directly. */
const PAGE_SIZE = 100;

export function plan(ctx: IExecuteFunctions, itemIndex: number): ItemPlan {
	const returnAll = ctx.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limit = returnAll ? Infinity : (ctx.getNodeParameter('limit', itemIndex, 50) as number);
	if (!(limit >= 1)) throw invalidField(ctx, itemIndex, 'limit', 'Limit must be 1 or more');
	const { expandIdentitySynchronization } = ctx.getNodeParameter('options', itemIndex, {}) as { expandIdentitySynchronization?: boolean };
	const query = `$top=${Math.min(limit, PAGE_SIZE)}${expandIdentitySynchronization ? '&$expand=identitySynchronization' : ''}`;

	const collected: IDataObject[] = [];
	const page = (call: GraphCall): PlanStep => ({
		call,
		onSuccess: (reply) => {
			const body = (reply.body ?? {}) as { value?: unknown; '@odata.nextLink'?: unknown };
			const partners = Array.isArray(body.value) ? body.value : [];
			for (const partner of partners) {
				if (collected.length >= limit) break;
				// Partners nobody in this tenant created may lack fields; output what Graph has, as it has it.
				collected.push(withoutODataAnnotations(partner));
			}
			const nextLink = body['@odata.nextLink'];
			if (collected.length < limit && typeof nextLink === 'string') {
				return { next: page({ method: 'GET', path: '', absoluteUrl: nextLink }) };
			}
			return { output: collected };
		},
	});
	return {
		itemIndex,
		operation: 'getAll',
		partner: 'all partners',
		start: { next: page({ method: 'GET', path: `${PARTNERS_PATH}?${query}` }) },
	};
}
