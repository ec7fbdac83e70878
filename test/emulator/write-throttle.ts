import { performance } from 'node:perf_hooks';

import type { ThrottleStats, ThrottlingConfig } from './types';

interface Bucket {
	tokens: number;
	at: number;
}

export function checkThrottling(config: ThrottlingConfig | undefined | null): ThrottlingConfig | undefined {
	if (config === undefined || config === null) return undefined;
	const { capacity, refillPerSecond } = config;
	const problems: string[] = [];
	if (!Number.isInteger(capacity) || capacity < 1) problems.push('capacity must be an integer >= 1');
	if (typeof refillPerSecond !== 'number' || !Number.isFinite(refillPerSecond) || refillPerSecond <= 0) problems.push('refillPerSecond must be > 0');
	if (problems.length > 0) throw new Error(`Invalid throttling: ${problems.join(', ')}`);
	return { capacity, refillPerSecond };
}

/** Graph's write limit per app and tenant as a token bucket: one bucket per (appid, tid), one token per write. */
export class WriteThrottle {
	private config: ThrottlingConfig | undefined;
	private buckets = new Map<string, Bucket>();
	private stats: ThrottleStats = { admitted: 0, rejected: 0 };

	constructor(config?: ThrottlingConfig) {
		this.configure(config);
	}

	configure(config: ThrottlingConfig | undefined): void {
		this.config = checkThrottling(config);
		this.buckets.clear();
	}

	reset(config: ThrottlingConfig | undefined): void {
		this.configure(config);
		this.stats = { admitted: 0, rejected: 0 };
	}

	counters(): ThrottleStats {
		return { ...this.stats };
	}

	/** Takes a token for one write: undefined when admitted, else the Retry-After in whole seconds. */
	take(appId: string, tenantId: string): number | undefined {
		const config = this.config;
		if (!config) return undefined;
		const key = `${appId.toLowerCase()}|${tenantId.toLowerCase()}`;
		const now = performance.now();
		const bucket = this.buckets.get(key) ?? { tokens: config.capacity, at: now };
		bucket.tokens = Math.min(config.capacity, bucket.tokens + ((now - bucket.at) / 1000) * config.refillPerSecond);
		bucket.at = now;
		this.buckets.set(key, bucket);
		if (bucket.tokens >= 1) {
			bucket.tokens -= 1;
			this.stats.admitted += 1;
			return undefined;
		}
		this.stats.rejected += 1;
		return Math.max(1, Math.ceil((1 - bucket.tokens) / config.refillPerSecond));
	}
}
