import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS } from '../plan';

const maxRetriesOption: INodeProperties = {
	displayName: 'Max Retries',
	name: 'maxRetries',
	type: 'number',
	typeOptions: { minValue: 0, maxValue: 10 },
	default: DEFAULT_MAX_RETRIES,
	description:
		'How often to retry a request Graph throttled (429) or could not serve (503, 504, lost connection, timeout), honouring Retry-After',
};

const timeoutOption: INodeProperties = {
	displayName: 'Timeout',
	name: 'timeout',
	type: 'number',
	typeOptions: { minValue: 1 },
	default: DEFAULT_TIMEOUT_MS,
	description:
		'Time in ms to wait for Graph to answer one request. A request past it counts as an answer lost: it is retried (see Max Retries), and the item fails if none comes.',
};

/** Options every operation has: how hard to try. */
export const requestOptions: INodeProperties[] = [maxRetriesOption, timeoutOption];

/** For operations whose only options are the request options. */
export const requestOnlyOptions: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: requestOptions,
};
