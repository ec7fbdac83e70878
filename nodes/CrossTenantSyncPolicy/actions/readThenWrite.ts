import type { IDataObject } from 'n8n-workflow';

import { isNotFound } from '../errors/graphFailure';
import { diffWrite } from '../fieldDiff';
import type { GraphCall, GraphFailure, PlanEnvironment, PlanStep, StepOutcome } from '../plan';
import { withoutODataAnnotations } from '../plan';

/** A write merged with what a read in this very attempt returned. */
export interface MergedWrite {
	body: IDataObject;
	/** Members the body took from the read: a complex value the user set only in part (Graph replaces it whole). */
	kept: string[];
	/** What the read found of what the write touches; null when there is nothing yet, so the write creates. */
	previous: IDataObject | null;
}

/** An Update that reads first (dry run, skip if unchanged, or a merge): Sync Policy → Update and Partner → Update. */
export interface ReadThenWrite {
	partnerTenantId: string;
	dryRun: boolean;
	skipIfUnchanged: boolean;
	read: GraphCall;
	merge(current: IDataObject): MergedWrite;
	/** The request a dry run shows for a merged write. */
	writeCall(write: MergedWrite): GraphCall;
	/** The steps that send it (and whatever they fall back to). */
	writeStep(write: MergedWrite): PlanStep;
	/** The read answered not-found: create, or show what creating would send; undefined fails the item. */
	whenMissing(failure: GraphFailure): StepOutcome | undefined;
}

/** Read, merge, then write, skip, or (dry run) only show the write with its field-by-field differences. */
export function readThenWrite(flow: ReadThenWrite, env: PlanEnvironment): StepOutcome {
	return {
		next: {
			call: flow.read,
			onSuccess: (reply) => {
				const write = flow.merge(withoutODataAnnotations(reply.body));
				if (flow.dryRun) return { output: dryRunOutput(flow, write, [flow.writeCall(write)], reply, env) };
				if (flow.skipIfUnchanged && Object.keys(diffWrite(write.previous, write.body)).length === 0) {
					return {
						output: {
							success: true,
							operation: 'update',
							partnerTenantId: flow.partnerTenantId,
							statusCode: reply.statusCode,
							changed: false,
							action: 'unchanged',
							applied: {},
							previous: write.previous,
							requestId: reply.requestId,
						},
					};
				}
				return { next: flow.writeStep(write) };
			},
			onFailure: (failure) => (isNotFound(failure) ? flow.whenMissing(failure) : undefined),
		},
	};
}

/**
 * What a dry run outputs: the request that would be sent (the last of `calls`; a first one, creating the partner,
 * shows as `partnerRequest`), what is there now and the differences. With Skip If Unchanged, no change means no request.
 */
export function dryRunOutput(
	flow: Pick<ReadThenWrite, 'partnerTenantId' | 'skipIfUnchanged'>,
	write: MergedWrite,
	calls: GraphCall[],
	answer: { statusCode: number; requestId?: string },
	env: PlanEnvironment,
): IDataObject {
	const describe = (call: GraphCall) => ({ method: call.method, url: env.urlOf(call), body: call.body });
	const diff = diffWrite(write.previous, write.body);
	const changed = Object.keys(diff).length > 0;
	return {
		success: true,
		dryRun: true,
		operation: 'update',
		partnerTenantId: flow.partnerTenantId,
		statusCode: answer.statusCode,
		changed,
		action: write.previous === null ? 'created' : changed ? 'updated' : 'unchanged',
		request: changed || !flow.skipIfUnchanged ? describe(calls[calls.length - 1]) : null,
		...(calls.length > 1 ? { partnerRequest: describe(calls[0]) } : {}),
		previous: write.previous,
		diff,
		...(write.kept.length > 0 ? { kept: write.kept } : {}),
		requestId: answer.requestId,
	};
}
