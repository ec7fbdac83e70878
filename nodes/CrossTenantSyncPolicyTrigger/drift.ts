import type { IDataObject } from 'n8n-workflow';

import type { FieldDiff } from '../CrossTenantSyncPolicy/fieldDiff';
import { diffFields } from '../CrossTenantSyncPolicy/fieldDiff';
import { withoutODataAnnotations } from '../CrossTenantSyncPolicy/plan';

/** What the trigger watches of one partner: its identity sync policy and its automatic user consent settings. */
export interface PartnerState extends IDataObject {
	identitySynchronization: IDataObject | null;
	automaticUserConsentSettings: IDataObject | null;
}

/** ID (a partner's tenant ID, a configuration's object ID, as Graph spells it) → its watched state. */
export type Snapshot<S extends IDataObject = PartnerState> = Record<string, S>;

export type ChangeKind = 'added' | 'changed' | 'removed';

/** One subject that came, went or changed: its ID under `idField` (partnerTenantId, configurationId). */
export interface DriftItem<S extends IDataObject = PartnerState> extends IDataObject {
	change: ChangeKind;
	before: S | null;
	after: S | null;
	diff: FieldDiff;
}

const asObject = (value: unknown): IDataObject | null =>
	value !== null && typeof value === 'object' && !Array.isArray(value) ? withoutODataAnnotations(value) : null;

/** One partner of Graph's list, reduced to the watched state (the policy's own tenantId repeats the key: left out). */
export function partnerState(partner: IDataObject): PartnerState {
	const policy = asObject(partner.identitySynchronization);
	if (policy) delete policy.tenantId;
	return { identitySynchronization: policy, automaticUserConsentSettings: asObject(partner.automaticUserConsentSettings) };
}

/** Tenant IDs compare case-insensitively: lower-cased key → the ID as the snapshot spells it, with its state. */
const byKey = <S extends IDataObject>(snapshot: Snapshot<S>) => new Map(Object.entries(snapshot).map(([id, state]) => [id.toLowerCase(), { id, state }]));

/** Partners of `previous` that `current` lacks, as `previous` spells their tenant IDs. */
export function missingFrom<S extends IDataObject>(current: Snapshot<S>, previous: Snapshot<S>): string[] {
	const after = byKey(current);
	return [...byKey(previous)].filter(([key]) => !after.has(key)).map(([, { id }]) => id);
}

/**
 * Compares two snapshots: one item per subject that came, went, or whose watched state differs, its ID under
 * `idField`. Keys match case-insensitively.
 */
export function driftBetween<S extends IDataObject = PartnerState>(previous: Snapshot<S>, current: Snapshot<S>, idField = 'partnerTenantId'): Array<DriftItem<S>> {
	const before = byKey(previous);
	const after = byKey(current);
	const items: Array<DriftItem<S>> = [];
	const item = (id: string, change: ChangeKind, from: S | null, to: S | null, diff: FieldDiff): DriftItem<S> => ({ [idField]: id, change, before: from, after: to, diff });
	for (const [key, { id, state }] of after) {
		const old = before.get(key);
		if (!old) {
			items.push(item(id, 'added', null, state, diffFields(null, state)));
			continue;
		}
		const diff = diffFields(old.state, state);
		if (Object.keys(diff).length > 0) items.push(item(id, 'changed', old.state, state, diff));
	}
	for (const [key, { id, state }] of before) {
		if (!after.has(key)) items.push(item(id, 'removed', state, null, diffFields(state, null)));
	}
	return items;
}
