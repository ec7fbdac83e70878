import { parseRetryAfter } from '../../nodes/CrossTenantSyncPolicy/errors/graphFailure';
import { appliedDespiteLostAnswer, backoffMs, isRetryableStatus } from '../../nodes/CrossTenantSyncPolicy/executor/retryPolicy';
import { Pacer } from '../../nodes/CrossTenantSyncPolicy/executor/pacer';
import type { WriteTally } from '../../nodes/CrossTenantSyncPolicy/executor/writeMeter';
import { forgetSharedWriteMeters, sharedWriteMeter, WriteMeter } from '../../nodes/CrossTenantSyncPolicy/executor/writeMeter';

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
	type Answer = Partial<Omit<WriteTally, 'sent' | 'ticket'>>;
	/** Sends `count` writes at `at`; the returned function answers them (all admitted, no reading, unless told). */
	const send = (pacer: Pacer, count: number, at: number) => {
		const ticket = pacer.spendWrites(count, at);
		return (when: number, answer: Answer = {}) =>
			pacer.answered({ sent: count, admitted: count, throttled: 0, retryAfterMs: 0, limitUsed: 0, ticket, ...answer }, when);
	};

	it('starts writes in rounds of 20, 30, 45, then holds nothing back until Graph throttles', () => {
		const pacer = new Pacer(4, 0);
		expect(pacer.limit(0)).toBe(4);
		for (const round of [20, 30, 45]) {
			expect(pacer.writeAllowance(0)).toBe(round);
			expect(pacer.writeWait(20, 0)).toBe(0);
			const first = send(pacer, Math.min(round, 20), 0);
			const rest = round > 20 ? send(pacer, round - 20, 0) : undefined;
			// The round is out: no more writes until every one of them is answered.
			expect(pacer.writeAllowance(0)).toBe(0);
			expect(pacer.writeWait(20, 0)).toBeGreaterThan(0);
			first(0);
			if (rest) expect(pacer.writeAllowance(0)).toBe(0);
			rest?.(0);
		}
		expect(pacer.writeAllowance(0)).toBe(Infinity);
	});

	/** Rounds of 20 and 30 writes, the second answered with Graph's first warning (0.85 of the budget used). */
	const meteredOnFirstWarning = (): Pacer => {
		const pacer = new Pacer(4, 0);
		send(pacer, 20, 0)(0);
		send(pacer, 30, 0)(100, { limitUsed: 0.85 });
		return pacer;
	};

	it("on Graph's first warning takes the budget's size from it and lets go the share Graph says is free, in slices", () => {
		const pacer = meteredOnFirstWarning();
		// 50 writes, less the 2 Graph refilled meanwhile at its 20/s floor, were 0.85 of the budget: 56.5 writes;
		// 0.15 of it is free, less 0.01 for rounding: 7 writes.
		expect(pacer.writeAllowance(100)).toBe(7);
		// The rate is a guess (Graph's 20/s floor: what went so far was a burst, not its refill): slices of 2 go at once.
		expect(pacer.writeWait(20, 100)).toBe(0);
		const answer = send(pacer, 7, 100);
		expect(pacer.writeAllowance(100)).toBe(0);
		expect(pacer.writeWait(20, 100)).toBe(55);
		// Each reading sets what may go: 0.9 used, 0.09 of 56.5 free, nothing sent since.
		answer(150, { limitUsed: 0.9 });
		expect(pacer.writeAllowance(150)).toBe(5);
	});

	it('while the rate is a guess, doubles it per clean answer, judging it only by writes sent after it was set', () => {
		const pacer = meteredOnFirstWarning();
		const first = send(pacer, 3, 100);
		const second = send(pacer, 3, 100);
		// Clean: Graph's budget is at most 0.8 used, so at least 0.19 of it is free (10.7 writes), less the 3 sent since.
		first(150);
		expect(pacer.writeAllowance(150)).toBe(7);
		pacer.spendWrites(7, 150);
		// 20/s doubled: a slice of 4 after 82 ms.
		expect(pacer.writeWait(20, 150)).toBe(82);
		// Sent before the rate was doubled: its clean answer frees writes (10.7 less the 7 sent since), not the rate.
		second(150);
		expect(pacer.writeAllowance(150)).toBe(3);
		expect(pacer.writeWait(20, 150)).toBe(7);
	});

	it("measures Graph's refill from its readings, then meters full batches at it (less the readings' uncertainty)", () => {
		const pacer = meteredOnFirstWarning();
		send(pacer, 8, 100)(400, { limitUsed: 0.85 });
		send(pacer, 16, 400)(700, { limitUsed: 0.85 });
		// From the reading at 100 ms to the one at 700 ms: 24 writes admitted, the same share used: 40/s, less
		// 2 × 0.01 of 56.5 writes over 0.6 s: 38.1/s. 7.9 writes are free; a batch of 20 is due after 318 ms.
		expect(pacer.writeAllowance(700)).toBe(7);
		expect(pacer.writeWait(20, 700)).toBe(318);
		expect(pacer.writeWait(7, 700)).toBe(0);
	});

	it("after a 429 halves the requests in flight until Retry-After; Graph's first word a 429, meters writes at the admitted rate", () => {
		const pacer = new Pacer(4, 0);
		send(pacer, 20, 0)(0);
		send(pacer, 20, 0)(500);
		send(pacer, 20, 500)(1000);
		send(pacer, 20, 1000)(1000, { admitted: 0, throttled: 20, retryAfterMs: 1000 });
		expect(pacer.limit(1500)).toBe(2);
		expect(pacer.limit(2000)).toBe(4);
		expect(pacer.writeAllowance(1000)).toBe(0);
		// No reading came before the 429 (a Graph that sends them only with 429s, or a budget others drained): the
		// budget's size is unknown. 40 writes admitted in the second since the oldest answer remembered: 40/s,
		// metered a little under at 36/s, so a batch of 20 is due after 556 ms.
		expect(pacer.writeWait(20, 1000)).toBe(556);
		expect(pacer.writeAllowance(1556)).toBe(20);
	});

	it("without Graph's readings to go by (its first answer a 429), meters by rate: holds it on a warning, grows it once the warning is gone", () => {
		const pacer = new Pacer(4, 0);
		send(pacer, 20, 1000)(1000, { admitted: 0, throttled: 20, retryAfterMs: 1000, limitUsed: 1 });
		// Graph's 20/s floor: 10 writes in half a second.
		expect(pacer.writeAllowance(1500)).toBe(10);
		send(pacer, 10, 1500)(1500, { limitUsed: 0.85 });
		expect(pacer.writeAllowance(2000)).toBe(10);
		send(pacer, 10, 2000)(2000);
		// 15 % more: 11.5 writes in the next half second.
		expect(pacer.writeAllowance(2500)).toBe(11);
	});

	it('executions on one write budget share what Graph said: a 429 met by one meters the other, and they split its writes', () => {
		const meter = new WriteMeter(0);
		const first = new Pacer(4, 0, meter);
		const second = new Pacer(4, 0, meter);
		// The second is still in its slow start; the first is throttled.
		send(first, 20, 0)(0, { admitted: 0, throttled: 20, retryAfterMs: 1000, limitUsed: 1 });
		expect(second.limit(500)).toBe(2);
		expect(second.writeAllowance(0)).toBe(0);
		// Metered at Graph's 20/s floor: after 1 s there are 20 writes for both together, not 20 each.
		expect(second.writeWait(20, 0)).toBe(1000);
		expect(second.writeAllowance(1000)).toBe(20);
		second.spendWrites(20, 1000);
		expect(first.writeAllowance(1000)).toBe(0);
		expect(first.writeWait(20, 1000)).toBe(1000);
	});

	it("the process keeps one meter per write budget while it is used, and a fresh one after 10 s of silence", () => {
		forgetSharedWriteMeters();
		const contoso = sharedWriteMeter('graph|contoso|app', 0);
		expect(sharedWriteMeter('graph|contoso|app', 5000)).toBe(contoso);
		expect(sharedWriteMeter('graph|fabrikam|app', 5000)).not.toBe(contoso);
		contoso.spend(20, 9000);
		expect(sharedWriteMeter('graph|contoso|app', 18_999)).toBe(contoso);
		expect(sharedWriteMeter('graph|contoso|app', 29_000)).not.toBe(contoso);
		forgetSharedWriteMeters();
	});
});
