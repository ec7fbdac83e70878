import type { ParameterReader } from './parameters';
import { describe } from './parameters';

function isLocator(value: unknown): value is { mode?: unknown; value?: unknown } {
	return value !== null && typeof value === 'object' && !Array.isArray(value) && ('__rl' in value || 'mode' in value);
}

/**
 * A resource locator's mode and text. The editor hands over {__rl, mode, value}; an expression for the whole field
 * hands over its result, read in `plainMode`. Only text is taken: anything else fails through `refuse`, which gets
 * the value as messages describe it ("a list", "the number 42") and the mode.
 */
export function readLocator(params: ParameterReader, parameter: string, refuse: (described: string, mode: string) => Error, plainMode: string): { mode: string; value: string } {
	const given = params.raw(parameter);
	const locator = isLocator(given) ? given : { mode: plainMode, value: given };
	const mode = typeof locator.mode === 'string' ? locator.mode : plainMode;
	const raw = locator.value;
	if (raw !== undefined && raw !== null && typeof raw !== 'string') throw refuse(describe(raw), mode);
	return { mode, value: (raw ?? '').trim() };
}
