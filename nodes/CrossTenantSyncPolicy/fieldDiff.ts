import type { IDataObject } from 'n8n-workflow';

/** Field-by-field differences as dotted paths, e.g. `{'userSyncInbound.isSyncAllowed': {from: false, to: true}}`. */
export type FieldDiff = Record<string, { from: unknown; to: unknown }>;

/** Every leaf of a value as dotted path → value; an empty object is a leaf, an array a value. */
function leaves(value: unknown, prefix = '', into = new Map<string, unknown>()): Map<string, unknown> {
	if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
		const entries = Object.entries(value);
		if (entries.length === 0 && prefix) into.set(prefix, {});
		for (const [key, child] of entries) leaves(child, prefix ? `${prefix}.${key}` : key, into);
	} else if (prefix) {
		into.set(prefix, value ?? null);
	}
	return into;
}

function compare(from: Map<string, unknown>, to: Map<string, unknown>, paths: Iterable<string>): FieldDiff {
	const diff: FieldDiff = {};
	for (const path of paths) {
		const a = from.get(path) ?? null;
		const b = to.get(path) ?? null;
		if (JSON.stringify(a) !== JSON.stringify(b)) diff[path] = { from: a, to: b };
	}
	return diff;
}

/**
 * What changed between two states, leaf by leaf. A value that appears or goes away counts from/to null, so a new
 * sync policy shows as `identitySynchronization.userSyncInbound.isSyncAllowed: {from: null, to: true}`.
 */
export function diffFields(before: IDataObject | null, after: IDataObject | null): FieldDiff {
	const from = leaves(before);
	const to = leaves(after);
	return compare(from, to, new Set([...from.keys(), ...to.keys()]));
}

/** What a write would change: only the leaves its body sets, since Graph leaves every other field as it is. */
export function diffWrite(current: IDataObject | null, body: IDataObject): FieldDiff {
	const to = leaves(body);
	return compare(leaves(current), to, to.keys());
}
