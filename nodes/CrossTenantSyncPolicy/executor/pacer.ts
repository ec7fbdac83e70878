/** Largest burst of writes the governor lets through at once: one full batch. */
const WRITE_BURST = 20;
/** Admissions are remembered this long to measure the rate Graph admits. */
const WINDOW_MS = 2000;
/** A shorter span than this says nothing about a rate (a burst into a fresh budget). */
const MIN_SPAN_MS = 500;
/** Graph's documented sustained write limit per app and tenant is 3,000 per 150 s: never meter below it. */
const MIN_WRITES_PER_SECOND = 20;
/** Growth of the metered rate per answer that admitted every write with the budget below NEAR_LIMIT. */
const INCREASE_FACTOR = 1.15;
/**
 * The growth while the metered rate is still a guess (metered on Graph's first early warning, when what it admitted
 * was a burst, not its refill): until a 429 or another warning says the rate is at Graph's limit.
 */
const PROBING_FACTOR = 2;
/** Before Graph has said anything about the budget, each round of writes may be this much larger than the last. */
const SLOW_START_FACTOR = 1.5;
/** A budget that took a clean round this large is no small one (Graph's is 3,000): stop holding writes back. */
const SLOW_START_ENDS_AFTER = 2 * WRITE_BURST;
const BELOW_ADMITTED = 0.9;
/** Graph sends x-ms-throttle-limit-percentage above 0.8 of the budget; from here on the rate stops growing. */
const NEAR_LIMIT = 0.8;
/** From here on writes are metered at the rate Graph admits, before any 429 (from NEAR_LIMIT when not metered yet). */
const AT_LIMIT = 0.95;
/** While slow start waits for answers, look again this often (an answer wakes the dispatcher sooner). */
const UNTIL_AN_ANSWER_MS = 50;

/** What one answer said about the writes it carried. */
export interface WriteTally {
	/** Writes the request carried (answered or not). */
	sent: number;
	admitted: number;
	throttled: number;
	retryAfterMs: number;
	/** The highest x-ms-throttle-limit-percentage Graph sent with a write's answer (0 when absent). */
	limitUsed: number;
}

/**
 * Paces requests to what Graph admits. Before Graph has said anything about the budget, writes start slow: rounds
 * of 20, 30, 45 writes, each sent once the last was answered, so the first wave never floods a budget another
 * execution (or another worker) already drained; after a clean round of two batches or more nothing is held back
 * until Graph says otherwise. When Graph answers 429, (1) fewer requests are in flight until the Retry-After has
 * passed, and (2) writes are metered at the rate Graph was seen to admit over the last second; every answer that
 * admitted all its writes raises the rate by a little (doubles it while the rate is a guess: metered on Graph's
 * first warning, before a 429 or a second warning showed where its limit is). Graph's early warning,
 * x-ms-throttle-limit-percentage, brakes before the 429s: near the limit the rate stops growing, at it writes are
 * metered at the admitted rate. The app keeps Graph's write bucket drained without hammering it with requests
 * that can only bounce.
 */
export class Pacer {
	private cooldownUntil = 0;

	private writesPerSecond = Infinity;

	private tokens = WRITE_BURST;

	private refilledAt = 0;

	private writesInFlight = 0;

	/** Slow start: writes go out in rounds (the next after every write of the last was answered) of growing size. */
	private roundSize = WRITE_BURST;

	private sentThisRound = 0;

	private roundClean = true;

	private startingSlowly = true;

	/** The metered rate is a guess: Graph has not refused a write, nor warned again since metering began. */
	private probing = true;

	/** Writes Graph admitted lately, one entry per answer (not per write: cheap at any volume). */
	private admissions: Array<{ at: number; count: number }> = [];

	constructor(
		private readonly maxInFlight: number,
		now = Date.now(),
	) {
		this.refilledAt = now;
	}

	limit(now = Date.now()): number {
		return now < this.cooldownUntil ? Math.max(1, Math.floor(this.maxInFlight / 2)) : this.maxInFlight;
	}

	/** How many writes may go out now. */
	writeAllowance(now = Date.now()): number {
		this.refill(now);
		if (Number.isFinite(this.writesPerSecond)) return Math.floor(this.tokens);
		if (!this.startingSlowly) return Infinity;
		return Math.max(0, Math.floor(this.roundSize) - this.sentThisRound);
	}

	/** Milliseconds until `count` writes (at most one batch) may go out together; while starting, until an answer. */
	writeWait(count: number, now = Date.now()): number {
		const needed = Math.min(Math.max(count, 1), WRITE_BURST);
		const allowance = this.writeAllowance(now);
		if (allowance >= needed || (allowance > 0 && !Number.isFinite(this.writesPerSecond))) return 0;
		if (!Number.isFinite(this.writesPerSecond)) return UNTIL_AN_ANSWER_MS;
		return Math.ceil(((needed - this.tokens) / this.writesPerSecond) * 1000);
	}

	spendWrites(count: number): void {
		this.writesInFlight += count;
		this.sentThisRound += count;
		if (Number.isFinite(this.writesPerSecond)) this.tokens -= count;
	}

	/** A request came back (or was given up): what its answer said about the writes it carried. */
	answered({ sent, admitted, throttled, retryAfterMs, limitUsed }: WriteTally, now = Date.now()): void {
		this.writesInFlight = Math.max(0, this.writesInFlight - sent);
		this.forgetBefore(now - WINDOW_MS);
		if (admitted > 0) this.admissions.push({ at: now, count: admitted });
		const metered = Number.isFinite(this.writesPerSecond);
		if (throttled > 0) this.throttled(retryAfterMs, now);
		else if (limitUsed >= AT_LIMIT || (limitUsed >= NEAR_LIMIT && !metered)) this.meterAtAdmittedRate(now);
		else if (metered && admitted > 0 && limitUsed < NEAR_LIMIT) this.writesPerSecond *= this.probing ? PROBING_FACTOR : INCREASE_FACTOR;
		if (throttled > 0 || limitUsed >= NEAR_LIMIT) this.roundClean = false;
		if (throttled > 0 || (metered && limitUsed >= NEAR_LIMIT)) this.probing = false;
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

	private throttled(retryAfterMs: number, now: number): void {
		this.cooldownUntil = Math.max(this.cooldownUntil, now + retryAfterMs);
		this.meterAtAdmittedRate(now);
	}

	/** Meters writes at the rate Graph was seen to admit (never faster than now, never below Graph's floor). */
	private meterAtAdmittedRate(now: number): void {
		// A little under what Graph admitted: a budget used up at exactly its refill rate never recovers.
		const seen = Math.max(MIN_WRITES_PER_SECOND, this.admittedRate(now) * BELOW_ADMITTED);
		if (!Number.isFinite(this.writesPerSecond) || seen < this.writesPerSecond) {
			this.refill(now);
			this.writesPerSecond = seen;
			this.tokens = Math.min(this.tokens, 0);
			this.refilledAt = now;
		}
	}

	/**
	 * Writes per second Graph admitted lately: the answers since the oldest one remembered, over the time since
	 * it (counting the oldest answer too would count one batch more than the span holds).
	 */
	private admittedRate(now: number): number {
		this.forgetBefore(now - WINDOW_MS);
		const total = this.admissions.reduce((sum, entry) => sum + entry.count, 0);
		const oldest = this.admissions[0];
		if (!oldest || now - oldest.at < MIN_SPAN_MS) return (total * 1000) / WINDOW_MS;
		return ((total - oldest.count) * 1000) / (now - oldest.at);
	}

	private forgetBefore(time: number): void {
		const keepFrom = this.admissions.findIndex((entry) => entry.at > time);
		this.admissions = keepFrom < 0 ? [] : this.admissions.slice(keepFrom);
	}

	private refill(now: number): void {
		if (!Number.isFinite(this.writesPerSecond)) return;
		this.tokens = Math.min(WRITE_BURST, this.tokens + ((now - this.refilledAt) / 1000) * this.writesPerSecond);
		this.refilledAt = now;
	}
}
