import type { INodeParameters } from 'n8n-workflow';

import type { GraphEmulator } from '../emulator';
import { defaultSeedPath } from '../emulator';
import { NODE_NAME, nodeWorkflow } from '../harness/nodeWorkflow';
import type { InProcessN8n } from '../harness/runWorkflow';
import { nodeResult } from '../harness/runWorkflow';
import { addCredential, FABRIKAM, inProcessN8n, NORTHWIND, secretCredential, startTrustedEmulator, WOODGROVE } from '../support/fixtures';

const SYNC = (tenant: string) => `/v1.0/policies/crossTenantAccessPolicy/partners/${tenant}/identitySynchronization`;

describe('one dispatcher per execution (real n8n-core, emulator)', () => {
	let emulator: GraphEmulator;
	let n8n: InProcessN8n;
	let credential: { id: string; name: string };

	beforeAll(async () => {
		emulator = await startTrustedEmulator();
	});
	afterAll(async () => await emulator.close());
	beforeEach(() => {
		emulator.reset(defaultSeedPath);
		n8n = inProcessN8n();
		credential = addCredential(n8n, secretCredential(emulator));
	});

	it("one item waiting for a new partner to replicate holds back no other item's next step", async () => {
		emulator.setReplicationLag(1500);
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
		const { items: output, error } = await nodeResult(await n8n.execute(nodeWorkflow({ parameters, credential, items })), NODE_NAME);
		expect(error).toBeUndefined();
		expect(output.map((i) => i.json.action)).toEqual(['created', 'updated', 'updated', 'updated', 'updated']);

		const graph = emulator.graphRequests();
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
