import { sleep } from 'n8n-workflow';

import type { GraphCall } from '../actions/plan';
import { parseGraphFailure } from '../errors/graphFailure';
import { MAX_BATCH_SIZE } from '../transport/batchPayload';
import type { GraphResponse, GraphTransport } from '../transport/graphTransport';
import { Pacer } from './pacer';
import { appliedDespiteLostAnswer, backoffMs, isRetryableStatus, parseRetryAfter } from './retryPolicy';

export interface DispatchOptions {
	/** Send calls in JSON batches of up to 20 (an execution with more than one item). */
	batch: boolean;
	maxRetries: number;
	maxInFlight: number;
}

export type Dispatched = { response: GraphResponse } | { error: Error };

/** What one answer said about writes, for the pacer. */
interface Tally {
	admitted: number;
	throttled: number;
	retryAfterMs: number;
}

interface Job {
	index: number;
	call: GraphCall;
	attempt: number;
	readyAt: number;
	/** An earlier attempt may have been applied without us seeing the answer. */
	answerLost: boolean;
}

/**
 * Sends calls and returns one outcome per call, in call order: as JSON batches or one by one, a bounded number
 * in flight, retrying 429/503/504 and lost connections (Retry-After first, else backoff with jitter).
 */
export async function dispatch(transport: GraphTransport, calls: GraphCall[], options: DispatchOptions): Promise<Dispatched[]> {
	const outcomes = new Array<Dispatched | undefined>(calls.length);
	let waiting: Job[] = calls.map((call, index) => ({ index, call, attempt: 0, readyAt: 0, answerLost: false }));
	const inFlight = new Set<Promise<void>>();
	const pacer = new Pacer(options.maxInFlight);

	const settle = (job: Job, outcome: Dispatched): void => {
		outcomes[job.index] = outcome;
	};
	const retryOrSettle = (job: Job, outcome: Dispatched, retryAfterMs: number | undefined, answerLost: boolean): void => {
		if (job.attempt >= options.maxRetries) return settle(job, outcome);
		waiting.push({
			...job,
			attempt: job.attempt + 1,
			readyAt: Date.now() + (retryAfterMs ?? backoffMs(job.attempt)),
			answerLost: job.answerLost || answerLost,
		});
	};

	const judge = (job: Job, response: GraphResponse, tally: Tally): void => {
		if (isWrite(job.call)) {
			if (response.statusCode === 429) tally.throttled++;
			else tally.admitted++;
		}
		if (response.statusCode < 300) return settle(job, { response });
		const failure = parseGraphFailure(response.statusCode, response.body, response.headers);
		const applied = job.answerLost ? appliedDespiteLostAnswer(job.call, failure.statusCode, failure.code) : undefined;
		if (applied !== undefined) return settle(job, { response: { ...response, statusCode: applied, body: undefined } });
		if (!isRetryableStatus(response.statusCode)) return settle(job, { response });
		const retryAfterMs = parseRetryAfter(response.headers['retry-after']);
		if (response.statusCode === 429) tally.retryAfterMs = Math.max(tally.retryAfterMs, retryAfterMs ?? backoffMs(job.attempt));
		retryOrSettle(job, { response }, retryAfterMs, response.statusCode >= 500);
	};

	const unreachable = (job: Job, error: unknown) =>
		retryOrSettle(job, { error: error instanceof Error ? error : new Error(String(error)) }, undefined, true);

	const run = async (unit: Job[]) => {
		const tally: Tally = { admitted: 0, throttled: 0, retryAfterMs: 0 };
		if (unit.length === 1) {
			const [job] = unit;
			try {
				judge(job, await transport.send(job.call), tally);
			} catch (error) {
				unreachable(job, error);
			}
		} else {
			try {
				const { outer, parts } = await transport.sendBatch(
					unit.map((job) => job.call),
					unit[0].call.version ?? 'v1.0',
				);
				unit.forEach((job, i) => {
					const part = parts[i];
					if (part) judge(job, part, tally);
					else if (outer.statusCode !== 200) judge(job, outer, tally);
					else unreachable(job, new Error('Graph left this request out of its $batch answer'));
				});
			} catch (error) {
				for (const job of unit) unreachable(job, error);
			}
		}
		pacer.answered(tally.admitted, tally.throttled, tally.retryAfterMs);
	};

	while (waiting.length > 0 || inFlight.size > 0) {
		const now = Date.now();
		// While writes are metered, wait for a full batch's worth rather than trickling out small batches.
		const readyWrites = waiting.filter((job) => job.readyAt <= now && isWrite(job.call)).length;
		const batchWait = options.batch ? pacer.writeWait(Math.min(readyWrites, MAX_BATCH_SIZE), now) : pacer.writeWait(1, now);
		while (inFlight.size < pacer.limit(now)) {
			const unit = takeUnit(waiting, now, options.batch, batchWait > 0 ? 0 : pacer.writeAllowance(now));
			if (unit.length === 0) break;
			const taken = new Set(unit);
			waiting = waiting.filter((job) => !taken.has(job));
			pacer.spendWrites(unit.filter((job) => isWrite(job.call)).length);
			const running: Promise<void> = run(unit).finally(() => inFlight.delete(running));
			inFlight.add(running);
		}
		if (waiting.length === 0 && inFlight.size === 0) break;
		if (inFlight.size >= pacer.limit(now)) {
			await Promise.race(inFlight);
			continue;
		}
		const nextReadyIn = waiting.length > 0 ? Math.max(0, Math.min(...waiting.map((job) => job.readyAt)) - now) : Infinity;
		const wait = Math.max(1, nextReadyIn, batchWait);
		await Promise.race([...inFlight, ...(Number.isFinite(wait) ? [sleep(wait)] : [])]);
	}
	return outcomes.map((outcome) => outcome ?? { error: new Error('The request was never answered') });
}

const isWrite = (call: GraphCall) => call.method !== 'GET';

/**
 * The next calls to send together: up to 20 ready calls of one API version (within the writes the pacer
 * allows), or one call. Calls retried most often go first, so that under throttling none starves.
 */
function takeUnit(waiting: Job[], now: number, batch: boolean, writeAllowance: number): Job[] {
	let writes = 0;
	const sendable = (job: Job) => !isWrite(job.call) || writes < writeAllowance;
	const ready = waiting.filter((job) => job.readyAt <= now && sendable(job)).sort((a, b) => b.attempt - a.attempt);
	if (ready.length === 0) return [];
	const first = ready[0];
	if (!batch || first.call.absoluteUrl !== undefined) return [first];
	const version = first.call.version ?? 'v1.0';
	const unit: Job[] = [];
	for (const job of ready) {
		if (unit.length === MAX_BATCH_SIZE) break;
		if (job.call.absoluteUrl !== undefined || (job.call.version ?? 'v1.0') !== version || !sendable(job)) continue;
		if (isWrite(job.call)) writes++;
		unit.push(job);
	}
	return unit;
}
