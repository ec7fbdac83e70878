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
/** The growth per clean answer while the metered rate is still a guess: until a 429 or another warning. */
const PROBING_FACTOR = 2;
const BELOW_ADMITTED = 0.9;
/** Graph sends x-ms-throttle-limit-percentage above 0.8 of the budget; from here on the rate stops growing. */
export const NEAR_LIMIT = 0.8;
/** Metering by rate alone, from here on writes go at the rate Graph admits, before any 429. */
const AT_LIMIT = 0.95;
/**
 * What a meter learned is forgotten after this long without a write sent or answered: by then Graph's budget has
 * refilled by at least 200 writes, and the next execution starts as a fresh one would (slowly, learning anew).
 */
const FORGET_AFTER_IDLE_MS = 10_000;
/** Graph's reading of its budget may be rounded (the emulator rounds to 0.01): count that much more as used. */
const READING_UNCERTAINTY = 0.01;
/** Graph's readings are remembered this long to measure its refill from them. */
const READINGS_KEPT_MS = 30_000;
/** A refill measured from Graph's readings is trusted once its uncertainty is at most this share of it. */
const TRUSTED_PRECISION = 0.1;
/** Until the refill is measured, writes go out in slices this long at the metered rate, so answers come often. */
const SLICE_MS = 100;

/** What one answer said about the writes it carried. */
export interface WriteTally {
	/** Writes the request carried (answered or not). */
	sent: number;
	admitted: number;
	throttled: number;
	retryAfterMs: number;
	/** The highest x-ms-throttle-limit-percentage Graph sent with a write's answer (0 when absent). */
	limitUsed: number;
	/** What WriteMeter.spend returned for these writes. */
	ticket: number;
}

/** One x-ms-throttle-limit-percentage: when it came, how many writes this process had had admitted by then. */
interface Reading {
	at: number;
	admittedTotal: number;
	used: number;
}

/**
 * What this process knows of one Graph write budget (an app in a tenant), shared by every execution it runs on that
 * budget (several at once in a queue-mode worker), so that they split Graph's budget instead of each pacing as if
 * it were alone. Unmetered until Graph warns (x-ms-throttle-limit-percentage ≥ 0.8) or throttles; then a token
 * bucket. When Graph's first word was a reading on writes it admitted, the bucket's tokens are set from every
 * reading (the share Graph says is free, of the budget size the first reading showed, less the writes in flight)
 * and its rate is Graph's refill measured from the readings (writes admitted plus the change in the free share,
 * over the time between them) once that measure is precise; until then the rate is a guess from Graph's floor that
 * doubles per clean answer, and writes go out in slices so that readings come often. When its first word was a
 * 429, the meter goes by rate alone: the rate Graph was seen to admit, a little under it, held near the limit,
 * growing by a little per clean answer. A 429 also starts a cooldown until its Retry-After.
 */
export class WriteMeter {
	private cooldownUntil = 0;

	private writesPerSecond = Infinity;

	private tokens = WRITE_BURST;

	private refilledAt: number;

	/** The metered rate is a guess: Graph has not refused a write, nor warned again since metering began. */
	private probing = true;

	/** The rate was measured from Graph's readings: writes go out in full batches. */
	private measured = false;

	/** Writes Graph admitted lately, one entry per answer (not per write: cheap at any volume). */
	private admissions: Array<{ at: number; count: number }> = [];

	private lastActivityAt: number;

	/** Graph's budget in writes, as its first reading showed it: the writes admitted until then over the share used. */
	private budgetSize = 0;

	private admittedTotal = 0;

	private firstSpentAt?: number;

	private readings: Reading[] = [];

	private lastTicket = 0;

	/** Writes sent by this process on this budget and not answered yet. */
	private writesInFlight = 0;

	/** Answers to writes sent before this ticket went out at an older rate: they do not judge the current one. */
	private rateSetAtTicket = 0;

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
		return this.metered ? Math.max(0, Math.floor(this.tokens)) : Infinity;
	}

	/**
	 * Milliseconds until `needed` writes (at most one batch) may go out together; only a slice of them while the
	 * rate is a guess that Graph's readings will correct.
	 */
	waitFor(needed: number, now = Date.now()): number {
		const slice = this.measured || this.budgetSize === 0 ? needed : Math.min(needed, Math.max(1, Math.ceil((this.writesPerSecond * SLICE_MS) / 1000)));
		if (this.allowance(now) >= slice) return 0;
		return Math.ceil(((slice - this.tokens) / this.writesPerSecond) * 1000);
	}

	/** Counts writes going out; the ticket goes back with their answer (WriteTally.ticket). */
	spend(count: number, now = Date.now()): number {
		this.lastActivityAt = now;
		this.firstSpentAt ??= now;
		if (this.metered) this.tokens -= count;
		this.writesInFlight += count;
		return ++this.lastTicket;
	}

	record(tally: WriteTally, now = Date.now()): void {
		const { sent, admitted, throttled, retryAfterMs, ticket } = tally;
		this.lastActivityAt = now;
		this.writesInFlight = Math.max(0, this.writesInFlight - sent);
		this.forgetBefore(now - WINDOW_MS);
		if (admitted > 0) this.admissions.push({ at: now, count: admitted });
		this.admittedTotal += admitted;
		if (admitted + throttled === 0) return;
		// A refused write means the budget is used up, whatever the header says.
		const used = throttled > 0 ? Math.max(tally.limitUsed, 1) : tally.limitUsed;
		if (throttled > 0) this.cooldownUntil = Math.max(this.cooldownUntil, now + retryAfterMs);
		if (!this.metered) {
			if (used < NEAR_LIMIT) return;
			this.startMetering(used, throttled > 0, now);
		}
		this.takeTokensFromReading(used, now);
		if (used >= NEAR_LIMIT) {
			this.readings.push({ at: now, admittedTotal: this.admittedTotal, used });
			this.readings = after(now - READINGS_KEPT_MS, this.readings);
		}
		this.judgeRate(used, throttled > 0, ticket, now);
	}

	/**
	 * The budget's size is known when Graph's first word was a reading on writes it admitted, after a batch or more:
	 * those writes, less what Graph refilled meanwhile (at least its documented floor), were the share it reads as
	 * used. When its first word was a 429 (a Graph that sends readings only then, or a budget others drained), or
	 * came after fewer writes, the size is unknown and the meter goes by the rate alone.
	 */
	private startMetering(used: number, throttled: boolean, now: number): void {
		const refilledMeanwhile = (MIN_WRITES_PER_SECOND * (now - (this.firstSpentAt ?? now))) / 1000;
		const known = !throttled && this.admittedTotal >= WRITE_BURST;
		this.budgetSize = known ? Math.max(WRITE_BURST, this.admittedTotal - refilledMeanwhile) / used : 0;
		// What was admitted so far was a burst, not the refill: with readings to go by, start from Graph's floor.
		this.setRate(this.budgetSize > 0 ? MIN_WRITES_PER_SECOND : this.admittedRateBelow(now), now);
		this.tokens = 0;
	}

	/** Graph said how much of its budget is used: the meter lets go what is free, less what is still in flight. */
	private takeTokensFromReading(used: number, now: number): void {
		if (this.budgetSize === 0) return;
		this.refill(now);
		// Writes still in flight may not be in the reading yet (those sent earlier too: parts run in any order).
		// Without a reading, Graph's budget is at most NEAR_LIMIT used: at least that much is free.
		const free = this.budgetSize * (1 - Math.max(used, NEAR_LIMIT) - READING_UNCERTAINTY) - this.writesInFlight;
		this.tokens = used >= NEAR_LIMIT ? Math.min(WRITE_BURST, free) : Math.max(this.tokens, Math.min(WRITE_BURST, free));
	}

	private judgeRate(used: number, throttled: boolean, ticket: number, now: number): void {
		const refill = used >= NEAR_LIMIT ? this.refillFromReadings() : undefined;
		if (refill !== undefined) {
			this.measured = true;
			this.probing = false;
			this.setRate(refill, now);
			return;
		}
		if (throttled) {
			this.probing = false;
			this.lowerRateTo(this.admittedRateBelow(now), now);
			this.tokens = Math.min(this.tokens, 0);
			return;
		}
		if (ticket < this.rateSetAtTicket) return;
		if (used < NEAR_LIMIT) {
			this.setRate(this.writesPerSecond * (this.probing ? PROBING_FACTOR : INCREASE_FACTOR), now);
			return;
		}
		if (this.measured) return;
		this.probing = false;
		if (used >= AT_LIMIT) this.lowerRateTo(this.admittedRateBelow(now), now);
	}

	/**
	 * Graph's refill as its readings show it, from the oldest one remembered to the newest: the writes admitted
	 * between them plus the change in the free share of the budget, over the time between them. A lower bound
	 * (less its uncertainty), or undefined while that uncertainty is more than TRUSTED_PRECISION of it.
	 */
	private refillFromReadings(): number | undefined {
		if (this.budgetSize === 0) return undefined;
		const oldest = this.readings[0];
		const newest = this.readings[this.readings.length - 1];
		if (!oldest || !newest || newest.at - oldest.at < MIN_SPAN_MS) return undefined;
		const seconds = (newest.at - oldest.at) / 1000;
		const refill = (newest.admittedTotal - oldest.admittedTotal + this.budgetSize * (oldest.used - newest.used)) / seconds;
		const uncertainty = (2 * READING_UNCERTAINTY * this.budgetSize) / seconds;
		if (refill <= 0 || uncertainty > TRUSTED_PRECISION * refill) return undefined;
		return Math.max(MIN_WRITES_PER_SECOND, refill - uncertainty);
	}

	/** A little under the rate Graph was seen to admit, never below Graph's floor. */
	private admittedRateBelow(now: number): number {
		// A little under what Graph admitted: a budget used up at exactly its refill rate never recovers.
		return Math.max(MIN_WRITES_PER_SECOND, this.admittedRate(now) * BELOW_ADMITTED);
	}

	/** Without readings to set its tokens from, a meter that slows down starts from none. */
	private lowerRateTo(writesPerSecond: number, now: number): void {
		if (writesPerSecond >= this.writesPerSecond) return;
		this.setRate(writesPerSecond, now);
		if (this.budgetSize === 0) this.tokens = Math.min(this.tokens, 0);
	}

	private setRate(writesPerSecond: number, now: number): void {
		this.refill(now);
		this.refilledAt = now;
		this.writesPerSecond = writesPerSecond;
		this.rateSetAtTicket = this.lastTicket + 1;
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
		this.admissions = after(time, this.admissions);
	}

	private refill(now: number): void {
		if (!this.metered) return;
		this.tokens = Math.min(WRITE_BURST, this.tokens + ((now - this.refilledAt) / 1000) * this.writesPerSecond);
		this.refilledAt = now;
	}
}

/** The entries (oldest first) that came after `time`: the same array when all did. */
function after<T extends { at: number }>(time: number, entries: T[]): T[] {
	const keepFrom = entries.findIndex((entry) => entry.at > time);
	if (keepFrom === 0) return entries;
	return keepFrom < 0 ? [] : entries.slice(keepFrom);
}

/** Graph write budget (its key) → what this process knows of it. */
const sharedMeters = new Map<string, WriteMeter>();

/** The meter of one Graph write budget for this process: the one its executions share, or a fresh one when idle. */
export function sharedWriteMeter(budget: string, now = Date.now()): WriteMeter {
	const known = sharedMeters.get(budget);
	if (known && !known.isIdle(now)) return known;
	const fresh = new WriteMeter(now);
	sharedMeters.set(budget, fresh);
	return fresh;
}

/** Forgets every meter: a test or bench run starts as a fresh n8n process would. */
export function forgetSharedWriteMeters(): void {
	sharedMeters.clear();
}
