import type { INodeParameters } from 'n8n-workflow';

import { READING_VARIANTS } from '../emulator';
import { NODE_NAME, nodeWorkflow } from '../harness/nodeWorkflow';
import { nodeResult } from '../harness/runWorkflow';
import { CONTOSO, FABRIKAM, NORTHWIND, TAILSPIN, useEmulatorSession, WOODGROVE } from '../support/fixtures';

/**
 * The write flows whose course depends on Graph answers Microsoft's reference does not pin down (which 404 code for
 * a missing partner or policy, 400 or 409 for a conflict), run under every reading the emulator offers
 * (test/emulator/readings.ts). The node must give the same result under all of them.
 *   TAILSPIN: a partner without sync policy · FABRIKAM, NORTHWIND: partners with one · WOODGROVE: no partner.
 */
const byId = (value: string) => ({ __rl: true, mode: 'id', value });

describe.each(READING_VARIANTS)('write flows under the reading "$name"', ({ readings }) => {
	const session = useEmulatorSession();
	beforeEach(() => session.emulator.setReadings(readings));

	const run = async (parameters: INodeParameters) =>
		nodeResult(await session.n8n.execute(nodeWorkflow({ parameters, credential: session.credential })), NODE_NAME);
	const sync = (parameters: INodeParameters) => run({ resource: 'syncPolicy', ...parameters });
	const partnerState = (tenant: string) => session.emulator.partner(CONTOSO, tenant);
	const posts = () => session.emulator.graphRequests().filter((r) => r.method === 'POST');

	it('update, If Missing: Create, on a partner without policy: creates it', async () => {
		const { items, error } = await sync({ operation: 'update', partnerTenantId: byId(TAILSPIN), updateFields: { isSyncAllowed: true }, options: { ifMissing: 'create' } });
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ success: true, action: 'created' });
		expect(partnerState(TAILSPIN)?.identitySynchronization).toMatchObject({ userSyncInbound: { isSyncAllowed: true } });
	});

	it('update, If Missing: Create + Create Partner If Missing, on a non-partner: creates partner and policy', async () => {
		session.emulator.setReplicationLag(300);
		const { items, error } = await sync({
			operation: 'update',
			partnerTenantId: byId(WOODGROVE),
			updateFields: { isSyncAllowed: true },
			options: { ifMissing: 'create', createPartnerIfMissing: true },
		});
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ success: true, action: 'created', partnerCreated: true });
		expect(posts()).toHaveLength(1);
		expect(partnerState(WOODGROVE)?.identitySynchronization).toMatchObject({ userSyncInbound: { isSyncAllowed: true } });
	});

	it('create + Create Partner If Missing on a partner without policy: no partner is created', async () => {
		const { items, error } = await sync({ operation: 'create', partnerTenantId: byId(TAILSPIN), isSyncAllowed: true, options: { createPartnerIfMissing: true } });
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ success: true, action: 'created' });
		expect(items[0].json.partnerCreated).toBeUndefined();
		expect(posts()).toHaveLength(0);
	});

	it('create + Create Partner If Missing on a non-partner: creates partner and policy', async () => {
		const { items, error } = await sync({ operation: 'create', partnerTenantId: byId(WOODGROVE), isSyncAllowed: true, options: { createPartnerIfMissing: true } });
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ success: true, action: 'created', partnerCreated: true });
		expect(partnerState(WOODGROVE)?.identitySynchronization).toMatchObject({ userSyncInbound: { isSyncAllowed: true } });
	});

	it('create, If Exists: Update, on an existing policy: falls back to PATCH', async () => {
		const { items, error } = await sync({ operation: 'create', partnerTenantId: byId(FABRIKAM), isSyncAllowed: true, options: { ifExists: 'update' } });
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ success: true, action: 'updated' });
	});

	it('a PUT whose answer was lost and whose retry meets "already exists" counts as applied', async () => {
		session.emulator.setFaults({ failures: [{ method: 'PUT', status: 503, count: 1, afterApplying: true }] });
		const { items, error } = await sync({ operation: 'create', partnerTenantId: byId(TAILSPIN), isSyncAllowed: true });
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ success: true, action: 'created' });
		expect(session.emulator.graphRequests().map((r) => r.method)).toEqual(['PUT', 'PUT']);
	});

	it('update without If Missing on a non-partner: fails the item, writes nothing', async () => {
		const { error } = await sync({ operation: 'update', partnerTenantId: byId(WOODGROVE), updateFields: { isSyncAllowed: true } });
		expect(error?.message).toMatch(/\[item 0, (Directory_ObjectNotFound|Request_ResourceNotFound)\]/);
		expect(partnerState(WOODGROVE)).toBeUndefined();
	});

	it('dry run of an upsert names the partner POST only when the partner is missing', async () => {
		const options = { dryRun: true, ifMissing: 'create', createPartnerIfMissing: true };
		const missing = await sync({ operation: 'update', partnerTenantId: byId(WOODGROVE), updateFields: { isSyncAllowed: true }, options });
		expect(missing.items[0].json).toMatchObject({ dryRun: true, action: 'created', partnerRequest: { method: 'POST' } });
		const present = await sync({ operation: 'update', partnerTenantId: byId(TAILSPIN), updateFields: { isSyncAllowed: true }, options });
		expect(present.items[0].json).toMatchObject({ dryRun: true, action: 'created' });
		expect(present.items[0].json.partnerRequest).toBeUndefined();
		expect(session.emulator.graphRequests().every((r) => r.method === 'GET')).toBe(true);
	});

	it('partner delete with Delete Sync Policy First: with and without a policy', async () => {
		const withPolicy = await run({ resource: 'partner', operation: 'delete', partnerTenantId: byId(NORTHWIND), deleteSyncPolicyFirst: true });
		expect(withPolicy.items[0].json).toMatchObject({ success: true, syncPolicyDeleted: true });
		const withoutPolicy = await run({ resource: 'partner', operation: 'delete', partnerTenantId: byId(TAILSPIN), deleteSyncPolicyFirst: true });
		expect(withoutPolicy.items[0].json).toMatchObject({ success: true, syncPolicyDeleted: false });
		expect(partnerState(NORTHWIND)).toBeUndefined();
		expect(partnerState(TAILSPIN)).toBeUndefined();
	});

	it('partner delete while its policy exists: explains the refusal', async () => {
		const { error } = await run({ resource: 'partner', operation: 'delete', partnerTenantId: byId(FABRIKAM) });
		expect(error?.message).toContain(`Graph refused to delete partner ${FABRIKAM}`);
		expect(error?.description).toContain('Delete Sync Policy First');
	});

	it('partner create of an existing partner: explains it is already a partner', async () => {
		const { error } = await run({ resource: 'partner', operation: 'create', partnerTenantId: byId(FABRIKAM) });
		expect(error?.message).toContain(`Tenant ${FABRIKAM} is already a partner`);
	});
});
