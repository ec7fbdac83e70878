import type { INode } from 'n8n-workflow';

import { NODE_NAME, nodeWorkflow } from '../harness/nodeWorkflow';
import { nodeOutputs } from '../harness/runWorkflow';
import { FABRIKAM, NORTHWIND, TAILSPIN, useEmulatorSession } from '../support/fixtures';

const SYNC_PATH = (tenant: string) => `/v1.0/policies/crossTenantAccessPolicy/partners/${tenant}/identitySynchronization`;

/** Two partners that take the change, one without a sync policy (Graph 404), one item whose tenant ID is not a GUID. */
const ITEMS = [{ tenantId: FABRIKAM }, { tenantId: TAILSPIN }, { tenantId: '../../users' }, { tenantId: NORTHWIND }];

describe('Settings → On Error through real n8n-core against the emulator', () => {
	const session = useEmulatorSession();

	const run = async (onError: INode['onError']) => {
		const workflow = nodeWorkflow({
			parameters: {
				resource: 'syncPolicy',
				operation: 'update',
				partnerTenantId: { __rl: true, mode: 'id', value: '={{ $json.tenantId }}' },
				updateFields: { isSyncAllowed: true },
			},
			credential: session.credential,
			items: ITEMS,
			onError,
		});
		const execution = await session.n8n.execute(workflow);
		return { execution, outputs: nodeOutputs(execution, NODE_NAME) };
	};

	/** The request-id Graph answered for the Tailspin PATCH: the items travel in one $batch, whose id each part answers with. */
	const tailspinRequestId = () => session.emulator.graphRequests().find((r) => r.path === SYNC_PATH(TAILSPIN))?.batch?.requestId;

	it('"Continue (using error output)" sends good items to the success output and failed ones to the error output, each paired to its input item', async () => {
		const { execution, outputs } = await run('continueErrorOutput');
		expect(execution.status).toBe('success');
		expect(outputs).toHaveLength(2);
		const [success, failed] = outputs;

		expect(success.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 3 }]);
		expect(success.map((i) => i.json.partnerTenantId)).toEqual([FABRIKAM, NORTHWIND]);
		expect(success.every((i) => i.json.success === true)).toBe(true);

		expect(failed.map((i) => i.pairedItem)).toEqual([{ item: 1 }, { item: 2 }]);
		// n8n adds the input item's fields (tenantId) beside the error; Graph's facts are under details.
		expect(failed[0].json).toMatchObject({
			tenantId: TAILSPIN,
			details: { partnerTenantId: TAILSPIN, statusCode: 404, code: 'Directory_ObjectNotFound', requestId: tailspinRequestId() },
		});
		expect(tailspinRequestId()).toEqual(expect.any(String));
		expect(failed[0].json.error).toContain('has no cross-tenant identity synchronization policy yet');
		expect(failed[0].json.details).toHaveProperty('description', expect.stringContaining('Graph message:'));
		expect(failed[1].json).toMatchObject({ tenantId: '../../users' });
		expect(failed[1].json.error).toContain('is not a tenant ID GUID');

		expect(session.emulator.graphRequests().map((r) => r.path)).toEqual([SYNC_PATH(FABRIKAM), SYNC_PATH(TAILSPIN), SYNC_PATH(NORTHWIND)]);
	});

	it('"Continue (regular output)" keeps one item per input item on the one output, errors as json fields', async () => {
		const { execution, outputs } = await run('continueRegularOutput');
		expect(execution.status).toBe('success');
		expect(outputs).toHaveLength(1);
		const [items] = outputs;
		expect(items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
		expect(items[0].json).toMatchObject({ success: true, partnerTenantId: FABRIKAM });
		expect(Object.keys(items[1].json).sort()).toEqual(['code', 'description', 'error', 'partnerTenantId', 'requestId', 'statusCode']);
		expect(items[1].json).toMatchObject({ partnerTenantId: TAILSPIN, statusCode: 404, code: 'Directory_ObjectNotFound', requestId: tailspinRequestId() });
		expect(Object.keys(items[2].json)).toContain('error');
		expect(Object.keys(items[2].json)).not.toContain('details');
		expect(items[2].json.error).toContain('is not a tenant ID GUID');
		expect(items[3].json).toMatchObject({ success: true, partnerTenantId: NORTHWIND });
	});
});
