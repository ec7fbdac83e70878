import type { WriteTally } from '../../nodes/CrossTenantSyncPolicy/executor/pacer';
import { forgetSharedWriteBudgets, Pacer, sharedWriteBudget, WriteBudget } from '../../nodes/CrossTenantSyncPolicy/executor/pacer';

const tally = (sent: number, admitted: number, throttled = 0, retryAfterMs = 0): WriteTally => ({ sent, admitted, throttled, retryAfterMs });

describe('pacer', () => {
	it('starts with one batch of writes in flight and lets as many more go as each clean answer admitted', () => {
		const pacer = new Pacer(new WriteBudget());
		expect(pacer.writeAllowance(0)).toBe(20);
		pacer.spendWrites(20);
		expect([pacer.writeAllowance(0), pacer.writeWait(0)]).toEqual([0, 50]);
		pacer.answered(tally(20, 20), 10);
		expect([pacer.writeAllowance(10), pacer.writeWait(10)]).toEqual([40, 0]);
		pacer.spendWrites(15);
		expect(pacer.writeAllowance(10)).toBe(25);
		pacer.answered(tally(15, 15), 20);
		for (let i = 0; i < 20; i++) pacer.answered(tally(0, 20), 20);
		// No more than the node's four requests in flight carry in full batches.
		expect(pacer.writeAllowance(20)).toBe(80);
	});

	it('a 429 pauses every execution on the budget until its Retry-After (plus up to 20 %) and halves the window once', () => {
		const budget = new WriteBudget();
		const [first, second] = [new Pacer(budget, () => 0.5), new Pacer(budget)];
		first.answered(tally(0, 60), 0);
		expect(second.writeAllowance(0)).toBe(80);
		first.spendWrites(40);
		first.answered(tally(20, 5, 15, 1000), 100);
		first.answered(tally(20, 0, 20, 1000), 120);
		// 100 + 1000 × 1.1; the second throttled answer, from writes sent before the pause, does not halve again.
		expect(budget.pausedUntil).toBe(1220);
		expect(budget.window).toBe(40);
		expect([second.writeAllowance(1219), second.writeWait(1000)]).toEqual([0, 220]);
		expect(second.writeAllowance(1220)).toBe(40);
		for (let i = 0; i < 5; i++) first.answered(tally(0, 0, 1, 1000), 2000 + i * 2000);
		expect(budget.window).toBe(20);
	});

	it('the process keeps one budget per Graph root, tenant and app, shared by every execution on it', () => {
		forgetSharedWriteBudgets();
		const contoso = sharedWriteBudget('graph|contoso|app');
		expect(sharedWriteBudget('graph|contoso|app')).toBe(contoso);
		expect(sharedWriteBudget('graph|fabrikam|app')).not.toBe(contoso);
		forgetSharedWriteBudgets();
		expect(sharedWriteBudget('graph|contoso|app')).not.toBe(contoso);
	});
});
