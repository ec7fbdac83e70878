import { type ThrottleVerdict, WriteThrottle, formatLimitPercentage } from './write-throttle';

const APP = '6A1F0B4E-1C2D-4E5F-8A9B-0C1D2E3F4A5B';
const TENANT = '72f988bf-0000-4000-8000-000000000001';

/** A throttle on a fake clock (milliseconds) that only moves when told. */
function fakeThrottle(capacity: number, refillPerSecond: number) {
	let now = 0;
	const throttle = new WriteThrottle({ capacity, refillPerSecond }, () => now);
	const take = (): ThrottleVerdict => {
		const verdict = throttle.take(APP, TENANT);
		if (!verdict) throw new Error('throttling is off');
		return verdict;
	};
	/** Takes n tokens at the current time; how many were admitted. */
	const takeMany = (n: number) => Array.from({ length: n }, take).filter((v) => v.retryAfterSeconds === undefined).length;
	return { throttle, take, takeMany, advance: (ms: number) => (now += ms) };
}

describe('write throttle (token bucket per app and tenant)', () => {
	it("holds Graph's documented identity write limit: 3,000 per 150 s (capacity 3000, 20/s)", () => {
		const { throttle, take, takeMany, advance } = fakeThrottle(3000, 20);
		expect(takeMany(3000)).toBe(3000);
		expect(take()).toMatchObject({ retryAfterSeconds: 1 });
		// Continuous refill: one token per 50 ms, not a window that resets after 150 s.
		advance(50);
		expect(takeMany(2)).toBe(1);
		advance(1000);
		expect(takeMany(21)).toBe(20);
		advance(150_000);
		expect(takeMany(3001)).toBe(3000);
		expect(throttle.counters()).toEqual({ admitted: 6021, rejected: 4, withLimitPercentage: 2 * 600 + 4 + 1 + 20 });
	});

	it('holds a scaled bucket: 50 burst + 40/s', () => {
		const { take, takeMany, advance } = fakeThrottle(50, 40);
		expect(takeMany(50)).toBe(50);
		expect(take()).toMatchObject({ retryAfterSeconds: 1 });
		advance(25);
		expect(takeMany(2)).toBe(1);
		advance(500);
		expect(takeMany(30)).toBe(20);
		// Never more than the capacity, however long it rests.
		advance(60_000);
		expect(takeMany(60)).toBe(50);
	});

	it('reports x-ms-throttle-limit-percentage (and the scope) once more than 80 % is used; 1.0 on a 429', () => {
		const { take, advance } = fakeThrottle(10, 1);
		const answers = Array.from({ length: 11 }, take);
		const scope = `Tenant_Application/Write/${APP.toLowerCase()}/${TENANT}`;
		expect(answers.slice(0, 8).map((a) => a.headers)).toEqual(Array(8).fill({}));
		expect(answers[8].headers).toEqual({ 'x-ms-throttle-limit-percentage': '0.9', 'x-ms-throttle-scope': scope });
		expect(answers[9].headers).toEqual({ 'x-ms-throttle-limit-percentage': '1.0', 'x-ms-throttle-scope': scope });
		expect(answers[10]).toEqual({
			retryAfterSeconds: 1,
			headers: { 'x-ms-throttle-limit-percentage': '1.0', 'x-ms-throttle-scope': scope, 'x-ms-throttle-information': 'WriteLimitExceeded' },
		});
		// 2.5 tokens back: 85 % used after the next write.
		advance(2500);
		expect(take().headers['x-ms-throttle-limit-percentage']).toBe('0.85');
	});

	it('formats the used fraction with at most 2 decimals and at least one', () => {
		expect([0.85, 0.9, 1, 0.80033, 0.996, 0.8449].map(formatLimitPercentage)).toEqual(['0.85', '0.9', '1.0', '0.8', '1.0', '0.84']);
	});

	it('is off without a configuration, and reset() clears the counters', () => {
		const throttle = new WriteThrottle();
		expect(throttle.take(APP, TENANT)).toBeUndefined();
		throttle.configure({ capacity: 1, refillPerSecond: 1 });
		throttle.take(APP, TENANT);
		expect(throttle.counters()).toEqual({ admitted: 1, rejected: 0, withLimitPercentage: 1 });
		throttle.reset(undefined);
		expect(throttle.counters()).toEqual({ admitted: 0, rejected: 0, withLimitPercentage: 0 });
	});
});
