import type { IDataObject, INode, INodeParameters } from 'n8n-workflow';

import { NODE_NAME, nodeWorkflow } from '../harness/nodeWorkflow';
import { nodeOutputs, nodeResult } from '../harness/runWorkflow';
import { addCredential, FABRIKAM, NORTHWIND, secretCredential, TAILSPIN, useEmulatorSession } from '../support/fixtures';

const UPDATE = {
	resource: 'syncPolicy',
	operation: 'update',
	partnerTenantId: { __rl: true, mode: 'id', value: '={{ $json.tenantId }}' },
	updateFields: { isSyncAllowed: true },
};

/** Under either Continue mode every input item yields one paired item, and no input item reaches Success untouched. */
describe('Continue modes never pass an input item through as a success (real n8n-core, emulator)', () => {
	const session = useEmulatorSession();

	const run = async (onError: INode['onError'], options: INodeParameters = {}, credential = session.credential, items: IDataObject[] = [{ tenantId: FABRIKAM }, { tenantId: NORTHWIND }]) => {
		const execution = await session.n8n.execute(nodeWorkflow({ parameters: { ...UPDATE, options }, credential, items, onError }));
		return { execution, outputs: nodeOutputs(execution, NODE_NAME) };
	};
	const refusedCredential = () => addCredential(session.n8n, { ...secretCredential(session.emulator), graphEndpoint: 'http://graph.example.test' }, 'plain-http');

	describe.each([['continueRegularOutput'], ['continueErrorOutput']] as const)('On Error: %s', (onError) => {
		/** The items on the Success output and, with the error output, on it. */
		const split = (outputs: ReturnType<typeof nodeOutputs>) => (onError === 'continueErrorOutput' ? { success: outputs[0], failed: outputs[1] ?? [] } : { success: outputs[0].filter((i) => !('error' in i.json)), failed: outputs[0].filter((i) => 'error' in i.json) });

		it('a credential whose Graph endpoint is refused: one paired error item per input item, nothing on Success, nothing sent', async () => {
			const { execution, outputs } = await run(onError, {}, refusedCredential());
			expect(execution.status).toBe('success');
			const { success, failed } = split(outputs);
			expect(success).toEqual([]);
			expect(failed.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
			for (const item of failed) expect(item.json.error).toContain('The credential field "Graph Endpoint" must use https');
			expect(session.emulator.requests).toEqual([]);
		});

		it('an invalid Max Retries in item 0 fails item 0 only; the other items run', async () => {
			const { outputs } = await run(onError, { maxRetries: '={{ $json.retries }}' }, session.credential, [
				{ tenantId: FABRIKAM, retries: 'lots' },
				{ tenantId: NORTHWIND, retries: 2 },
			]);
			const { success, failed } = split(outputs);
			expect(failed.map((i) => i.pairedItem)).toEqual([{ item: 0 }]);
			expect(failed[0].json.error).toBe('Max Retries must be a whole number from 0 to 10, not "lots" (item 0, field "maxRetries")');
			expect(success.map((i) => [i.pairedItem, i.json.partnerTenantId])).toEqual([[{ item: 1 }, NORTHWIND]]);
			expect(session.emulator.graphRequests().map((r) => r.path)).toEqual([`/v1.0/policies/crossTenantAccessPolicy/partners/${NORTHWIND}/identitySynchronization`]);
		});
	});

	it('a per-execution setting is read from every item: an invalid or differing value fails that item before anything is sent for it', async () => {
		const { outputs } = await run('continueRegularOutput', { timeout: '={{ $json.timeout }}' }, session.credential, [
			{ tenantId: FABRIKAM, timeout: 20000 },
			{ tenantId: NORTHWIND, timeout: -1 },
			{ tenantId: TAILSPIN, timeout: 30000 },
		]);
		const [items] = outputs;
		expect(items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(items[0].json).toMatchObject({ success: true, partnerTenantId: FABRIKAM });
		expect(items[1].json.error).toBe('Timeout must be a whole number from 1 to 3600000, not the number -1 (item 1, field "timeout")');
		expect(items[2].json.error).toBe(
			"Timeout is one setting for the whole execution (the items' requests travel together): item 0 has 20000, this item 30000 (item 2, field \"timeout\")",
		);
		expect(session.emulator.graphRequests()).toHaveLength(1);
	});

	it('without a Continue mode, an invalid setting in a later item stops the execution before anything is sent', async () => {
		const execution = await session.n8n.execute(
			nodeWorkflow({ parameters: { ...UPDATE, options: { maxRetries: '={{ $json.retries }}' } }, credential: session.credential, items: [{ tenantId: FABRIKAM, retries: 1 }, { tenantId: NORTHWIND, retries: 11 }] }),
		);
		const { error } = nodeResult(execution, NODE_NAME);
		expect(error?.message).toBe('Max Retries must be a whole number from 0 to 10, not the number 11 (item 1, field "maxRetries")');
		expect(session.emulator.requests).toEqual([]);
	});
});
