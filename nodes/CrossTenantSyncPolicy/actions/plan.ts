import type { IDataObject } from 'n8n-workflow';

import type { GraphFailure } from '../errors/graphFailure';

export type GraphMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export type ApiVersion = 'v1.0' | 'beta';

/** One Graph request: a path relative to the versioned Graph root (e.g. /policies/…), or a nextLink Graph handed out. */
export interface GraphCall {
	method: GraphMethod;
	path: string;
	version?: ApiVersion;
	body?: IDataObject;
	/** An absolute URL from Graph itself (@odata.nextLink); must lie under the credential's Graph root. */
	absoluteUrl?: string;
}

export interface GraphReply {
	statusCode: number;
	body: unknown;
	requestId?: string;
}

export type StepOutcome = { output: IDataObject | IDataObject[] } | { next: PlanStep; delayMs?: number };

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
	/** The partner as the user named it (tenant ID or domain), for messages. */
	partner: string;
	/** Known up front for an ID; for a domain the first step resolves it. */
	partnerTenantId?: string;
	/** Usually `{next: firstStep}`; a plan may also settle without any request. */
	start: StepOutcome;
}

/** What operations may know about the environment while planning, without doing I/O. */
export interface PlanEnvironment {
	/** The full URL a call would be sent to (shown by dry runs). */
	urlOf(call: GraphCall): string;
}

/** Graph's OData annotations (@odata.context, …) are noise in n8n items. */
export function withoutODataAnnotations(value: unknown): IDataObject {
	if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
	return Object.fromEntries(Object.entries(value).filter(([key]) => !key.startsWith('@odata.'))) as IDataObject;
}
