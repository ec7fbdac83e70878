/**
 * Graph allows provisionOnDemand 5 requests per 10 seconds (synchronization-synchronizationjob-provisionondemand.md).
 * Calls are paced to stay under it rather than meeting 429s: each call reserves a slot in a sliding window shared by
 * every execution of this process, per app and tenant (the stricter of the two scopes Graph's words allow: per job,
 * or per caller).
 */
const LIMIT = { requests: 5, windowMs: 10_000 };

/** Graph counts arrivals, we count departures: a margin for the latency between them. */
const MARGIN_MS = 250;

const reserved = new Map<string, number[]>();

/** Reserves the next free slot for one call and answers how long to wait before sending it (0: now). */
export function reserveOnDemandCall(budget: string, now = Date.now()): number {
	const times = (reserved.get(budget) ?? []).filter((at) => at > now - LIMIT.windowMs - MARGIN_MS);
	const at = times.length < LIMIT.requests ? now : Math.max(now, times[times.length - LIMIT.requests] + LIMIT.windowMs + MARGIN_MS);
	times.push(at);
	reserved.set(budget, times);
	return at - now;
}

/** Forgets the reservations: a test starts as a fresh n8n process would. */
export function forgetOnDemandReservations(): void {
	reserved.clear();
}
