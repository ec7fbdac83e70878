import type { IDataObject } from 'n8n-workflow';

import { withoutODataAnnotations } from '../CrossTenantSyncPolicy/plan';

/** What the trigger watches of one partner: its identity sync policy and its automatic user consent settings. */
export interface PartnerState extends IDataObject {
	identitySynchronization: IDataObject | null;
	automaticUserConsentSettings: IDataObject | null;
}

/** Partner tenant ID (as Graph spells it) → its watched state. */
export type Snapshot = Record<string, PartnerState>;

export type ChangeKind = 'added' | 'changed' | 'removed';

export type StateDiff = Record<string, { from: unknown; to: unknown }>;

export interface DriftItem extends IDataObject {
	partnerTenantId: string;
	change: ChangeKind;
	before: PartnerState | null;
	after: PartnerState | null;
	diff: StateDiff;
}

const asObject = (value: unknown): IDataObject | null =>
	value !== null && typeof value === 'object' && !Array.isArray(value) ? withoutODataAnnotations(value) : null;

/** One partner of Graph's list, reduced to the watched state (the policy's own tenantId repeats the key: left out). */
export function partnerState(partner: IDataObject): PartnerState {
	const policy = asObject(partner.identitySynchronization);
	if (policy) delete policy.tenantId;
	return { identitySynchronization: policy, automaticUserConsentSettings: asObject(partner.automaticUserConsentSettings) };
}

function leaves(value: unknown, prefix: string, into: Map<string, unknown>): void {
	if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
		const entries = Object.entries(value);
		if (entries.length === 0 && prefix) into.set(prefix, {});
		for (const [key, child] of entries) leaves(child, prefix ? `${prefix}.${key}` : key, into);
		return;
	}
	if (prefix) into.set(prefix, value ?? null);
}

/**
 * Field-by-field differences as dotted paths. A value that appears or goes away counts from/to null, so a new sync
 * policy shows as `identitySynchronization.userSyncInbound.isSyncAllowed: {from: null, to: true}`.
 */
export function diffStates(before: PartnerState | null, after: PartnerState | null): StateDiff {
	const from = new Map<string, unknown>();
	const to = new Map<string, unknown>();
	leaves(before ?? {}, '', from);
	leaves(after ?? {}, '', to);
	const diff: StateDiff = {};
	for (const path of new Set([...from.keys(), ...to.keys()])) {
		const a = from.has(path) ? from.get(path) : null;
		const b = to.has(path) ? to.get(path) : null;
		if (JSON.stringify(a) !== JSON.stringify(b)) diff[path] = { from: a, to: b };
	}
	return diff;
}

/** Tenant IDs compare case-insensitively: lower-cased key → the ID as the snapshot spells it, with its state. */
const byKey = (snapshot: Snapshot) => new Map(Object.entries(snapshot).map(([id, state]) => [id.toLowerCase(), { id, state }]));

/** Partners of `previous` that `current` lacks, as `previous` spells their tenant IDs. */
export function missingFrom(current: Snapshot, previous: Snapshot): string[] {
	const after = byKey(current);
	return [...byKey(previous)].filter(([key]) => !after.has(key)).map(([, { id }]) => id);
}

/** Compares two snapshots: one item per partner that came, went, or whose watched state differs. Keys match case-insensitively. */
export function driftBetween(previous: Snapshot, current: Snapshot): DriftItem[] {
	const before = byKey(previous);
	const after = byKey(current);
	const items: DriftItem[] = [];
	for (const [key, { id, state }] of after) {
		const old = before.get(key);
		if (!old) {
			items.push({ partnerTenantId: id, change: 'added', before: null, after: state, diff: diffStates(null, state) });
			continue;
		}
		const diff = diffStates(old.state, state);
		if (Object.keys(diff).length > 0) items.push({ partnerTenantId: id, change: 'changed', before: old.state, after: state, diff });
	}
	for (const [key, { id, state }] of before) {
		if (!after.has(key)) items.push({ partnerTenantId: id, change: 'removed', before: state, after: null, diff: diffStates(state, null) });
	}
	return items;
}
