import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

import { PartSchedule } from './batch-cost';
import { type BatchPart, executionOrder, idKey, readBatchPayload } from './batch-payload';
import { type PartAnswer, shapeAnswers } from './batch-shape';
import type { EmulatorContext } from './context';
import { pathSegments, queryObject } from './exchange';
import { ODATA_JSON } from './graph';
import { authenticate } from './graph-auth';
import { GraphError, errorResponse, graphErrors, graphHeaders } from './graph-errors';
import { applyRule, markFaulted, runOperation } from './graph-operation';
import { type GraphRequest, type GraphResponse, graphVersion, isWrite } from './graph-request';
import { newGuid } from './guid';
import type { RecordedRequest } from './types';

export interface BatchOutcome {
	response: GraphResponse;
	/** True when at least one part reached Graph's logic with a write method. */
	wrote: boolean;
	parts: RecordedRequest[];
	/** True when a FaultRule with hang matched: the client gets no answer at all. */
	hang: boolean;
}

/** Batch answers name headers the way Graph spells them. */
const PART_HEADER_NAMES: Record<string, string> = {
	'cache-control': 'Cache-Control',
	'content-type': 'Content-Type',
	location: 'Location',
	'odata-version': 'OData-Version',
	'retry-after': 'Retry-After',
	'www-authenticate': 'WWW-Authenticate',
	'x-ms-throttle-information': 'x-ms-throttle-information',
	'x-ms-throttle-limit-percentage': 'x-ms-throttle-limit-percentage',
	'x-ms-throttle-scope': 'x-ms-throttle-scope',
};

function partAnswer(id: string, response: GraphResponse): PartAnswer {
	const headers: Record<string, string> = {};
	for (const [name, value] of Object.entries(response.headers)) {
		const spelled = PART_HEADER_NAMES[name];
		if (spelled) headers[spelled] = value;
	}
	const answer: PartAnswer = { id, status: response.status, headers };
	if (response.body !== undefined) answer.body = response.body;
	return answer;
}

interface PartTarget {
	path: string;
	url: URL;
	segments: string[];
}

/** A part's url: relative to the version root (leading slash optional), without host or version. */
function partTarget(ctx: EmulatorContext, outer: GraphRequest, url: string): PartTarget | GraphError {
	const relative = url.replace(/^\/+/, '');
	const queryAt = relative.indexOf('?');
	const pathPart = queryAt < 0 ? relative : relative.slice(0, queryAt);
	const segments = pathSegments(pathPart);
	if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('//') || graphVersion(segments[0])) {
		return graphErrors.badRequest(
			`Invalid request URL '${url}': a batch request URL must be relative to the version root, e.g. '/policies/crossTenantAccessPolicy'.`,
		);
	}
	const path = `/${outer.version}/${pathPart}`;
	return { path, url: new URL(`${path}${queryAt < 0 ? '' : relative.slice(queryAt)}`, ctx.url), segments };
}

function partRecord(outer: GraphRequest, part: BatchPart, headers: Record<string, string>, rawBody: string): RecordedRequest {
	return {
		id: newGuid(),
		method: part.method,
		path: part.url,
		query: {},
		headers,
		body: part.body,
		rawBody,
		status: 0,
		kind: 'graph',
		tenantId: outer.record.tenantId,
		at: Date.now(),
		batch: { requestId: outer.record.id, partId: part.id },
	};
}

function refused(record: RecordedRequest, error: GraphError) {
	const response = errorResponse({ record, headers: record.headers }, error);
	record.status = response.status;
	return { record, response, executed: false, hang: false };
}

/** Logs the part, then runs it with the outer request's bearer token unless its url or a dependency rules it out. */
function runPart(ctx: EmulatorContext, outer: GraphRequest, part: BatchPart, failedDependency: string | undefined) {
	const headers = { ...part.headers, authorization: outer.headers.authorization ?? '' };
	const rawBody = part.body === undefined ? '' : JSON.stringify(part.body);
	const record = partRecord(outer, part, headers, rawBody);
	ctx.log.push(record);
	const target = partTarget(ctx, outer, part.url);
	if (!(target instanceof GraphError)) {
		record.path = target.path;
		record.query = queryObject(target.url);
	}
	if (failedDependency !== undefined) {
		return refused(record, new GraphError(424, 'FailedDependency', `The request depends on request '${failedDependency}', which failed.`));
	}
	if (target instanceof GraphError) return refused(record, target);
	const request: GraphRequest = { method: part.method, version: outer.version, url: target.url, segments: target.segments, headers, rawBody, record };
	return { record, ...runOperation(ctx, request) };
}

/** Waits until `units` L after `since` (performance.now()); no wait at all when there is no latency. */
async function waitUntil(since: number, units: number, latencyMs: number): Promise<void> {
	const wait = since + units * latencyMs - performance.now();
	if (latencyMs > 0 && wait > 0) await sleep(wait);
}

/**
 * Runs the parts in run order, each when its cost (BatchCost, L = Faults.latencyMs) is paid; answers in request
 * order, or in run order when Faults.batchAnswers reverses them.
 */
async function runParts(ctx: EmulatorContext, outer: GraphRequest, outcome: BatchOutcome): Promise<PartAnswer[]> {
	const parts = readBatchPayload(outer);
	// Rejects a dependsOn cycle (whole batch 400) before a shape is used up.
	const requestOrder = executionOrder(parts);
	const shape = ctx.faults.takeBatchAnswers();
	const runOrder = shape?.reverseOrder ? executionOrder(parts, true) : requestOrder;
	const answers: PartAnswer[] = [];
	const inRunOrder: PartAnswer[] = [];
	const statuses = new Map<string, number>();
	// Fixed for this batch: a later setFaults/setBatchCost does not change a batch already running.
	const latencyMs = ctx.faults.latencyMs;
	const schedule = new PartSchedule(ctx.settings.batchCost.partConcurrency);
	const doneAt = new Map<string, number>();
	const started = performance.now();
	for (const index of runOrder) {
		const part = parts[index];
		const failed = part.dependsOn.find((d) => {
			const status = statuses.get(idKey(d)) ?? 0;
			return status < 200 || status > 299;
		});
		const done = failed === undefined ? schedule.next(part.dependsOn.map((d) => doneAt.get(idKey(d)) ?? 0)) : schedule.skip();
		doneAt.set(idKey(part.id), done);
		await waitUntil(started, done, latencyMs);
		const { record, response, executed } = runPart(ctx, outer, part, failed);
		outcome.parts.push(record);
		if (executed && isWrite(part.method)) outcome.wrote = true;
		statuses.set(idKey(part.id), response.status);
		answers[index] = partAnswer(part.id, response);
		inRunOrder.push(answers[index]);
	}
	if (!shape) return answers;
	return shapeAnswers(outer, shape, shape.reverseOrder ? inRunOrder : answers);
}

/**
 * POST /{version}/$batch: the outer request authenticates (401 for all), then each part runs in order as its own
 * logged Graph operation, with the outer bearer token, once its cost is paid (BatchCost). Fault rules naming `$batch`
 * apply to the outer request; Faults.batchAnswers may reverse the run order and drop or duplicate part answers.
 */
export async function runBatch(ctx: EmulatorContext, outer: GraphRequest): Promise<BatchOutcome> {
	const outcome: BatchOutcome = { response: { status: 0, headers: {} }, wrote: false, parts: [], hang: false };
	const rule = ctx.faults.takeFailure(outer.method, `${outer.record.path}${outer.url.search}`, 'batch');
	if (rule && !rule.afterApplying) return { ...outcome, ...applyRule(outer, rule, false) };
	try {
		const claims = authenticate(ctx, outer.headers);
		outer.record.tenantId = claims.tid;
		if (outer.method !== 'POST') throw graphErrors.methodNotAllowed();
		const responses = await runParts(ctx, outer, outcome);
		outcome.response = { status: 200, headers: { ...graphHeaders(outer), 'content-type': ODATA_JSON, 'odata-version': '4.0' }, body: { responses } };
	} catch (error) {
		outcome.response = errorResponse(outer, error);
	}
	outer.record.status = outcome.response.status;
	if (!rule) return outcome;
	const answer = applyRule(outer, rule, true);
	if (answer.hang) for (const part of outcome.parts) markFaulted(part, 'hung', 0);
	return { ...outcome, ...answer };
}
