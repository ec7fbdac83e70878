import { parseRetryAfter } from '../../nodes/CrossTenantSyncPolicy/errors/graphFailure';
import { appliedDespiteLostAnswer, backoffMs, isRetryableStatus } from '../../nodes/CrossTenantSyncPolicy/executor/retryPolicy';
import { Pacer } from '../../nodes/CrossTenantSyncPolicy/executor/pacer';
import { forgetProcessWriteMeters, processWriteMeter, WriteMeter } from '../../nodes/CrossTenantSyncPolicy/executor/writeMeter';

describe('retry policy', () => {
	it('retries throttling and unavailability only', () => {
		expect([429, 503, 504].every(isRetryableStatus)).toBe(true);
		expect([400, 401, 403, 404, 409, 500, 502].some(isRetryableStatus)).toBe(false);
	});

	it('reads Retry-After as seconds or as an HTTP date', () => {
		const now = Date.parse('2026-11-29T10:00:00Z');
		expect(parseRetryAfter('7', now)).toBe(7000);
		expect(parseRetryAfter('Sun, 29 Nov 2026 10:00:12 GMT', now)).toBe(12_000);
		expect(parseRetryAfter('Sun, 29 Nov 2026 09:59:00 GMT', now)).toBe(0);
		expect(parseRetryAfter(undefined, now)).toBeUndefined();
		expect(parseRetryAfter('soon', now)).toBeUndefined();
	});

	it('backs off exponentially with jitter between half and all of each step', () => {
		expect(backoffMs(0, () => 0)).toBe(250);
		expect(backoffMs(0, () => 1)).toBe(500);
		expect(backoffMs(3, () => 1)).toBe(4000);
		expect(backoffMs(20, () => 1)).toBe(30_000);
	});

	it('counts a lost write as applied only when its retry proves it', () => {
		const put = { method: 'PUT' as const, path: '/x' };
		expect(appliedDespiteLostAnswer(put, 409, 'Request_MultipleObjectsWithSameKeyValue')).toBe(204);
		expect(appliedDespiteLostAnswer(put, 400, 'Request_MultipleObjectsWithSameKeyValue')).toBe(204);
		expect(appliedDespiteLostAnswer(put, 409, 'SomethingElse')).toBeUndefined();
		expect(appliedDespiteLostAnswer({ method: 'POST', path: '/p' }, 400, 'Request_MultipleObjectsWithSameKeyValue')).toBe(201);
		expect(appliedDespiteLostAnswer({ method: 'DELETE', path: '/x' }, 404, 'Directory_ObjectNotFound')).toBe(204);
		expect(appliedDespiteLostAnswer({ method: 'PATCH', path: '/x' }, 404, 'Directory_ObjectNotFound')).toBeUndefined();
	});
});

describe('pacer', () => {
	it('starts writes in rounds of 20, 30, 45, then holds nothing back until Graph throttles', () => {
		const pacer = new Pacer(4, 0);
		expect(pacer.limit(0)).toBe(4);
		const clean = (sent: number) => ({ sent, admitted: sent, throttled: 0, retryAfterMs: 0, limitUsed: 0 });
		for (const round of [20, 30, 45]) {
			expect(pacer.writeAllowance(0)).toBe(round);
			expect(pacer.writeWait(20, 0)).toBe(0);
			pacer.spendWrites(round);
			// The round is out: no more writes until every one of them is answered.
			expect(pacer.writeAllowance(0)).toBe(0);
			expect(pacer.writeWait(20, 0)).toBeGreaterThan(0);
			pacer.answered(clean(Math.min(round, 20)), 0);
			if (round > 20) expect(pacer.writeAllowance(0)).toBe(0);
			if (round > 20) pacer.answered(clean(round - 20), 0);
		}
		expect(pacer.writeAllowance(0)).toBe(Infinity);
	});

	/** Rounds of 20 and 30 writes, the second answered with Graph's first warning (0.9 of the budget used). */
	const meteredOnFirstWarning = (): Pacer => {
		const pacer = new Pacer(4, 0);
		pacer.spendWrites(20);
		pacer.answered({ sent: 20, admitted: 20, throttled: 0, retryAfterMs: 0, limitUsed: 0 }, 0);
		pacer.spendWrites(30);
		pacer.answered({ sent: 30, admitted: 30, throttled: 0, retryAfterMs: 0, limitUsed: 0.9 }, 100);
		return pacer;
	};

	it("a first round that meets Graph's early warning meters the writes after it", () => {
		const pacer = meteredOnFirstWarning();
		// 50 writes over the 2 s remembered (100 ms say nothing about a rate) = 25/s, a little under: 22.5/s.
		expect(pacer.writeAllowance(100)).toBe(0);
		expect(pacer.writeWait(20, 100)).toBe(889);
	});

	it("metered on Graph's first warning, doubles the rate per clean answer until Graph warns again, then grows it by 15 %", () => {
		const pacer = meteredOnFirstWarning();
		// Metered at 22.5/s (the case above): a batch of 20 is due after 889 ms; each clean answer doubles the rate.
		expect(pacer.writeWait(20, 100)).toBe(889);
		pacer.answered({ sent: 20, admitted: 20, throttled: 0, retryAfterMs: 0, limitUsed: 0 }, 100);
		expect(pacer.writeWait(20, 100)).toBe(445);
		pacer.answered({ sent: 20, admitted: 20, throttled: 0, retryAfterMs: 0, limitUsed: 0.85 }, 100);
		expect(pacer.writeWait(20, 100)).toBe(445);
		pacer.answered({ sent: 20, admitted: 20, throttled: 0, retryAfterMs: 0, limitUsed: 0 }, 100);
		expect(pacer.writeWait(20, 100)).toBe(387);
	});

	it('after a 429 halves the requests in flight until Retry-After and meters writes at the admitted rate', () => {
		const pacer = new Pacer(4, 0);
		pacer.answered({ sent: 20, admitted: 20, throttled: 0, retryAfterMs: 0, limitUsed: 0 }, 0);
		pacer.answered({ sent: 20, admitted: 20, throttled: 0, retryAfterMs: 0, limitUsed: 0 }, 500);
		pacer.answered({ sent: 20, admitted: 20, throttled: 0, retryAfterMs: 0, limitUsed: 0 }, 1000);
		pacer.answered({ sent: 20, admitted: 0, throttled: 20, retryAfterMs: 1000, limitUsed: 0 }, 1000);
		expect(pacer.limit(1500)).toBe(2);
		expect(pacer.limit(2000)).toBe(4);
		expect(pacer.writeAllowance(1000)).toBe(0);
		// 40 writes admitted in the second since the oldest answer remembered: 40/s, metered a little under at
		// 36/s, so a batch of 20 is due after 556 ms.
		expect(pacer.writeWait(20, 1000)).toBe(556);
		expect(pacer.writeAllowance(1556)).toBe(20);
	});

	it('raises the metered rate while answers come back clean', () => {
		const pacer = new Pacer(4, 0);
		pacer.answered({ sent: 20, admitted: 0, throttled: 20, retryAfterMs: 1000, limitUsed: 0 }, 1000);
		const before = pacer.writeWait(20, 1000);
		pacer.answered({ sent: 20, admitted: 20, throttled: 0, retryAfterMs: 0, limitUsed: 0 }, 1000);
		expect(pacer.writeWait(20, 1000)).toBeLessThan(before);
	});

	it("metered, holds the rate on Graph's early warning and grows it once the warning is gone", () => {
		// Metered: between 0.8 and 0.95 the rate holds, at 0.95 it drops to the admitted rate.
		const metered = new Pacer(4, 0);
		metered.answered({ sent: 20, admitted: 0, throttled: 20, retryAfterMs: 1000, limitUsed: 0 }, 1000);
		const before = metered.writeWait(20, 1000);
		metered.answered({ sent: 20, admitted: 20, throttled: 0, retryAfterMs: 0, limitUsed: 0.85 }, 1000);
		expect(metered.writeWait(20, 1000)).toBe(before);
		metered.answered({ sent: 20, admitted: 20, throttled: 0, retryAfterMs: 0, limitUsed: 0 }, 1000);
		expect(metered.writeWait(20, 1000)).toBeLessThan(before);
	});

	it('executions on one write budget share what Graph said: a 429 met by one meters the other, and they split its writes', () => {
		const meter = new WriteMeter(0);
		const first = new Pacer(4, 0, meter);
		const second = new Pacer(4, 0, meter);
		// The second is still in its slow start; the first is throttled.
		first.spendWrites(20, 0);
		first.answered({ sent: 20, admitted: 0, throttled: 20, retryAfterMs: 1000, limitUsed: 1 }, 0);
		expect(second.limit(500)).toBe(2);
		expect(second.writeAllowance(0)).toBe(0);
		// Metered at Graph's 20/s floor: after 1 s there are 20 writes for both together, not 20 each.
		expect(second.writeWait(20, 0)).toBe(1000);
		second.spendWrites(20, 1000);
		expect(first.writeAllowance(1000)).toBe(0);
		expect(first.writeWait(20, 1000)).toBe(1000);
	});

	it("the process keeps one meter per write budget while it is used, and a fresh one after 10 s of silence", () => {
		forgetProcessWriteMeters();
		const contoso = processWriteMeter('graph|contoso|app', 0);
		expect(processWriteMeter('graph|contoso|app', 5000)).toBe(contoso);
		expect(processWriteMeter('graph|fabrikam|app', 5000)).not.toBe(contoso);
		contoso.spend(20, 9000);
		expect(processWriteMeter('graph|contoso|app', 18_999)).toBe(contoso);
		expect(processWriteMeter('graph|contoso|app', 29_000)).not.toBe(contoso);
		forgetProcessWriteMeters();
	});
});
