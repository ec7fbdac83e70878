import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { DEFAULT_MAX_RETRIES } from '../executor/retryPolicy';

export const maxRetriesOption: INodeProperties = {
	displayName: 'Max Retries',
	name: 'maxRetries',
	type: 'number',
	typeOptions: { minValue: 0, maxValue: 10 },
	default: DEFAULT_MAX_RETRIES,
	description:
		'How often to retry a request Graph throttled (429) or could not serve (503, 504, lost connection), honouring Retry-After',
};

/** For operations whose only option is Max Retries. */
export const retryOnlyOptions: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [maxRetriesOption],
};

/** One retry budget for the whole execution (requests of many items travel together in batches). */
export function readMaxRetries(ctx: IExecuteFunctions): number {
	const value = ctx.getNodeParameter('options.maxRetries', 0, DEFAULT_MAX_RETRIES) as unknown;
	if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 10) {
		throw new NodeOperationError(ctx.getNode(), `Max Retries must be a whole number from 0 to 10 (item 0, field "maxRetries")`, {
			itemIndex: 0,
		});
	}
	return value;
}
