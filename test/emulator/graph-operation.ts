import type { EmulatorContext } from './context';
import type { FaultScope } from './faults';
import { handleGraph } from './graph';
import { errorResponse, graphErrors } from './graph-errors';
import type { GraphRequest, GraphResponse } from './graph-request';
import type { FaultKind, FaultRule, RecordedRequest } from './types';

export const DEFAULT_RAW_CONTENT_TYPE = 'text/html; charset=utf-8';

export interface OperationOutcome {
	/** What the client gets (meaningless when `hang`). */
	response: GraphResponse;
	/** False when an injected failure answered before the request reached Graph's logic. */
	executed: boolean;
	/** True when a FaultRule with hang matched: the client gets no answer at all. */
	hang: boolean;
}

export interface FaultAnswer {
	response: GraphResponse;
	hang: boolean;
}

function isJsonType(contentType: string): boolean {
	return /[/+]json\b/i.test(contentType);
}

/** A raw body as a batch part carries it: parsed when it is JSON, else the text as a JSON string. */
function partBody(rawBody: string, contentType: string): unknown {
	if (!isJsonType(contentType)) return rawBody;
	try {
		return JSON.parse(rawBody) as unknown;
	} catch {
		return rawBody;
	}
}

/**
 * The answer a rule gives instead of Graph's (not used for hang): a redirect, a raw body as a proxy would send it
 * (no Graph headers), or a Graph error. A batch part's raw body is shaped for the batch answer.
 */
export function injectedResponse(request: GraphRequest, rule: FaultRule): GraphResponse {
	const retryAfter: Record<string, string> = rule.retryAfterSeconds === undefined ? {} : { 'retry-after': String(rule.retryAfterSeconds) };
	if (rule.location !== undefined) return { status: rule.status, headers: { location: rule.location, ...retryAfter } };
	if (rule.rawBody !== undefined) {
		const contentType = rule.contentType ?? DEFAULT_RAW_CONTENT_TYPE;
		const body = request.record.batch ? partBody(rule.rawBody, contentType) : rule.rawBody;
		return { status: rule.status, headers: { 'content-type': contentType, ...retryAfter }, body };
	}
	return errorResponse(request, graphErrors.injected(rule.status, rule.code, rule.retryAfterSeconds));
}

export function markFaulted(record: RecordedRequest, faulted: FaultKind, answeredStatus: number): void {
	record.faulted = faulted;
	record.answeredStatus = answeredStatus;
}

/**
 * Applies a matched rule to a request and logs it. `ran`: the request already ran (afterApplying) and its real
 * status is logged; otherwise the logged status is what was answered (0 when hung).
 */
export function applyRule(request: GraphRequest, rule: FaultRule, ran: boolean): FaultAnswer {
	const { record } = request;
	if (rule.hang) {
		if (!ran) record.status = 0;
		markFaulted(record, 'hung', 0);
		return { response: { status: 0, headers: {} }, hang: true };
	}
	const response = injectedResponse(request, rule);
	if (!ran) record.status = response.status;
	const kind: FaultKind | undefined =
		rule.location !== undefined ? 'redirected' : rule.rawBody !== undefined ? 'raw' : ran ? 'replaced' : undefined;
	if (kind) markFaulted(record, kind, response.status);
	return { response, hang: false };
}

/** One Graph operation (a single request or a batch part) with scripted failures; logs its real status. */
export function runOperation(ctx: EmulatorContext, request: GraphRequest): OperationOutcome {
	const scope: FaultScope = request.record.batch ? 'part' : 'request';
	const rule = ctx.faults.takeFailure(request.method, `${request.record.path}${request.url.search}`, scope);
	if (!rule || rule.afterApplying) {
		const real = handleGraph(ctx, request);
		request.record.status = real.status;
		if (!rule) return { response: real, executed: true, hang: false };
	}
	const executed = rule.afterApplying === true;
	return { ...applyRule(request, rule, executed), executed };
}
