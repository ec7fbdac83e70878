import type { IDataObject } from 'n8n-workflow';

import type { GraphFailure } from '../errors/graphFailure';

export type GraphMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** One Graph request, with a path relative to the versioned Graph root (e.g. /policies/…). */
export interface GraphCall {
	method: GraphMethod;
	path: string;
	body?: IDataObject;
}

export interface GraphReply {
	statusCode: number;
	body: unknown;
	requestId?: string;
}

export type StepOutcome = { output: IDataObject } | { next: PlanStep };

/**
 * What an operation wants done for one item: a call, and how to read its answer.
 * Operations build steps without doing I/O; the executor decides how and when to send them.
 */
export interface PlanStep {
	call: GraphCall;
	onSuccess(reply: GraphReply): StepOutcome;
	/** Return an outcome to recover from a Graph failure (e.g. an upsert fallback), or undefined to fail the item. */
	onFailure?(failure: GraphFailure): StepOutcome | undefined;
}

export interface ItemPlan {
	itemIndex: number;
	operation: string;
	partnerTenantId: string;
	first: PlanStep;
}
