import { performance } from 'node:perf_hooks';

import type { ThrottleStats, ThrottlingConfig } from './types';

interface Bucket {
	tokens: number;
	at: number;
}

/** Graph reports the limit's use once it is above this fraction. */
export const LIMIT_PERCENTAGE_THRESHOLD = 0.8;

/** What one write got from its bucket. */
export interface ThrottleVerdict {
	/** Set when the write is refused (429): whole seconds until a token is back, at least 1. */
	retryAfterSeconds?: number;
	/** `x-ms-throttle-*` headers for the answer; empty while the bucket is at most 80 % used. */
	headers: Record<string, string>;
}

export function checkThrottling(config: ThrottlingConfig | undefined | null): ThrottlingConfig | undefined {
	if (config === undefined || config === null) return undefined;
	const { capacity, refillPerSecond, limitPercentageOnAdmitted = true } = config;
	const problems: string[] = [];
	if (!Number.isInteger(capacity) || capacity < 1) problems.push('capacity must be an integer >= 1');
	if (typeof refillPerSecond !== 'number' || !Number.isFinite(refillPerSecond) || refillPerSecond <= 0) problems.push('refillPerSecond must be > 0');
	if (typeof limitPercentageOnAdmitted !== 'boolean') problems.push('limitPercentageOnAdmitted must be true or false');
	if (problems.length > 0) throw new Error(`Invalid throttling: ${problems.join(', ')}`);
	return { capacity, refillPerSecond, limitPercentageOnAdmitted };
}

/** The used fraction as Graph writes it: at most 2 decimals, at least one (`0.85`, `0.9`, `1.0`). */
export function formatLimitPercentage(used: number): string {
	const rounded = Math.round(used * 100) / 100;
	return Number.isInteger(rounded) ? rounded.toFixed(1) : String(rounded);
}

/**
 * Graph's write limit per app and tenant as a token bucket: one bucket per (appid, tid), one token per write, refilled
 * continuously (each take adds `refillPerSecond` × the seconds since the last one, up to `capacity`).
 */
export class WriteThrottle {
	private config: ThrottlingConfig | undefined;
	private buckets = new Map<string, Bucket>();
	private stats: ThrottleStats = { admitted: 0, rejected: 0, withLimitPercentage: 0 };

	/** `now`: a clock in milliseconds (tests pass a fake one). */
	constructor(
		config?: ThrottlingConfig,
		private readonly now: () => number = () => performance.now(),
	) {
		this.configure(config);
	}

	configure(config: ThrottlingConfig | undefined): void {
		this.config = checkThrottling(config);
		this.buckets.clear();
	}

	reset(config: ThrottlingConfig | undefined): void {
		this.configure(config);
		this.stats = { admitted: 0, rejected: 0, withLimitPercentage: 0 };
	}

	counters(): ThrottleStats {
		return { ...this.stats };
	}

	/** Takes a token for one write. undefined when throttling is off. */
	take(appId: string, tenantId: string): ThrottleVerdict | undefined {
		const config = this.config;
		if (!config) return undefined;
		const key = `${appId.toLowerCase()}|${tenantId.toLowerCase()}`;
		const now = this.now();
		const bucket = this.buckets.get(key) ?? { tokens: config.capacity, at: now };
		bucket.tokens = Math.min(config.capacity, bucket.tokens + ((now - bucket.at) / 1000) * config.refillPerSecond);
		bucket.at = now;
		this.buckets.set(key, bucket);
		if (bucket.tokens >= 1) {
			bucket.tokens -= 1;
			this.stats.admitted += 1;
			const used = (config.capacity - bucket.tokens) / config.capacity;
			if (used <= LIMIT_PERCENTAGE_THRESHOLD || !config.limitPercentageOnAdmitted) return { headers: {} };
			this.stats.withLimitPercentage += 1;
			return { headers: limitHeaders(appId, tenantId, used) };
		}
		this.stats.rejected += 1;
		this.stats.withLimitPercentage += 1;
		return {
			retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / config.refillPerSecond)),
			headers: { ...limitHeaders(appId, tenantId, 1), 'x-ms-throttle-information': 'WriteLimitExceeded' },
		};
	}
}

/**
 * Graph documents `<Scope>/<Limit>/<ApplicationId>/<TenantId>` for x-ms-throttle-scope; that it also comes with the
 * limit percentage on answers that were not refused is our reading.
 */
function limitHeaders(appId: string, tenantId: string, used: number): Record<string, string> {
	return {
		'x-ms-throttle-limit-percentage': formatLimitPercentage(used),
		'x-ms-throttle-scope': `Tenant_Application/Write/${appId.toLowerCase()}/${tenantId.toLowerCase()}`,
	};
}
