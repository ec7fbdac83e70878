import type { IDataObject } from 'n8n-workflow';

import { isAlreadyExists, isNotFound } from '../../errors/graphFailure';
import { PARTNERS_PATH, partnerPath } from '../../transport/graphPaths';
import { successOutput } from '../outputs';
import type { GraphCall, GraphReply, PlanEnvironment, PlanStep, StepOutcome } from '../../plan';
import { withoutODataAnnotations } from '../../plan';
import { diffWrite } from '../../fieldDiff';
import type { ReadThenWrite } from '../readThenWrite';
import { dryRunOutput, readThenWrite } from '../readThenWrite';
import type { PartnerChanges } from './partnerFields';
import { currentGroups, mergePartnerBody, needsCurrentValues } from './partnerFields';

/*
 * Partner → Update, as Graph sees it. A PATCH replaces each complex value whole, so a value the user set only in part
 * is merged with what a read in this very attempt returned — never with nothing, never with an older read:
 *
 *   GET ─200→ merge ─→ PATCH ─204→ GET (read back) ─same→ done
 *    │                  │                          └differs→ wait, GET ─same→ done
 *    │                  │                                          └differs→ merge ─→ PATCH … (at most 3 writes)
 *    │                  └404→ POST (Create Partner If Missing)
 *    └404→ POST ─201→ done
 *           └already exists→ GET (until replicated) ─→ merge ─→ PATCH ─→ read back …
 *
 * The read is skipped when every member of each touched value is given (nothing to merge, nothing to read back).
 */

/** What the user asked of one partner, fixed when the item is planned. */
export interface PartnerUpdate {
	partnerTenantId: string;
	changes: PartnerChanges;
	createPartnerIfMissing: boolean;
	returnPartner: boolean;
	dryRun: boolean;
	skipIfUnchanged: boolean;
}

/** One write: the body, which members came from the read it was merged with, and that read's values. */
interface PartnerWrite {
	body: IDataObject;
	kept: string[];
	/** The touched values as the merge's read found them; undefined when nothing was read, null for a new partner. */
	previous?: IDataObject | null;
	/** PATCHes sent so far by this item (a write seen lost is merged again and rewritten, up to MAX_WRITES). */
	writes: number;
}

/** A partner just created (by us or someone else) may answer 404 for a while: read again on this schedule. */
const REPLICATION_RETRY_DELAYS_MS = [250, 500, 1000, 2000, 4000];

/** A read-back that does not show this item's values is read once more after this long (a lagging replica). */
const READ_BACK_RECHECK_MS = 1000;

/** How often one item writes the partner before it gives up on a partner that other writers keep changing. */
const MAX_WRITES = 3;

const partnerGet = (partnerTenantId: string): GraphCall => ({ method: 'GET', path: partnerPath(partnerTenantId) });

function writeFrom(update: PartnerUpdate, current: IDataObject | null, writes: number): PartnerWrite {
	const { body, kept } = mergePartnerBody(update.changes, current);
	return { body, kept, previous: current === null ? undefined : currentGroups(update.changes, current), writes };
}

function patchCall(update: PartnerUpdate, write: Pick<PartnerWrite, 'body'>): GraphCall {
	return { method: 'PATCH', path: partnerPath(update.partnerTenantId), body: write.body };
}

function postCall(update: PartnerUpdate): GraphCall {
	return { method: 'POST', path: PARTNERS_PATH, body: { tenantId: update.partnerTenantId, ...mergePartnerBody(update.changes, null).body } };
}

/** The first step: read and decide (merge, skip, dry run), or write straight away when there is nothing to merge. */
export function startPartnerUpdate(update: PartnerUpdate, env: PlanEnvironment): StepOutcome {
	const readFirst = update.dryRun || update.skipIfUnchanged || needsCurrentValues(update.changes);
	if (!readFirst) return { next: patchStep(update, writeFrom(update, null, 0)) };
	const flow: ReadThenWrite = {
		partnerTenantId: update.partnerTenantId,
		dryRun: update.dryRun,
		skipIfUnchanged: update.skipIfUnchanged,
		read: partnerGet(update.partnerTenantId),
		merge: (current) => {
			const write = writeFrom(update, current, 0);
			// A partner was read, so the merge has a base: `previous` is its touched values, never undefined here.
			return { ...write, previous: write.previous ?? null };
		},
		writeCall: (write) => patchCall(update, write),
		writeStep: (write) => patchStep(update, { ...write, writes: 0 }),
		whenMissing: (failure) => {
			if (!update.createPartnerIfMissing) return undefined;
			if (update.dryRun) return { output: dryRunOutput(flow, { ...writeFrom(update, null, 0), previous: null }, [postCall(update)], failure, env) };
			return { next: postStep(update) };
		},
	};
	return readThenWrite(flow, env);
}

/** The write carries members taken from a read, which another writer may have changed before it landed. */
const mergedWithRead = (update: PartnerUpdate, write: PartnerWrite): boolean => write.previous !== undefined && needsCurrentValues(update.changes);

function patchStep(update: PartnerUpdate, write: PartnerWrite, fellBack = false): PlanStep {
	const sent = { ...write, writes: write.writes + 1 };
	return {
		call: patchCall(update, sent),
		onSuccess: (reply) => (mergedWithRead(update, sent) ? { next: readBackStep(update, sent, reply) } : afterWrite(update, sent, reply, 'updated')),
		onFailure: (failure) => (update.createPartnerIfMissing && !fellBack && isNotFound(failure) ? { next: postStep(update) } : undefined),
	};
}

function postStep(update: PartnerUpdate): PlanStep {
	return {
		call: postCall(update),
		onSuccess: (reply) => {
			const write: PartnerWrite = { ...writeFrom(update, null, 0), previous: null };
			// After a lost answer Graph's "already exists" says only that the partner is there, not with which values.
			if (reply.inferred) return { next: readBackStep(update, write, reply, 'created') };
			const created = withoutODataAnnotations(reply.body);
			return afterWrite(update, write, reply, 'created', Object.keys(created).length > 0 ? created : undefined);
		},
		// Created meanwhile by someone else: its values are unknown, so read them before merging into a PATCH.
		onFailure: (failure) => (isAlreadyExists(failure.statusCode, failure.code) ? { next: rereadStep(update, 0) } : undefined),
	};
}

/** Reads a partner that Graph says exists, riding out replication, then merges and PATCHes. */
function rereadStep(update: PartnerUpdate, attempt: number): PlanStep {
	return {
		call: partnerGet(update.partnerTenantId),
		onSuccess: (reply) => ({ next: patchStep(update, writeFrom(update, withoutODataAnnotations(reply.body), 0), true) }),
		onFailure: (failure) => {
			if (!isNotFound(failure)) return undefined;
			if (attempt < REPLICATION_RETRY_DELAYS_MS.length) return { next: rereadStep(update, attempt + 1), delayMs: REPLICATION_RETRY_DELAYS_MS[attempt] };
			throw new Error(
				`Tenant ${update.partnerTenantId} is already a partner (Graph answered the POST so), but Graph still answers 404 when it is read; nothing was written, so that no setting is reset. Run the item again in a minute`,
			);
		},
	};
}

/** The members this item set that the partner does not hold (dotted paths); empty when the write stayed. */
function lostMembers(update: PartnerUpdate, partner: IDataObject): string[] {
	return Object.keys(diffWrite(partner, update.changes as IDataObject));
}

/**
 * Reads the partner after a write merged with an earlier read: another writer (an n8n worker, the portal, a script)
 * may have written between that read and ours. When the values this item set are not there, a lagging replica is
 * given one more read; then the item merges with what it read and writes again.
 */
function readBackStep(update: PartnerUpdate, write: PartnerWrite, written: GraphReply, action: 'created' | 'updated' = 'updated', recheck = false): PlanStep {
	return {
		call: partnerGet(update.partnerTenantId),
		onSuccess: (reply) => {
			const partner = withoutODataAnnotations(reply.body);
			const lost = lostMembers(update, partner);
			if (lost.length === 0) return afterWrite(update, write, written, action, partner, true);
			if (!recheck) return { next: readBackStep(update, write, written, action, true), delayMs: READ_BACK_RECHECK_MS };
			if (write.writes >= MAX_WRITES) {
				throw new Error(
					`Partner ${update.partnerTenantId} was changed by another writer each time this item wrote it (${write.writes} writes, each read back): ${lost.join(', ')} did not keep the value this item set. Nothing more was sent; run the item again when the other writer is done`,
				);
			}
			return { next: patchStep(update, writeFrom(update, partner, write.writes)) };
		},
	};
}

function afterWrite(update: PartnerUpdate, write: PartnerWrite, reply: GraphReply, action: 'created' | 'updated', partner?: IDataObject, readBack = false): StepOutcome {
	const output = successOutput('update', update.partnerTenantId, reply, {
		action,
		applied: write.body,
		...(write.kept.length > 0 ? { kept: write.kept } : {}),
		...(write.previous !== undefined ? { previous: write.previous } : {}),
		...(action === 'created' ? { partnerCreated: true } : {}),
		...(readBack && !reply.inferred ? { verified: true } : {}),
		...(write.writes > 1 ? { writes: write.writes } : {}),
	});
	if (!update.returnPartner) return { output };
	if (partner) return { output: { ...output, partner } };
	return {
		next: {
			call: partnerGet(update.partnerTenantId),
			onSuccess: (read) => ({ output: { ...output, partner: withoutODataAnnotations(read.body) } }),
		},
	};
}
