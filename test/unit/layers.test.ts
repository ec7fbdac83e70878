import { layerGraph, upwardImports } from '../support/layers';

describe('the house: imports run down the floors (test/support/layers.ts draws them)', () => {
	it('every import between layers points to a lower floor', () => {
		expect(upwardImports().map((u) => `${u.file} → ${u.target} (floor ${u.from} → ${u.to})`)).toEqual([]);
	});

	it('the drawing finds the arrows the node is built on', () => {
		const arrows = [...layerGraph().keys()].map((arrow) => arrow.replaceAll('nodes/CrossTenantSyncPolicy/', ''));
		expect(arrows).toEqual(
			expect.arrayContaining([
				'CrossTenantSyncPolicy.node.ts (5) → router.ts (4)',
				'router.ts (4) → executor (3)',
				'router.ts (4) → actions (3)',
				'executor (3) → transport (2)',
				'actions (3) → plan.ts (1)',
				'transport (2) → plan.ts (1)',
			]),
		);
	});
});
