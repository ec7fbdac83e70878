import type { EmulatorContext } from './context';
import { handleGraph } from './graph';
import { errorResponse, graphErrors } from './graph-errors';
import type { GraphRequest, GraphResponse } from './graph-request';
import type { FaultRule, RecordedRequest } from './types';

export interface OperationOutcome {
	/** What the client gets. */
	response: GraphResponse;
	/** False when an injected failure answered before the request reached Graph's logic. */
	executed: boolean;
}

export function injectedResponse(request: GraphRequest, rule: FaultRule): GraphResponse {
	return errorResponse(request, graphErrors.injected(rule.status, rule.code, rule.retryAfterSeconds));
}

export function markFaulted(record: RecordedRequest, faulted: 'reset' | 'replaced', answeredStatus: number): void {
	record.faulted = faulted;
	record.answeredStatus = answeredStatus;
}

/** One Graph operation (a single request or a batch part) with scripted failures; logs its real status. */
export function runOperation(ctx: EmulatorContext, request: GraphRequest): OperationOutcome {
	const rule = ctx.faults.takeFailure(request.method, `${request.record.path}${request.url.search}`);
	if (rule && !rule.afterApplying) {
		const response = injectedResponse(request, rule);
		request.record.status = response.status;
		return { response, executed: false };
	}
	const real = handleGraph(ctx, request);
	request.record.status = real.status;
	if (!rule) return { response: real, executed: true };
	const replaced = injectedResponse(request, rule);
	markFaulted(request.record, 'replaced', replaced.status);
	return { response: replaced, executed: true };
}
