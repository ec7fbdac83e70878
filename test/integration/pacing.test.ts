import type { INodeParameters } from 'n8n-workflow';

import { NODE_NAME, nodeWorkflow } from '../harness/nodeWorkflow';
import { nodeResult } from '../harness/runWorkflow';
import { FABRIKAM, NORTHWIND, useEmulatorSession, WOODGROVE } from '../support/fixtures';

const SYNC = (tenant: string) => `/v1.0/policies/crossTenantAccessPolicy/partners/${tenant}/identitySynchronization`;

describe('one dispatcher per execution (real n8n-core, emulator)', () => {
	const session = useEmulatorSession();

	it("one item waiting for a new partner to replicate holds back no other item's next step", async () => {
		session.emulator.setReplicationLag(1500);
		const parameters: INodeParameters = {
			resource: 'syncPolicy',
			operation: 'update',
			partnerTenantId: { __rl: true, mode: 'id', value: '={{ $json.tenantId }}' },
			updateFields: { displayName: '={{ $json.name }}' },
			options: { ifMissing: 'create', createPartnerIfMissing: true, skipIfUnchanged: true },
		};
		// Fabrikam's three items run one after another (input order per partner): six steps while Woodgrove waits.
		const items = [
			{ tenantId: WOODGROVE, name: 'Woodgrove' },
			{ tenantId: FABRIKAM, name: 'Fabrikam 1' },
			{ tenantId: FABRIKAM, name: 'Fabrikam 2' },
			{ tenantId: FABRIKAM, name: 'Fabrikam 3' },
			{ tenantId: NORTHWIND, name: 'Northwind renamed' },
		];
		const { items: output, error } = await nodeResult(await session.n8n.execute(nodeWorkflow({ parameters, credential: session.credential, items })), NODE_NAME);
		expect(error).toBeUndefined();
		expect(output.map((i) => i.json.action)).toEqual(['created', 'updated', 'updated', 'updated', 'updated']);

		const graph = session.emulator.graphRequests();
		const woodgroveCreated = graph.findIndex((r) => r.method === 'PUT' && r.path === SYNC(WOODGROVE) && r.status === 204);
		const woodgroveWaits = graph.filter((r) => r.method === 'PUT' && r.path === SYNC(WOODGROVE) && r.status === 404);
		expect(woodgroveWaits.length).toBeGreaterThan(0);
		// The other items' writes went out while Woodgrove was still replicating, not after its retries.
		for (const [tenant, name] of [[FABRIKAM, 'Fabrikam 3'], [NORTHWIND, 'Northwind renamed']]) {
			const written = graph.findIndex((r) => r.method === 'PATCH' && r.path === SYNC(tenant) && r.status === 204 && (r.body as { displayName?: string }).displayName === name);
			expect(written).toBeGreaterThan(-1);
			expect(written).toBeLessThan(graph.indexOf(woodgroveWaits[woodgroveWaits.length - 1]));
			expect(written).toBeLessThan(woodgroveCreated);
		}
	});
});
