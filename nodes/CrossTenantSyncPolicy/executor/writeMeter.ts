/** Largest burst of writes the meter lets through at once: one full batch. */
export const WRITE_BURST = 20;
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
const BELOW_ADMITTED = 0.9;
/** Graph sends x-ms-throttle-limit-percentage above 0.8 of the budget; from here on the rate stops growing. */
export const NEAR_LIMIT = 0.8;
/** From here on writes are metered at the rate Graph admits, before any 429 (from NEAR_LIMIT when not metered yet). */
const AT_LIMIT = 0.95;
/**
 * What a meter learned is forgotten after this long without a write sent or answered: by then Graph's budget has
 * refilled by at least 200 writes, and the next execution starts as a fresh one would (slowly, learning anew).
 */
const FORGET_AFTER_IDLE_MS = 10_000;

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
 * What this process knows of one Graph write budget (an app in a tenant): unmetered until Graph warns or throttles,
 * then a token bucket at the rate Graph was seen to admit over the last second, a little under it; every answer
 * that admitted all its writes raises the rate by a little (doubles it while the rate is a guess). Near the limit
 * (x-ms-throttle-limit-percentage ≥ 0.8) the rate stops growing, at it (≥ 0.95) writes are metered at the admitted
 * rate; a 429 also starts a cooldown until its Retry-After. Shared by every execution this process runs on that
 * budget (several at once in a queue-mode worker), so that they split Graph's budget instead of each pacing as if
 * it were alone.
 */
export class WriteMeter {
	private cooldownUntil = 0;

	private writesPerSecond = Infinity;

	private tokens = WRITE_BURST;

	private refilledAt: number;

	/** The metered rate is a guess: Graph has not refused a write, nor warned again since metering began. */
	private probing = true;

	/** Writes Graph admitted lately, one entry per answer (not per write: cheap at any volume). */
	private admissions: Array<{ at: number; count: number }> = [];

	private lastActivityAt: number;

	constructor(now = Date.now()) {
		this.refilledAt = now;
		this.lastActivityAt = now;
	}

	get metered(): boolean {
		return Number.isFinite(this.writesPerSecond);
	}

	inCooldown(now = Date.now()): boolean {
		return now < this.cooldownUntil;
	}

	/** Nothing sent or answered for a while: what it learned no longer describes Graph's budget. */
	isIdle(now = Date.now()): boolean {
		return now - this.lastActivityAt >= FORGET_AFTER_IDLE_MS;
	}

	/** Writes the meter lets go now (Infinity while unmetered). */
	allowance(now = Date.now()): number {
		this.refill(now);
		return this.metered ? Math.floor(this.tokens) : Infinity;
	}

	/** Milliseconds until `needed` writes (at most one batch) may go out together. */
	waitFor(needed: number, now = Date.now()): number {
		if (this.allowance(now) >= needed) return 0;
		return Math.ceil(((needed - this.tokens) / this.writesPerSecond) * 1000);
	}

	spend(count: number, now = Date.now()): void {
		this.lastActivityAt = now;
		if (this.metered) this.tokens -= count;
	}

	record({ admitted, throttled, retryAfterMs, limitUsed }: WriteTally, now = Date.now()): void {
		this.lastActivityAt = now;
		this.forgetBefore(now - WINDOW_MS);
		if (admitted > 0) this.admissions.push({ at: now, count: admitted });
		const metered = this.metered;
		if (throttled > 0 || (metered && limitUsed >= NEAR_LIMIT)) this.probing = false;
		if (throttled > 0) {
			this.cooldownUntil = Math.max(this.cooldownUntil, now + retryAfterMs);
			this.meterAtAdmittedRate(now);
		} else if (limitUsed >= AT_LIMIT || (limitUsed >= NEAR_LIMIT && !metered)) this.meterAtAdmittedRate(now);
		else if (metered && admitted > 0 && limitUsed < NEAR_LIMIT) this.writesPerSecond *= this.probing ? PROBING_FACTOR : INCREASE_FACTOR;
	}

	/** Meters writes at the rate Graph was seen to admit (never faster than now, never below Graph's floor). */
	private meterAtAdmittedRate(now: number): void {
		// A little under what Graph admitted: a budget used up at exactly its refill rate never recovers.
		const seen = Math.max(MIN_WRITES_PER_SECOND, this.admittedRate(now) * BELOW_ADMITTED);
		if (!this.metered || seen < this.writesPerSecond) {
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
		if (!this.metered) return;
		this.tokens = Math.min(WRITE_BURST, this.tokens + ((now - this.refilledAt) / 1000) * this.writesPerSecond);
		this.refilledAt = now;
	}
}

/** Graph write budget (its key) → what this process knows of it. */
const processMeters = new Map<string, WriteMeter>();

/** The meter of one Graph write budget for this process: the one its executions share, or a fresh one when idle. */
export function processWriteMeter(budget: string, now = Date.now()): WriteMeter {
	const known = processMeters.get(budget);
	if (known && !known.isIdle(now)) return known;
	const fresh = new WriteMeter(now);
	processMeters.set(budget, fresh);
	return fresh;
}

/** Forgets every meter: a test or bench run starts as a fresh n8n process would. */
export function forgetProcessWriteMeters(): void {
	processMeters.clear();
}
