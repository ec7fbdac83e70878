import type { INodeParameters } from 'n8n-workflow';

import { callLog } from '../harness/graphLog';
import { NODE_NAME, nodeWorkflow } from '../harness/nodeWorkflow';
import { nodeResult } from '../harness/runWorkflow';
import { CONTOSO, FABRIKAM, NORTHWIND, TAILSPIN, useEmulatorSession, WOODGROVE } from '../support/fixtures';

const SYNC = (tenant: string, version = 'v1.0') => `/${version}/policies/crossTenantAccessPolicy/partners/${tenant}/identitySynchronization`;
const PARTNERS = '/v1.0/policies/crossTenantAccessPolicy/partners';
const byId = (value: string) => ({ __rl: true, mode: 'id', value });

describe('Sync policy lifecycle through real n8n-core against the emulator', () => {
	const session = useEmulatorSession();

	const run = async (parameters: INodeParameters, extra: Partial<Parameters<typeof nodeWorkflow>[0]> = {}) =>
		nodeResult(await session.n8n.execute(nodeWorkflow({ parameters: { resource: 'syncPolicy', ...parameters }, credential: session.credential, ...extra })), NODE_NAME);
	const policyOf = (tenant: string) => session.emulator.partner(CONTOSO, tenant)?.identitySynchronization;

	describe('get, create, delete', () => {
		it('get outputs the policy and the partner tenant id, without OData annotations', async () => {
			const { items, error } = await run({ operation: 'get', partnerTenantId: byId(FABRIKAM) });
			expect(error).toBeUndefined();
			expect(items.map((i) => i.json)).toEqual([
				{ tenantId: FABRIKAM, displayName: 'Fabrikam', userSyncInbound: { isSyncAllowed: false }, partnerTenantId: FABRIKAM },
			]);
			expect(callLog(session.emulator)).toEqual([`GET ${SYNC(FABRIKAM)} → 200`]);
		});

		it('create PUTs the policy and outputs the success item', async () => {
			const { items, error } = await run({ operation: 'create', partnerTenantId: byId(TAILSPIN), isSyncAllowed: true, displayName: 'Tailspin' });
			expect(error).toBeUndefined();
			const [put] = session.emulator.graphRequests();
			expect([put.method, put.path, put.body]).toEqual(['PUT', SYNC(TAILSPIN), { userSyncInbound: { isSyncAllowed: true }, displayName: 'Tailspin' }]);
			expect(items[0].json).toEqual({
				success: true,
				operation: 'create',
				partnerTenantId: TAILSPIN,
				statusCode: 204,
				changed: true,
				action: 'created',
				applied: { userSyncInbound: { isSyncAllowed: true }, displayName: 'Tailspin' },
				requestId: put.id,
			});
			expect(policyOf(TAILSPIN)).toMatchObject({ displayName: 'Tailspin', userSyncInbound: { isSyncAllowed: true } });
		});

		it('create on an existing policy explains the 409, or falls back to PATCH with If Exists: Update', async () => {
			const refused = await run({ operation: 'create', partnerTenantId: byId(FABRIKAM), isSyncAllowed: true });
			expect(refused.error?.message).toContain(`Partner tenant ${FABRIKAM} already has an identity synchronization policy`);
			expect(refused.error?.description).toContain('If Exists');

			session.emulator.clearRequests();
			const { items } = await run({ operation: 'create', partnerTenantId: byId(FABRIKAM), isSyncAllowed: true, options: { ifExists: 'update' } });
			expect(callLog(session.emulator)).toEqual([`PUT ${SYNC(FABRIKAM)} → 409`, `PATCH ${SYNC(FABRIKAM)} → 204`]);
			expect(items[0].json).toMatchObject({ success: true, operation: 'create', action: 'updated', statusCode: 204 });
			expect(policyOf(FABRIKAM)).toMatchObject({ userSyncInbound: { isSyncAllowed: true } });
		});

		it('delete removes the policy', async () => {
			const { items } = await run({ operation: 'delete', partnerTenantId: byId(NORTHWIND) });
			expect(callLog(session.emulator)).toEqual([`DELETE ${SYNC(NORTHWIND)} → 204`]);
			expect(items[0].json).toMatchObject({ success: true, operation: 'delete', partnerTenantId: NORTHWIND, statusCode: 204 });
			expect(policyOf(NORTHWIND)).toBeUndefined();
		});
	});

	describe('upsert', () => {
		it('update with If Missing: Create falls back to PUT on 404 Directory_ObjectNotFound', async () => {
			const { items } = await run({ operation: 'update', partnerTenantId: byId(TAILSPIN), updateFields: { isSyncAllowed: true }, options: { ifMissing: 'create' } });
			expect(callLog(session.emulator)).toEqual([`PATCH ${SYNC(TAILSPIN)} → 404`, `PUT ${SYNC(TAILSPIN)} → 204`]);
			expect(items[0].json).toMatchObject({ success: true, operation: 'update', action: 'created', changed: true });
		});

		it('creates a brand-new partner first, riding out replication lag, with Create Partner If Missing', async () => {
			session.emulator.setReplicationLag(400);
			const { items, error } = await run({
				operation: 'update',
				partnerTenantId: byId(WOODGROVE),
				updateFields: { displayName: 'Woodgrove', isSyncAllowed: true },
				options: { ifMissing: 'create', createPartnerIfMissing: true },
			});
			expect(error).toBeUndefined();
			const log = callLog(session.emulator);
			// The PUT's 404 code is not trusted to mean "no partner": the node asks (GET the partner) before it POSTs one.
			expect(log.slice(0, 4)).toEqual([`PATCH ${SYNC(WOODGROVE)} → 404`, `PUT ${SYNC(WOODGROVE)} → 404`, `GET ${PARTNERS}/${WOODGROVE} → 404`, `POST ${PARTNERS} → 201`]);
			expect(log.slice(4, -1).every((line) => line === `PUT ${SYNC(WOODGROVE)} → 404`)).toBe(true);
			expect(log.length).toBeGreaterThan(5);
			expect(log[log.length - 1]).toBe(`PUT ${SYNC(WOODGROVE)} → 204`);
			expect(session.emulator.graphRequests()[3].body).toEqual({ tenantId: WOODGROVE });
			expect(items[0].json).toMatchObject({ success: true, action: 'created', partnerCreated: true, partnerTenantId: WOODGROVE });
			expect(policyOf(WOODGROVE)).toMatchObject({ displayName: 'Woodgrove', userSyncInbound: { isSyncAllowed: true } });
		});

		it('without Create Partner If Missing explains that the tenant is not a partner', async () => {
			const { error } = await run({ operation: 'create', partnerTenantId: byId(WOODGROVE), isSyncAllowed: true });
			expect(error?.message).toContain(`Tenant ${WOODGROVE} is not a partner`);
			expect(error?.description).toContain('Create Partner If Missing');
		});
	});

	describe('skip if unchanged (hourly drift enforcement)', () => {
		it('sends exactly one GET and no write when the policy already matches', async () => {
			const { items } = await run({ operation: 'update', partnerTenantId: byId(FABRIKAM), updateFields: { isSyncAllowed: false, displayName: 'Fabrikam' }, options: { skipIfUnchanged: true } });
			expect(callLog(session.emulator)).toEqual([`GET ${SYNC(FABRIKAM)} → 200`]);
			// The same shape as Partner → Update's: nothing applied, what is there now.
			expect(items[0].json).toEqual({
				success: true,
				operation: 'update',
				partnerTenantId: FABRIKAM,
				statusCode: 200,
				changed: false,
				action: 'unchanged',
				applied: {},
				previous: { tenantId: FABRIKAM, displayName: 'Fabrikam', userSyncInbound: { isSyncAllowed: false } },
				requestId: expect.any(String),
			});
		});

		it('writes and outputs the previous policy when it differs, then is quiet on the next run', async () => {
			const params = { operation: 'update', partnerTenantId: byId(FABRIKAM), updateFields: { isSyncAllowed: true }, options: { skipIfUnchanged: true } };
			const first = await run(params);
			expect(callLog(session.emulator)).toEqual([`GET ${SYNC(FABRIKAM)} → 200`, `PATCH ${SYNC(FABRIKAM)} → 204`]);
			expect(first.items[0].json).toMatchObject({
				changed: true,
				action: 'updated',
				previous: { tenantId: FABRIKAM, displayName: 'Fabrikam', userSyncInbound: { isSyncAllowed: false } },
			});
			session.emulator.clearRequests();
			const second = await run(params);
			expect(callLog(session.emulator)).toEqual([`GET ${SYNC(FABRIKAM)} → 200`]);
			expect(second.items[0].json).toMatchObject({ changed: false, action: 'unchanged' });
		});
	});

	describe('dry run (approval flows)', () => {
		it('reads, sends no write, and outputs the request and the field-by-field diff', async () => {
			const before = policyOf(FABRIKAM);
			const { items } = await run({ operation: 'update', partnerTenantId: byId(FABRIKAM), updateFields: { isSyncAllowed: true, displayName: 'Fabrikam' }, options: { dryRun: true } });
			expect(callLog(session.emulator)).toEqual([`GET ${SYNC(FABRIKAM)} → 200`]);
			expect(policyOf(FABRIKAM)).toEqual(before);
			expect(items[0].json).toEqual({
				success: true,
				dryRun: true,
				operation: 'update',
				partnerTenantId: FABRIKAM,
				statusCode: 200,
				changed: true,
				action: 'updated',
				request: { method: 'PATCH', url: `${session.emulator.url}${SYNC(FABRIKAM)}`, body: { userSyncInbound: { isSyncAllowed: true }, displayName: 'Fabrikam' } },
				previous: { tenantId: FABRIKAM, displayName: 'Fabrikam', userSyncInbound: { isSyncAllowed: false } },
				diff: { 'userSyncInbound.isSyncAllowed': { from: false, to: true } },
				requestId: session.emulator.graphRequests()[0].id,
			});
		});

		it('describes the partner POST and PUT an upsert on a new partner would send', async () => {
			const { items } = await run({
				operation: 'update',
				partnerTenantId: byId(WOODGROVE),
				updateFields: { isSyncAllowed: true },
				options: { dryRun: true, ifMissing: 'create', createPartnerIfMissing: true },
			});
			expect(session.emulator.graphRequests().every((r) => r.method === 'GET')).toBe(true);
			expect(session.emulator.partner(CONTOSO, WOODGROVE)).toBeUndefined();
			expect(items[0].json).toMatchObject({
				dryRun: true,
				changed: true,
				action: 'created',
				previous: null,
				partnerRequest: { method: 'POST', url: `${session.emulator.url}${PARTNERS}`, body: { tenantId: WOODGROVE } },
				request: { method: 'PUT', url: `${session.emulator.url}${SYNC(WOODGROVE)}` },
			});
		});
	});

	it('Return Policy reads the policy after the write', async () => {
		const { items } = await run({ operation: 'update', partnerTenantId: byId(FABRIKAM), updateFields: { displayName: 'Fabrikam Ltd' }, options: { returnPolicy: true } });
		expect(callLog(session.emulator)).toEqual([`PATCH ${SYNC(FABRIKAM)} → 204`, `GET ${SYNC(FABRIKAM)} → 200`]);
		expect(items[0].json.policy).toEqual({ tenantId: FABRIKAM, displayName: 'Fabrikam Ltd', userSyncInbound: { isSyncAllowed: false } });
	});

	describe('API version', () => {
		it('sends beta fields to the beta endpoint', async () => {
			const { items, error } = await run({ operation: 'update', partnerTenantId: byId(FABRIKAM), updateFields: { isGroupSyncAllowed: true }, options: { apiVersion: 'beta' } });
			expect(error).toBeUndefined();
			expect(session.emulator.graphRequests().map((r) => [r.method, r.path, r.body])).toEqual([['PATCH', SYNC(FABRIKAM, 'beta'), { groupSyncInbound: { isSyncAllowed: true } }]]);
			expect(items[0].json.applied).toEqual({ groupSyncInbound: { isSyncAllowed: true } });
		});

		it('refuses beta fields on v1.0 before sending anything', async () => {
			const { error } = await run({ operation: 'update', partnerTenantId: byId(FABRIKAM), updateFields: { isGroupSyncAllowed: true } });
			expect(error?.message).toContain('Allow Group Sync Inbound exists only in the beta API');
			expect(error?.message).toContain('"isGroupSyncAllowed"');
			expect(session.emulator.requests).toEqual([]);
		});
	});

	describe('picking the partner by domain', () => {
		it('resolves a verified domain to the tenant id and reports it', async () => {
			const { items, error } = await run({ operation: 'update', partnerTenantId: { __rl: true, mode: 'domain', value: 'fabrikam.com' }, updateFields: { isSyncAllowed: true } });
			expect(error).toBeUndefined();
			expect(callLog(session.emulator)).toEqual([
				"GET /v1.0/tenantRelationships/findTenantInformationByDomainName(domainName='fabrikam.com') → 200",
				`PATCH ${SYNC(FABRIKAM)} → 204`,
			]);
			expect(items[0].json).toMatchObject({ success: true, partnerTenantId: FABRIKAM });
		});

		it('an unknown domain is a clear per-item error', async () => {
			const { items } = await run(
				{ operation: 'get', partnerTenantId: { __rl: true, mode: 'domain', value: '={{ $json.domain }}' } },
				{ continueOnFail: true, items: [{ domain: 'no-such-org.example' }, { domain: 'northwind.com' }] },
			);
			expect(items[0].json.error).toContain('No Microsoft Entra tenant has the verified domain no-such-org.example');
			expect(items[0].pairedItem).toEqual({ item: 0 });
			expect(items[1].json).toMatchObject({ tenantId: NORTHWIND, partnerTenantId: NORTHWIND });
		});
	});
});
