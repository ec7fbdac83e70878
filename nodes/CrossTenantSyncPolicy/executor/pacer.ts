import { NEAR_LIMIT, WRITE_BURST, WriteMeter } from './writeMeter';
import type { WriteTally } from './writeMeter';

export type { WriteTally } from './writeMeter';

/** Before Graph has said anything about the budget, each round of writes may be this much larger than the last. */
const SLOW_START_FACTOR = 1.5;
/** A budget that took a clean round this large is no small one (Graph's is 3,000): stop holding writes back. */
const SLOW_START_ENDS_AFTER = 2 * WRITE_BURST;
/** While slow start waits for answers, look again this often (an answer wakes the dispatcher sooner). */
const UNTIL_AN_ANSWER_MS = 50;

/**
 * Paces one execution's requests to what Graph admits. Before Graph has said anything about the budget, writes
 * start slow: rounds of 20, 30, 45 writes, each sent once the last was answered, so the first wave never floods a
 * budget another execution (or another worker) already drained; after a clean round of two batches or more nothing
 * is held back until Graph says otherwise. From then on the write meter decides (see WriteMeter: once Graph warns
 * or throttles it lets go what Graph's readings say is free, at the refill they show, and is shared by the
 * executions of this process on the same budget); while a 429's Retry-After runs, half as many requests are in flight.
 */
export class Pacer {
	private writesInFlight = 0;

	/** Slow start: writes go out in rounds (the next after every write of the last was answered) of growing size. */
	private roundSize = WRITE_BURST;

	private sentThisRound = 0;

	private roundClean = true;

	private startingSlowly = true;

	constructor(
		private readonly maxInFlight: number,
		now = Date.now(),
		private readonly meter = new WriteMeter(now),
	) {}

	limit(now = Date.now()): number {
		return this.meter.inCooldown(now) ? Math.max(1, Math.floor(this.maxInFlight / 2)) : this.maxInFlight;
	}

	/** Graph has warned or throttled: its write meter paces the writes. */
	get metered(): boolean {
		return this.meter.metered;
	}

	/** How many writes may go out now. */
	writeAllowance(now = Date.now()): number {
		if (this.meter.metered || !this.startingSlowly) return this.meter.allowance(now);
		return Math.max(0, Math.floor(this.roundSize) - this.sentThisRound);
	}

	/** Milliseconds until `count` writes (at most one batch) may go out together; while starting, until an answer. */
	writeWait(count: number, now = Date.now()): number {
		const needed = Math.min(Math.max(count, 1), WRITE_BURST);
		if (this.meter.metered || !this.startingSlowly) return this.meter.waitFor(needed, now);
		return this.writeAllowance(now) > 0 ? 0 : UNTIL_AN_ANSWER_MS;
	}

	/** Counts writes going out; the ticket goes back with their answer (WriteTally.ticket). */
	spendWrites(count: number, now = Date.now()): number {
		this.writesInFlight += count;
		this.sentThisRound += count;
		return this.meter.spend(count, now);
	}

	/** A request came back (or was given up): what its answer said about the writes it carried. */
	answered(tally: WriteTally, now = Date.now()): void {
		this.writesInFlight = Math.max(0, this.writesInFlight - tally.sent);
		this.meter.record(tally, now);
		if (tally.throttled > 0 || tally.limitUsed >= NEAR_LIMIT) this.roundClean = false;
		if (this.writesInFlight === 0 && this.sentThisRound > 0) this.endRound();
	}

	/** A clean round grows the next; once a round of two batches or more went clean, slow start ends. */
	private endRound(): void {
		if (this.roundClean) {
			if (this.roundSize >= SLOW_START_ENDS_AFTER) this.startingSlowly = false;
			this.roundSize *= SLOW_START_FACTOR;
		}
		this.sentThisRound = 0;
		this.roundClean = true;
	}
}
