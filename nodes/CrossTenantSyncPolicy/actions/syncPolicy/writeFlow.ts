import type { IDataObject } from 'n8n-workflow';

import { isAlreadyExists, isNotFound } from '../../errors/graphFailure';
import { partnerPath, PARTNERS_PATH, syncPolicyPath } from '../../transport/graphPaths';
import { successOutput } from '../outputs';
import type { ApiVersion, GraphCall, GraphFailure, GraphReply, PlanStep, StepOutcome } from '../../plan';
import { withoutODataAnnotations } from '../../plan';

export type WriteAction = 'created' | 'updated' | 'unchanged';

/** Everything a sync policy write needs to know, fixed when the item is planned. */
export interface SyncPolicyWrite {
	operation: 'update' | 'create';
	partnerTenantId: string;
	version: ApiVersion;
	body: IDataObject;
	/** Create: on 409 (policy exists) fall back to PATCH. */
	updateIfExists: boolean;
	/** Update: on 404 (no sync policy) fall back to PUT. */
	createIfMissing: boolean;
	/** PUT answered 404: GET the partner; if it is not there, POST the partner configuration, then PUT again. */
	createPartnerIfMissing: boolean;
	returnPolicy: boolean;
}

/** Graph can answer 404 for a partner it has just created (replication); retry the PUT on this schedule. */
const REPLICATION_RETRY_DELAYS_MS = [250, 500, 1000, 2000, 4000];

const ALREADY_EXISTS = (f: GraphFailure) => isAlreadyExists(f.statusCode, f.code);

interface WriteState {
	previous?: IDataObject | null;
	partnerCreated?: boolean;
	/** A GET showed the partner is there, so a 404 to the PUT is replication catching up (or a real failure). */
	partnerFound?: boolean;
	/** A PUT was sent after a PATCH's 404 (Update, If Missing: Create). */
	triedPut?: boolean;
	/** A PATCH was sent after a PUT's "already exists". Each fallback is taken once, so PATCH↔PUT never loops. */
	triedPatch?: boolean;
}

export function patchCall(write: SyncPolicyWrite): GraphCall {
	return { method: 'PATCH', path: syncPolicyPath(write.partnerTenantId), version: write.version, body: write.body };
}

export function putCall(write: SyncPolicyWrite): GraphCall {
	return { method: 'PUT', path: syncPolicyPath(write.partnerTenantId), version: write.version, body: write.body };
}

export function postPartnerCall(write: SyncPolicyWrite): GraphCall {
	return { method: 'POST', path: PARTNERS_PATH, body: { tenantId: write.partnerTenantId } };
}

export function patchStep(write: SyncPolicyWrite, state: WriteState = {}): PlanStep {
	return {
		call: patchCall(write),
		onSuccess: (reply) => afterWrite(write, reply, 'updated', state),
		onFailure: (failure) =>
			write.createIfMissing && !state.triedPut && isNotFound(failure) ? { next: putStep(write, { ...state, triedPut: true }) } : undefined,
	};
}

export function putStep(write: SyncPolicyWrite, state: WriteState = {}, attempt = 0): PlanStep {
	return {
		call: putCall(write),
		onSuccess: (reply) => afterWrite(write, reply, 'created', state),
		onFailure: (failure) => {
			// Create with If Exists: Update, or an Update whose PATCH met a 404 that was not "no policy" after all (Graph's
			// not-found codes do not tell): the policy is there, so PATCH it.
			if ((write.updateIfExists || state.triedPut) && !state.triedPatch && ALREADY_EXISTS(failure)) {
				return { next: patchStep(write, { ...state, triedPatch: true }) };
			}
			if (!isNotFound(failure)) return undefined;
			const partnerThere = state.partnerCreated || state.partnerFound;
			if (!partnerThere && write.createPartnerIfMissing) return { next: partnerCheckStep(write, state) };
			if (partnerThere && attempt < REPLICATION_RETRY_DELAYS_MS.length) {
				return { next: putStep(write, state, attempt + 1), delayMs: REPLICATION_RETRY_DELAYS_MS[attempt] };
			}
			return undefined;
		},
	};
}

export function partnerGetCall(write: Pick<SyncPolicyWrite, 'partnerTenantId'>): GraphCall {
	return { method: 'GET', path: partnerPath(write.partnerTenantId) };
}

/** The PUT answered 404: is the partner there? Missing → POST it; there → the PUT is retried as after a replication lag. */
function partnerCheckStep(write: SyncPolicyWrite, state: WriteState): PlanStep {
	return {
		call: partnerGetCall(write),
		onSuccess: () => ({ next: putStep(write, { ...state, partnerFound: true }) }),
		onFailure: (failure) => (isNotFound(failure) ? { next: postPartnerStep(write, state) } : undefined),
	};
}

function postPartnerStep(write: SyncPolicyWrite, state: WriteState): PlanStep {
	const thenPut = (): StepOutcome => ({ next: putStep(write, { ...state, partnerCreated: true }) });
	return {
		call: postPartnerCall(write),
		onSuccess: thenPut,
		// Created meanwhile (or by an earlier attempt whose answer was lost): that is what we wanted.
		onFailure: (failure) => (ALREADY_EXISTS(failure) ? thenPut() : undefined),
	};
}

function afterWrite(write: SyncPolicyWrite, reply: GraphReply, action: WriteAction, state: WriteState): StepOutcome {
	const output = writeOutput(write, reply, action, state);
	if (!write.returnPolicy) return { output };
	return {
		next: {
			call: { method: 'GET', path: syncPolicyPath(write.partnerTenantId), version: write.version },
			onSuccess: (policy) => ({ output: { ...output, policy: withoutODataAnnotations(policy.body) } }),
		},
	};
}

function writeOutput(write: SyncPolicyWrite, reply: GraphReply, action: WriteAction, state: WriteState): IDataObject {
	return successOutput(write.operation, write.partnerTenantId, reply, {
		action,
		applied: write.body,
		...(state.previous !== undefined ? { previous: state.previous } : {}),
		...(state.partnerCreated ? { partnerCreated: true } : {}),
	});
}
