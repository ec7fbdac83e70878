/** Largest burst of writes the governor lets through at once: one full batch. */
const WRITE_BURST = 20;
/** Admissions are remembered this long to measure the rate Graph admits. */
const WINDOW_MS = 2000;
/** A shorter span than this says nothing about a rate (a burst into a fresh budget). */
const MIN_SPAN_MS = 500;
/** Graph's documented sustained write limit per app and tenant is 3,000 per 150 s: never meter below it. */
const MIN_WRITES_PER_SECOND = 20;
const INCREASE_FACTOR = 1.5;
const BELOW_ADMITTED = 0.9;
/** Graph sends x-ms-throttle-limit-percentage above 0.8 of the budget; from here on the rate stops growing. */
const NEAR_LIMIT = 0.8;
/** From here on writes are metered at the rate Graph admits, before any 429 (from NEAR_LIMIT when not metered yet). */
const AT_LIMIT = 0.95;

/**
 * Paces requests to what Graph admits. Before any throttling nothing is held back. When Graph answers 429,
 * (1) fewer requests are in flight until the Retry-After has passed, and (2) writes are metered at the rate
 * Graph was seen to admit over the last second; every answer that admitted all its writes raises the rate by
 * half. Graph's early warning, x-ms-throttle-limit-percentage, brakes before the 429s: near the limit the
 * rate stops growing, at it writes are metered at the admitted rate. The app keeps Graph's write bucket drained
 * without hammering it with requests that can only bounce.
 */
export class Pacer {
	private cooldownUntil = 0;

	private writesPerSecond = Infinity;

	private tokens = WRITE_BURST;

	private refilledAt = 0;

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

	/** How many writes may go out now (Infinity while unmetered). */
	writeAllowance(now = Date.now()): number {
		this.refill(now);
		return Number.isFinite(this.writesPerSecond) ? Math.floor(this.tokens) : Infinity;
	}

	/** Milliseconds until `count` writes (at most one batch) may go out together. */
	writeWait(count: number, now = Date.now()): number {
		const needed = Math.min(Math.max(count, 1), WRITE_BURST);
		if (this.writeAllowance(now) >= needed) return 0;
		return Math.ceil(((needed - this.tokens) / this.writesPerSecond) * 1000);
	}

	spendWrites(count: number): void {
		if (Number.isFinite(this.writesPerSecond)) this.tokens -= count;
	}

	/**
	 * An answer came back: `admitted` writes went through, `throttled` bounced with 429; `limitUsed` is the highest
	 * x-ms-throttle-limit-percentage it carried (0 when absent).
	 */
	answered(admitted: number, throttled: number, retryAfterMs: number, limitUsed = 0, now = Date.now()): void {
		this.forgetBefore(now - WINDOW_MS);
		if (admitted > 0) this.admissions.push({ at: now, count: admitted });
		if (throttled > 0) this.throttled(retryAfterMs, now);
		else if (limitUsed >= AT_LIMIT || (limitUsed >= NEAR_LIMIT && !Number.isFinite(this.writesPerSecond))) this.meterAtAdmittedRate(now);
		else if (admitted > 0 && limitUsed < NEAR_LIMIT && Number.isFinite(this.writesPerSecond)) this.writesPerSecond *= INCREASE_FACTOR;
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
