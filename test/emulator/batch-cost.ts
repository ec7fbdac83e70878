import type { BatchCost } from './types';

/** The default: every ready part runs at once ("parts in parallel"). */
export const UNLIMITED_PART_CONCURRENCY = Number.POSITIVE_INFINITY;

/** A BatchCost from the API or /_emulator/batch-cost (JSON: nothing is trusted); undefined or null is the default. */
export function checkBatchCost(cost: BatchCost | undefined | null): Required<BatchCost> {
	if (cost === undefined || cost === null) return { partConcurrency: UNLIMITED_PART_CONCURRENCY };
	const value: unknown = cost;
	if (typeof value !== 'object' || Array.isArray(value)) throw new Error('Invalid batch cost: must be an object');
	const { partConcurrency } = cost;
	if (partConcurrency === undefined || partConcurrency === UNLIMITED_PART_CONCURRENCY) {
		return { partConcurrency: UNLIMITED_PART_CONCURRENCY };
	}
	if (!Number.isInteger(partConcurrency) || partConcurrency < 1) {
		throw new Error(`Invalid batch cost: partConcurrency must be an integer >= 1 or Infinity, got ${String(partConcurrency)}`);
	}
	return { partConcurrency };
}

/**
 * When the parts of one batch are done, in units of L (Faults.latencyMs), counted from the end of the envelope's L.
 * Parts are scheduled one by one in run order: a part takes the slot that frees first (at most `concurrency` slots),
 * starts no earlier than the part before it (so parts finish, and run, in run order) and no earlier than its
 * dependencies are done, and takes 1 L.
 */
export class PartSchedule {
	private readonly slots: number[] = [];
	private lastStart = 0;
	private lastFinish = 0;

	constructor(private readonly concurrency: number) {}

	/** Done time of the next part in run order. `dependenciesDone`: done times of the parts it depends on. */
	next(dependenciesDone: number[]): number {
		const slot = this.freeSlot();
		const start = Math.max(this.slots[slot], this.lastStart, ...dependenciesDone);
		this.slots[slot] = start + 1;
		this.lastStart = start;
		this.lastFinish = start + 1;
		return this.lastFinish;
	}

	/** Done time of a part that never runs (refused for a failed dependency): it costs nothing and keeps the order. */
	skip(): number {
		return this.lastFinish;
	}

	private freeSlot(): number {
		if (this.slots.length < this.concurrency) {
			this.slots.push(0);
			return this.slots.length - 1;
		}
		let best = 0;
		for (let i = 1; i < this.slots.length; i++) if (this.slots[i] < this.slots[best]) best = i;
		return best;
	}
}
