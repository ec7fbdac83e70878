import { MAX_BATCH_SIZE } from '../transport/batchPayload';

/** A 429's Retry-After is waited out up to this much longer, so that executions and workers do not all return at once. */
const RETRY_AFTER_JITTER = 0.2;
/** While no write may go, look again this often (an answer wakes the dispatcher sooner). */
const UNTIL_AN_ANSWER_MS = 50;
/** Batches (or single requests) an execution has in flight at once; Graph's guidance is a handful per app and tenant. */
export const MAX_REQUESTS_IN_FLIGHT = 4;
/**
 * Writes in flight at most, for all executions on a budget together: what an execution's requests in flight carry
 * in full batches. A window allowed to grow past what is ever sent would take many 429s to shrink back.
 */
const MAX_WRITES_IN_FLIGHT = MAX_REQUESTS_IN_FLIGHT * MAX_BATCH_SIZE;

/** What one answer said about the writes it carried. */
export interface WriteTally {
	/** Writes the request carried (answered or not). */
	sent: number;
	admitted: number;
	throttled: number;
	/** The longest Retry-After of its 429s. */
	retryAfterMs: number;
}

/** What the executions of this process know of one Graph write budget (an app in a tenant). */
export class WriteBudget {
	/** Graph answered 429: no write goes before this time. */
	pausedUntil = 0;

	/** Writes that may be in flight at once; starts at one batch. */
	window = MAX_BATCH_SIZE;

	inFlight = 0;
}

const sharedBudgets = new Map<string, WriteBudget>();

/** The budget every execution of this process shares for one Graph root, tenant and app (`GraphTransport.writeBudget`). */
export function sharedWriteBudget(budget: string): WriteBudget {
	let known = sharedBudgets.get(budget);
	if (!known) sharedBudgets.set(budget, (known = new WriteBudget()));
	return known;
}

/** Forgets every budget: a test or bench run starts as a fresh n8n process would. */
export function forgetSharedWriteBudgets(): void {
	sharedBudgets.clear();
}

/**
 * Paces writes to what Graph admits, honouring Retry-After for every execution of this process on the budget: a
 * 429 pauses all their writes until its Retry-After (plus jitter) and halves the writes allowed in flight; each
 * clean answer lets as many more go as it admitted (the window doubles per round trip), up to four full batches.
 * Reads are not paced: Graph's write limit does not count them.
 */
export class Pacer {
	constructor(
		private readonly budget: WriteBudget,
		private readonly random: () => number = Math.random,
	) {}

	/** How many writes may go out now. */
	writeAllowance(now = Date.now()): number {
		if (now < this.budget.pausedUntil) return 0;
		return Math.max(0, Math.floor(this.budget.window) - this.budget.inFlight);
	}

	/** Milliseconds until a write may go out: the pause's end, else until an answer frees the window. */
	writeWait(now = Date.now()): number {
		if (now < this.budget.pausedUntil) return this.budget.pausedUntil - now;
		return this.writeAllowance(now) > 0 ? 0 : UNTIL_AN_ANSWER_MS;
	}

	spendWrites(count: number): void {
		this.budget.inFlight += count;
	}

	/** A request came back (or was given up): what its answer said about the writes it carried. */
	answered(tally: WriteTally, now = Date.now()): void {
		const budget = this.budget;
		budget.inFlight = Math.max(0, budget.inFlight - tally.sent);
		if (tally.throttled > 0) {
			// One halving per pause: the answers of writes sent before it say the same thing again.
			if (now >= budget.pausedUntil) budget.window = Math.max(MAX_BATCH_SIZE, budget.window / 2);
			budget.pausedUntil = Math.max(budget.pausedUntil, now + tally.retryAfterMs * (1 + this.random() * RETRY_AFTER_JITTER));
			return;
		}
		budget.window = Math.min(MAX_WRITES_IN_FLIGHT, budget.window + tally.admitted);
	}
}
