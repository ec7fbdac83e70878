import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS } from '../plan';

export const MAX_RETRIES_BOUNDS = { min: 0, max: 10 };
export const TIMEOUT_BOUNDS = { min: 1, max: 3_600_000 };

const maxRetriesOption: INodeProperties = {
	displayName: 'Max Retries',
	name: 'maxRetries',
	type: 'number',
	typeOptions: { minValue: MAX_RETRIES_BOUNDS.min, maxValue: MAX_RETRIES_BOUNDS.max },
	default: DEFAULT_MAX_RETRIES,
	description:
		'How often to retry a request Graph throttled (429) or could not serve (503, 504, lost connection, timeout), honouring Retry-After',
};

const timeoutOption: INodeProperties = {
	displayName: 'Timeout',
	name: 'timeout',
	type: 'number',
	typeOptions: { minValue: TIMEOUT_BOUNDS.min, maxValue: TIMEOUT_BOUNDS.max },
	default: DEFAULT_TIMEOUT_MS,
	description:
		'Time in ms to wait for Graph to answer one request. A request past it counts as an answer lost: it is retried (see Max Retries), and the item fails if none comes.',
};

/**
 * The Options collection of every operation and of the trigger: its own options beside Max Retries and Timeout (how
 * hard to try), in alphabetical order as n8n lists them.
 */
export function optionsCollection(own: INodeProperties[] = []): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [...own, maxRetriesOption, timeoutOption].sort((a, b) => a.displayName.localeCompare(b.displayName)),
	};
}
