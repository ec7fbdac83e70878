import { WRITE_BURST } from './writeMeter';
import type { WriteTally } from './writeMeter';

/** A 429's Retry-After is waited out up to this much longer, so that executions and workers do not all return at once. */
const RETRY_AFTER_JITTER = 0.2;
/** While no write may go, look again this often (an answer wakes the dispatcher sooner). */
const UNTIL_AN_ANSWER_MS = 50;

/** What the executions of this process know of one Graph write budget (an app in a tenant). */
export class SharedWriteBudget {
	/** Graph answered 429: no write goes before this time. */
	pausedUntil = 0;

	/** Writes that may be in flight at once; starts at one batch. */
	window = WRITE_BURST;

	inFlight = 0;
}

let design: 'metered' | 'simple' = 'metered';

/** Which pacing new executions use: the write meter, or this design (set only by `npm run bench` and tests). */
export function usePacingDesign(chosen: 'metered' | 'simple'): void {
	design = chosen;
}

export const pacingDesign = () => design;

const sharedBudgets = new Map<string, SharedWriteBudget>();

export function sharedWriteBudget(budget: string): SharedWriteBudget {
	let known = sharedBudgets.get(budget);
	if (!known) sharedBudgets.set(budget, (known = new SharedWriteBudget()));
	return known;
}

/** Forgets every budget: a test or bench run starts as a fresh n8n process would. */
export function forgetSharedWriteBudgets(): void {
	sharedBudgets.clear();
}

/**
 * The simplest pacing that honours Graph: a 429 pauses every write of this process on that budget until its
 * Retry-After (plus jitter) and halves the writes allowed in flight; each clean answer lets as many more go as it
 * admitted (the window doubles per round trip), up to what the requests in flight can carry.
 */
export class SimplePacer {
	constructor(
		private readonly maxInFlight: number,
		private readonly budget: SharedWriteBudget,
		private readonly random: () => number = Math.random,
	) {}

	limit(): number {
		return this.maxInFlight;
	}

	readonly metered = false;

	writeAllowance(now = Date.now()): number {
		if (now < this.budget.pausedUntil) return 0;
		return Math.max(0, Math.floor(this.budget.window) - this.budget.inFlight);
	}

	writeWait(_count: number, now = Date.now()): number {
		if (now < this.budget.pausedUntil) return this.budget.pausedUntil - now;
		return this.writeAllowance(now) > 0 ? 0 : UNTIL_AN_ANSWER_MS;
	}

	spendWrites(count: number): number {
		this.budget.inFlight += count;
		return 0;
	}

	answered(tally: WriteTally, now = Date.now()): void {
		const budget = this.budget;
		budget.inFlight = Math.max(0, budget.inFlight - tally.sent);
		if (tally.throttled > 0) {
			// One halving per pause: the answers of writes sent before it say the same thing again.
			if (now >= budget.pausedUntil) budget.window = Math.max(WRITE_BURST, budget.window / 2);
			budget.pausedUntil = Math.max(budget.pausedUntil, now + tally.retryAfterMs * (1 + this.random() * RETRY_AFTER_JITTER));
			return;
		}
		budget.window = Math.min(this.maxInFlight * WRITE_BURST, budget.window + tally.admitted);
	}
}
