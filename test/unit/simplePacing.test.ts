import { SimplePacer, SharedWriteBudget } from '../../nodes/CrossTenantSyncPolicy/executor/simplePacing';
import type { WriteTally } from '../../nodes/CrossTenantSyncPolicy/executor/writeMeter';

const tally = (sent: number, admitted: number, throttled = 0, retryAfterMs = 0): WriteTally => ({ sent, admitted, throttled, retryAfterMs, limitUsed: 0, ticket: 0 });

describe('simple pacing (the benchmark\'s comparison design)', () => {
	it('starts with one batch of writes in flight and lets as many more go as each clean answer admitted', () => {
		const pacer = new SimplePacer(8, new SharedWriteBudget());
		expect(pacer.writeAllowance(0)).toBe(20);
		pacer.spendWrites(20);
		expect([pacer.writeAllowance(0), pacer.writeWait(20, 0)]).toEqual([0, 50]);
		pacer.answered(tally(20, 20), 10);
		expect(pacer.writeAllowance(10)).toBe(40);
		for (let i = 0; i < 20; i++) pacer.answered(tally(0, 20), 10);
		// No more than the requests in flight can carry: 8 × 20.
		expect(pacer.writeAllowance(10)).toBe(160);
	});

	it('a 429 pauses every execution on the budget until its Retry-After (plus up to 20 %) and halves the window once', () => {
		const budget = new SharedWriteBudget();
		const [first, second] = [new SimplePacer(8, budget, () => 0.5), new SimplePacer(8, budget)];
		first.answered(tally(0, 60), 0);
		expect(second.writeAllowance(0)).toBe(80);
		first.spendWrites(40);
		first.answered(tally(20, 5, 15, 1000), 100);
		first.answered(tally(20, 0, 20, 1000), 120);
		// 100 + 1000 × 1.1; the second throttled answer, from writes sent before the pause, does not halve again.
		expect(budget.pausedUntil).toBe(1220);
		expect(budget.window).toBe(40);
		expect([second.writeAllowance(1219), second.writeWait(20, 1000)]).toEqual([0, 220]);
		expect(second.writeAllowance(1220)).toBe(40);
		for (let i = 0; i < 5; i++) first.answered(tally(0, 0, 1, 1000), 2000 + i * 2000);
		expect(budget.window).toBe(20);
	});
});
