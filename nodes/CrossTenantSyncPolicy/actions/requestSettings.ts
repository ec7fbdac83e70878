import { MAX_RETRIES_BOUNDS, TIMEOUT_BOUNDS } from '../descriptions/requestOptions';
import { DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS } from '../plan';
import type { ParameterReader } from './parameters';

/** How hard to try: one setting for the whole execution, since the requests of many items travel together. */
export interface RequestSettings {
	maxRetries: number;
	timeoutMs: number;
}

/** Options → Max Retries and Timeout, read strictly. */
export function readRequestSettings(params: ParameterReader): RequestSettings {
	return {
		maxRetries: params.integer('options.maxRetries', 'Max Retries', MAX_RETRIES_BOUNDS, DEFAULT_MAX_RETRIES),
		timeoutMs: params.integer('options.timeout', 'Timeout', TIMEOUT_BOUNDS, DEFAULT_TIMEOUT_MS),
	};
}

const LABELS: Record<keyof RequestSettings, { label: string; path: string }> = {
	maxRetries: { label: 'Max Retries', path: 'options.maxRetries' },
	timeoutMs: { label: 'Timeout', path: 'options.timeout' },
};

/**
 * The settings of an execution, read from every item. An item whose value is invalid, or differs from the first valid
 * item's (an execution has one), fails before anything is sent for it: no item runs under a setting it did not ask for.
 */
export function readExecutionSettings(readers: ParameterReader[]): { settings: RequestSettings; refused: Map<number, Error> } {
	const refused = new Map<number, Error>();
	let settings: RequestSettings | undefined;
	let from = 0;
	for (const params of readers) {
		let own: RequestSettings;
		try {
			own = readRequestSettings(params);
		} catch (error) {
			refused.set(params.itemIndex, error as Error);
			continue;
		}
		if (!settings) {
			settings = own;
			from = params.itemIndex;
			continue;
		}
		const differing = (Object.keys(LABELS) as Array<keyof RequestSettings>).find((key) => own[key] !== settings?.[key]);
		if (differing === undefined) continue;
		const { label, path } = LABELS[differing];
		refused.set(
			params.itemIndex,
			params.invalid(path, `${label} is one setting for the whole execution (the items' requests travel together): item ${from} has ${settings[differing]}, this item ${own[differing]}`),
		);
	}
	// Every item refused: nothing runs, so the defaults are never used.
	return { settings: settings ?? { maxRetries: DEFAULT_MAX_RETRIES, timeoutMs: DEFAULT_TIMEOUT_MS }, refused };
}
