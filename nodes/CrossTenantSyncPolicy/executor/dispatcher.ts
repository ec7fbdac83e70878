import { sleep } from 'n8n-workflow';

import type { GraphAnswer, GraphCall } from '../plan';
import { parseGraphFailure, parseRetryAfter } from '../errors/graphFailure';
import { MAX_BATCH_SIZE } from '../transport/batchPayload';
import type { GraphTransport } from '../transport/graphTransport';
import type { WriteTally } from './pacer';
import { Pacer, sharedWriteBudget } from './pacer';
import { Fifo, MinHeap } from './queues';
import { appliedDespiteLostAnswer, backoffMs, isRetryableStatus } from './retryPolicy';

export interface DispatchOptions {
	/** Send calls in JSON batches of up to 20 (an execution with more than one item). */
	batch: boolean;
	maxRetries: number;
	maxInFlight: number;
}

interface Job {
	call: GraphCall;
	/** Tries so far (capped at maxRetries): the lane it waits in, those retried most going first. */
	attempt: number;
	/** Retries counted against maxRetries (429s while the call waits out throttling are not counted). */
	retriesUsed: number;
	readyAt: number;
	/** An earlier attempt may have been applied without us seeing the answer. */
	answerLost: boolean;
	/** When Graph first answered this call 429 (throttling waited out since then). */
	throttledSince?: number;
	done(answer: GraphAnswer): void;
}

const isWrite = (call: GraphCall) => call.method !== 'GET';

/**
 * How long one call may be throttled (429 with Retry-After, again and again) before its 429s use up retries: Graph's
 * budget is shared by every execution, worker and app of the tenant, so a call may meet it drained by others for a
 * while; Graph asks to wait, so the call waits rather than fail, but not forever.
 */
const THROTTLE_PATIENCE_MS = 5 * 60_000;

/** Calls that may share a batch: same API version and kind; nextLinks (absolute URLs) always travel alone. */
function laneOf(call: GraphCall): string {
	if (call.absoluteUrl !== undefined) return 'single';
	return `${call.version ?? 'v1.0'}:${isWrite(call) ? 'write' : 'read'}`;
}

/**
 * One per execution: takes calls as the plans produce them and answers each through its callback, sending them
 * as JSON batches or one by one, a bounded number in flight, retrying 429/503/504 and lost answers (Retry-After
 * first, else backoff with jitter), with one pacer for the whole execution (its write budget shared with the other
 * executions of this process on the same Graph write budget).
 * Bookkeeping is O(log n) per call: a heap of delayed calls, FIFO lanes of ready ones.
 */
export class Dispatcher {
	private readonly delayed = new MinHeap<Job>((job) => job.readyAt);

	/** lane → one FIFO per attempt number, so that calls retried most often go first and none starves. */
	private readonly lanes = new Map<string, Array<Fifo<Job>>>();

	private readonly inFlight = new Set<Promise<void>>();

	private readonly pacer: Pacer;

	/** Work outside Graph that will submit calls once done (an item waiting for its turn on a partner). */
	private waiting = 0;

	private wake: () => void = () => {};

	constructor(
		private readonly transport: GraphTransport,
		private readonly options: DispatchOptions,
	) {
		this.pacer = new Pacer(sharedWriteBudget(transport.writeBudget));
	}

	submit(call: GraphCall, done: (answer: GraphAnswer) => void, delayMs = 0): void {
		this.enqueue({ call, attempt: 0, retriesUsed: 0, readyAt: Date.now() + delayMs, answerLost: false, done });
	}

	/** Keeps drain() running until `work` is done; work submits its calls before it resolves. */
	waitFor(work: Promise<void>): void {
		this.waiting++;
		void work.finally(() => {
			this.waiting--;
			this.wake();
		});
	}

	/** Runs until every submitted call (and every call submitted meanwhile) is answered. */
	async drain(): Promise<void> {
		for (;;) {
			const now = Date.now();
			this.releaseDue(now);
			const writeWait = this.pacer.writeWait(now);
			while (this.inFlight.size < this.options.maxInFlight) {
				const unit = this.takeUnit(writeWait > 0 ? 0 : this.pacer.writeAllowance(now));
				if (unit.length === 0) break;
				this.pacer.spendWrites(unit.filter((job) => isWrite(job.call)).length);
				const running: Promise<void> = this.run(unit).finally(() => this.inFlight.delete(running));
				this.inFlight.add(running);
			}
			const ready = this.readyCount();
			if (ready === 0 && this.delayed.size === 0 && this.inFlight.size === 0 && this.waiting === 0) return;
			if (this.inFlight.size >= this.options.maxInFlight) {
				await Promise.race(this.inFlight);
				continue;
			}
			// Sleep until a delayed call is due, or until the pacer lets held writes go, or until an answer comes.
			const nextDue = this.delayed.peek()?.readyAt;
			let wait = nextDue === undefined ? Infinity : nextDue - now;
			if (ready > 0) wait = Math.min(wait, Math.max(writeWait, 1));
			const woken = this.waiting > 0 ? [new Promise<void>((resolve) => (this.wake = resolve))] : [];
			const idle = this.inFlight.size === 0 && woken.length === 0;
			const timer = Number.isFinite(wait) || idle ? [sleep(Math.max(1, Number.isFinite(wait) ? wait : 1))] : [];
			await Promise.race([...this.inFlight, ...woken, ...timer]);
		}
	}

	private enqueue(job: Job): void {
		if (job.readyAt > Date.now()) this.delayed.push(job);
		else this.makeReady(job);
	}

	private makeReady(job: Job): void {
		const lane = laneOf(job.call);
		let byAttempt = this.lanes.get(lane);
		if (!byAttempt) this.lanes.set(lane, (byAttempt = []));
		(byAttempt[job.attempt] ??= new Fifo<Job>()).push(job);
	}

	private releaseDue(now: number): void {
		while ((this.delayed.peek()?.readyAt ?? Infinity) <= now) this.makeReady(this.delayed.pop() as Job);
	}

	private readyCount(): number {
		let count = 0;
		for (const byAttempt of this.lanes.values()) for (const fifo of byAttempt) count += fifo?.size ?? 0;
		return count;
	}

	/** The next calls to send together: up to 20 ready calls of one lane pair (within the writes allowed), or one call. */
	private takeUnit(writeAllowance: number): Job[] {
		const first = this.firstReady(writeAllowance);
		if (!first) return [];
		if (!this.options.batch || first.lane === 'single') return [this.shift(first.lane, first.attempt)];
		const version = first.lane.split(':')[0];
		const unit: Job[] = [];
		let writes = 0;
		for (let attempt = this.options.maxRetries; attempt >= 0 && unit.length < MAX_BATCH_SIZE; attempt--) {
			for (const lane of [`${version}:write`, `${version}:read`]) {
				const fifo = this.lanes.get(lane)?.[attempt];
				while (fifo && fifo.size > 0 && unit.length < MAX_BATCH_SIZE) {
					if (lane.endsWith(':write') && writes >= writeAllowance) break;
					if (lane.endsWith(':write')) writes++;
					unit.push(this.shift(lane, attempt));
				}
			}
		}
		return unit;
	}

	private firstReady(writeAllowance: number): { lane: string; attempt: number } | undefined {
		for (let attempt = this.options.maxRetries; attempt >= 0; attempt--) {
			for (const [lane, byAttempt] of this.lanes) {
				if ((byAttempt[attempt]?.size ?? 0) === 0) continue;
				if (lane.endsWith(':write') && writeAllowance < 1) continue;
				return { lane, attempt };
			}
		}
		return undefined;
	}

	private shift(lane: string, attempt: number): Job {
		return this.lanes.get(lane)?.[attempt]?.shift() as Job;
	}

	private async run(unit: Job[]): Promise<void> {
		const calls = unit.map((job) => job.call);
		const tally: WriteTally = { sent: calls.filter(isWrite).length, admitted: 0, throttled: 0, retryAfterMs: 0 };
		try {
			const answers = unit.length === 1 ? [await this.transport.send(calls[0])] : await this.transport.sendBatch(calls, calls[0].version ?? 'v1.0');
			unit.forEach((job, i) => this.judge(job, answers[i], tally));
		} finally {
			this.pacer.answered(tally);
		}
	}

	private judge(job: Job, answer: GraphAnswer, tally: WriteTally): void {
		if (answer.kind === 'refused') return job.done(answer);
		if (answer.kind === 'lost') return this.retryOrSettle(job, answer, undefined, answer.maybeApplied);
		const write = isWrite(job.call);
		if (write && answer.statusCode === 429) tally.throttled++;
		else if (write) tally.admitted++;
		if (answer.statusCode < 300) return job.done(answer);
		if (job.answerLost) {
			const failure = parseGraphFailure(answer.statusCode, answer.body, answer.headers);
			const applied = appliedDespiteLostAnswer(job.call, failure.statusCode, failure.code);
			if (applied !== undefined) return job.done({ ...answer, statusCode: applied, body: undefined, inferred: true });
		}
		if (!isRetryableStatus(answer.statusCode)) return job.done(answer);
		const retryAfterMs = parseRetryAfter(answer.headers['retry-after']);
		if (answer.statusCode === 429) tally.retryAfterMs = Math.max(tally.retryAfterMs, retryAfterMs ?? backoffMs(job.attempt));
		const throttledSince = answer.statusCode === 429 ? (job.throttledSince ?? Date.now()) : job.throttledSince;
		const waitingOutThrottling = answer.statusCode === 429 && Date.now() - (throttledSince ?? 0) < THROTTLE_PATIENCE_MS;
		// Graph documents that a throttled or failed write may still have been applied.
		this.retryOrSettle({ ...job, throttledSince }, answer, retryAfterMs, true, !waitingOutThrottling);
	}

	private retryOrSettle(job: Job, answer: GraphAnswer, retryAfterMs: number | undefined, maybeApplied: boolean, usesRetry = true): void {
		if (usesRetry && job.retriesUsed >= this.options.maxRetries) return job.done(answer);
		this.enqueue({
			...job,
			attempt: Math.min(job.attempt + 1, this.options.maxRetries),
			retriesUsed: usesRetry ? job.retriesUsed + 1 : job.retriesUsed,
			readyAt: Date.now() + (retryAfterMs ?? backoffMs(job.attempt)),
			answerLost: job.answerLost || (maybeApplied && isWrite(job.call)),
		});
	}
}
