import type { INodeParameters } from 'n8n-workflow';

import { callLog } from '../harness/graphLog';
import { NODE_NAME, nodeWorkflow } from '../harness/nodeWorkflow';
import { nodeResult } from '../harness/runWorkflow';
import { bulkSeed } from '../support/bulkSeed';
import { APPS, addCredential, FABRIKAM, NORTHWIND, secretCredential, UNMANAGED_PARTNER, useEmulatorSession } from '../support/fixtures';

const PARTNERS = '/v1.0/policies/crossTenantAccessPolicy/partners';

describe('Sync Policy → Get Many through real n8n-core against the emulator', () => {
	const session = useEmulatorSession();

	const run = async (parameters: INodeParameters, extra: Partial<Parameters<typeof nodeWorkflow>[0]> = {}) =>
		nodeResult(
			await session.n8n.execute(nodeWorkflow({ parameters: { resource: 'syncPolicy', operation: 'getAll', ...parameters }, credential: session.credential, ...extra })),
			NODE_NAME,
		);

	it("sends Microsoft's list request and outputs one item per partner that has a sync policy", async () => {
		const { items, error } = await run({ returnAll: true });
		expect(error).toBeUndefined();
		expect(callLog(session.emulator)).toEqual([`GET ${PARTNERS} → 200`]);
		expect(session.emulator.graphRequests()[0].query).toEqual({ $select: 'tenantId', $expand: 'identitySynchronization' });
		// Tailspin has no sync policy: no item for it.
		expect(items.map((i) => i.json)).toEqual([
			{ tenantId: FABRIKAM, displayName: 'Fabrikam', userSyncInbound: { isSyncAllowed: false }, partnerTenantId: FABRIKAM },
			{ tenantId: NORTHWIND, displayName: 'Northwind', userSyncInbound: { isSyncAllowed: true }, partnerTenantId: NORTHWIND },
			{ tenantId: UNMANAGED_PARTNER, displayName: null, userSyncInbound: { isSyncAllowed: true }, partnerTenantId: UNMANAGED_PARTNER },
		]);
		expect(items.every((i) => (i.pairedItem as { item: number }).item === 0)).toBe(true);
	});

	it('follows @odata.nextLink across server-driven pages', async () => {
		session.emulator.setServerPageSize(1);
		const { items } = await run({ returnAll: true });
		expect(callLog(session.emulator)).toHaveLength(4);
		expect(session.emulator.graphRequests()[1].query).toMatchObject({ $select: 'tenantId', $expand: 'identitySynchronization', $skiptoken: expect.any(String) });
		expect(items.map((i) => i.json.partnerTenantId)).toEqual([FABRIKAM, NORTHWIND, UNMANAGED_PARTNER]);
	});

	// 1,000 requests: seconds, not milliseconds, on a loaded machine.
	const THOUSAND_PAGES_TIMEOUT_MS = 120_000;

	it('stops with an error past 1,000 pages, outputting nothing', async () => {
		session.emulator.reset(bulkSeed(1_001));
		session.emulator.setServerPageSize(1);
		const { items, error } = await run({ returnAll: true });
		expect(items).toEqual([]);
		expect(error?.message).toBe(
			'Sync Policy → Get Many: the list goes on past 1,000 pages, the most one read follows; the list stopped there and nothing more was read [item 0]',
		);
		expect(session.emulator.graphRequests()).toHaveLength(1_000);
	}, THOUSAND_PAGES_TIMEOUT_MS);

	it('stops with an error when a page repeats only partners already read', async () => {
		session.emulator.setServerPageSize(2);
		session.emulator.setFaults({ repeatingPages: 3_000 });
		const { items, error } = await run({ returnAll: true });
		expect(items).toEqual([]);
		expect(error?.message).toContain('Sync Policy → Get Many: page 2 of the list holds only entries already read on earlier pages');
		expect(session.emulator.graphRequests()).toHaveLength(2);
	});

	it('stops reading pages once Limit policies are found', async () => {
		session.emulator.setServerPageSize(1);
		const { items } = await run({ returnAll: false, limit: 2 });
		expect(items.map((i) => i.json.partnerTenantId)).toEqual([FABRIKAM, NORTHWIND]);
		expect(callLog(session.emulator)).toHaveLength(2);
	});

	it.each([
		['"true"', '={{ "true" }}', 3],
		['"false"', '={{ "false" }}', 1],
	])('Return All %s from an expression is read strictly', async (_label, returnAll, count) => {
		const { items, error } = await run({ returnAll, limit: 1 });
		expect(error).toBeUndefined();
		expect(items).toHaveLength(count);
	});

	it.each([
		['"yes"', '={{ "yes" }}', 'not "yes"'],
		['""', '={{ "" }}', 'not empty text'],
	])('Return All %s fails naming the field, sending nothing', async (_label, returnAll, problem) => {
		const { error } = await run({ returnAll });
		expect(error?.message).toContain(`Return All must be true or false, ${problem} (item 0, field "returnAll")`);
		expect(session.emulator.requests).toEqual([]);
	});

	it('missing Return All means the default limit of 50', async () => {
		const { items } = await run({});
		expect(items).toHaveLength(3);
	});

	it('names the missing permission on 403, with request-id', async () => {
		const noRoles = addCredential(session.n8n, secretCredential(session.emulator, APPS.noRoles), 'none');
		const { error } = await run({ returnAll: true }, { credential: noRoles });
		expect(error?.message).toContain('missing Policy.Read.All');
		expect(error?.description).toContain(`request-id: ${session.emulator.graphRequests()[0].id}`);
	});
});
