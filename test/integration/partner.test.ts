import { readFileSync } from 'node:fs';
import type { INodeParameters } from 'n8n-workflow';

import type { EmulatorSeed } from '../emulator';
import { defaultSeedPath } from '../emulator';
import { callLog } from '../harness/graphLog';
import { NODE_NAME, nodeWorkflow } from '../harness/nodeWorkflow';
import { nodeResult } from '../harness/runWorkflow';
import { searchPartners } from '../../nodes/CrossTenantSyncPolicy/methods/listSearch';
import { CONTOSO, FABRIKAM, NORTHWIND, TAILSPIN, UNMANAGED_PARTNER, useEmulatorSession, WOODGROVE } from '../support/fixtures';

const PARTNERS = '/v1.0/policies/crossTenantAccessPolicy/partners';
const byId = (value: string) => ({ __rl: true, mode: 'id', value });

describe('Partner configurations through real n8n-core against the emulator', () => {
	const session = useEmulatorSession();

	const workflow = (parameters: INodeParameters, extra: Partial<Parameters<typeof nodeWorkflow>[0]> = {}) =>
		nodeWorkflow({ parameters: { resource: 'partner', ...parameters }, credential: session.credential, ...extra });
	const run = async (parameters: INodeParameters, extra: Partial<Parameters<typeof nodeWorkflow>[0]> = {}) =>
		nodeResult(await session.n8n.execute(workflow(parameters, extra)), NODE_NAME);

	it('create POSTs the tenant id and outputs the created partner', async () => {
		const { items, error } = await run({ operation: 'create', partnerTenantId: byId(WOODGROVE) });
		expect(error).toBeUndefined();
		expect(session.emulator.graphRequests().map((r) => [r.method, r.path, r.body, r.status])).toEqual([['POST', PARTNERS, { tenantId: WOODGROVE }, 201]]);
		expect(items[0].json).toMatchObject({ tenantId: WOODGROVE, partnerTenantId: WOODGROVE });
		expect(Object.keys(items[0].json).some((key) => key.startsWith('@odata'))).toBe(false);
		expect(session.emulator.partner(CONTOSO, WOODGROVE)).toBeDefined();
	});

	it('create of an existing partner explains it', async () => {
		const { error } = await run({ operation: 'create', partnerTenantId: byId(FABRIKAM) });
		expect(error?.message).toContain(`Tenant ${FABRIKAM} is already a partner`);
	});

	it('get outputs the partner configuration', async () => {
		const { items } = await run({ operation: 'get', partnerTenantId: byId(NORTHWIND) });
		expect(callLog(session.emulator)).toEqual([`GET ${PARTNERS}/${NORTHWIND} → 200`]);
		expect(items[0].json).toMatchObject({ tenantId: NORTHWIND, partnerTenantId: NORTHWIND });
	});

	describe('get many', () => {
		it('outputs one item per partner, tolerating partners nobody here created', async () => {
			const { items, error } = await run({ operation: 'getAll', returnAll: true });
			expect(error).toBeUndefined();
			expect(items.map((i) => i.json.tenantId).sort()).toEqual([FABRIKAM, NORTHWIND, TAILSPIN, UNMANAGED_PARTNER].sort());
			expect(items.every((i) => i.pairedItem && (i.pairedItem as { item: number }).item === 0)).toBe(true);
			const stray = items.find((i) => i.json.tenantId === UNMANAGED_PARTNER)?.json;
			expect(stray).toHaveProperty('externalDirectoryConnection');
		});

		it('includes each sync policy with the expand option', async () => {
			const { items } = await run({ operation: 'getAll', returnAll: true, options: { expandIdentitySynchronization: true } });
			expect(session.emulator.graphRequests()[0].query).toMatchObject({ $expand: 'identitySynchronization' });
			const fabrikam = items.find((i) => i.json.tenantId === FABRIKAM)?.json;
			expect(fabrikam?.identitySynchronization).toMatchObject({ displayName: 'Fabrikam', userSyncInbound: { isSyncAllowed: false } });
			expect(items.find((i) => i.json.tenantId === TAILSPIN)?.json.identitySynchronization).toBeNull();
		});

		it('follows @odata.nextLink across pages and stops at the limit', async () => {
			session.emulator.reset(manyPartners(230));
			const all = await run({ operation: 'getAll', returnAll: true });
			expect(all.items).toHaveLength(230);
			expect(new Set(all.items.map((i) => i.json.tenantId)).size).toBe(230);
			expect(session.emulator.graphRequests().length).toBeGreaterThanOrEqual(3);

			session.emulator.clearRequests();
			const limited = await run({ operation: 'getAll', returnAll: false, limit: 7 });
			expect(limited.items).toHaveLength(7);
			expect(session.emulator.graphRequests()).toHaveLength(1);
			expect(session.emulator.graphRequests()[0].query).toMatchObject({ $top: '7' });
		});
	});

	describe('get many: paging that never ends', () => {
		it('stops with an error when a page repeats only partners already read, and outputs nothing', async () => {
			session.emulator.setFaults({ repeatingPages: 3_000 });
			const { items, error } = await run({ operation: 'getAll', returnAll: true });
			expect(items).toEqual([]);
			expect(error?.message).toBe(
				"Partner → Get Many: page 2 of the list holds only entries already read on earlier pages (Graph's next page link changed, the entries did not); the list stopped there and nothing more was read [item 0]",
			);
			expect(callLog(session.emulator)).toEqual([`GET ${PARTNERS} → 200`, `GET ${PARTNERS} → 200`]);
		});

		it('a page that repeats some partners but brings new ones is read on (offset paging shifts when partners come and go)', async () => {
			const link = `${session.emulator.url}/v1.0${PARTNERS}?$top=100&$skiptoken=Mg`;
			const pageOf = (ids: string[], nextLink?: string) => JSON.stringify({ value: ids.map((tenantId) => ({ tenantId })), ...(nextLink ? { '@odata.nextLink': nextLink } : {}) });
			session.emulator.setFaults({
				failures: [
					{ method: 'GET', pathIncludes: PARTNERS, status: 200, rawBody: pageOf([FABRIKAM, NORTHWIND], link), contentType: 'application/json', count: 1 },
					{ method: 'GET', pathIncludes: 'skiptoken', status: 200, rawBody: pageOf([NORTHWIND, TAILSPIN]), contentType: 'application/json', count: 1 },
				],
			});
			const { items, error } = await run({ operation: 'getAll', returnAll: true });
			expect(error).toBeUndefined();
			expect(new Set(items.map((i) => i.json.tenantId))).toEqual(new Set([FABRIKAM, NORTHWIND, TAILSPIN]));
			expect(session.emulator.graphRequests()).toHaveLength(2);
		});
	});

	describe('delete', () => {
		it('explains that Graph refuses while the sync policy exists', async () => {
			const { error } = await run({ operation: 'delete', partnerTenantId: byId(NORTHWIND) });
			expect(callLog(session.emulator)).toEqual([`DELETE ${PARTNERS}/${NORTHWIND} → 400`]);
			expect(error?.message).toContain(`Graph refused to delete partner ${NORTHWIND}`);
			expect(error?.description).toContain('Delete Sync Policy First');
			expect(session.emulator.partner(CONTOSO, NORTHWIND)).toBeDefined();
		});

		it('deletes the sync policy first when asked', async () => {
			const { items } = await run({ operation: 'delete', partnerTenantId: byId(NORTHWIND), deleteSyncPolicyFirst: true });
			expect(callLog(session.emulator)).toEqual([`DELETE ${PARTNERS}/${NORTHWIND}/identitySynchronization → 204`, `DELETE ${PARTNERS}/${NORTHWIND} → 204`]);
			expect(items[0].json).toMatchObject({ success: true, operation: 'delete', syncPolicyDeleted: true, partnerTenantId: NORTHWIND });
			expect(session.emulator.partner(CONTOSO, NORTHWIND)).toBeUndefined();
		});

		it('with Delete Sync Policy First also deletes a partner that has no sync policy', async () => {
			const { items } = await run({ operation: 'delete', partnerTenantId: byId(TAILSPIN), deleteSyncPolicyFirst: true });
			expect(callLog(session.emulator)).toEqual([`DELETE ${PARTNERS}/${TAILSPIN}/identitySynchronization → 404`, `DELETE ${PARTNERS}/${TAILSPIN} → 204`]);
			expect(items[0].json).toMatchObject({ success: true, syncPolicyDeleted: false });
		});
	});

	describe('partner picker (listSearch)', () => {
		const pickerContext = () =>
			session.n8n.loadOptionsContext(workflow({ operation: 'get', partnerTenantId: { __rl: true, mode: 'list', value: '' } }), NODE_NAME);

		it('lists partners by sync policy display name, else tenant id', async () => {
			const { results } = await searchPartners.call(pickerContext());
			expect(results).toEqual(
				expect.arrayContaining([
					{ name: `Fabrikam (${FABRIKAM})`, value: FABRIKAM },
					{ name: TAILSPIN, value: TAILSPIN },
				]),
			);
			expect(session.emulator.graphRequests()[0].query).toMatchObject({ $expand: 'identitySynchronization' });
		});

		it('filters by what the user types', async () => {
			const { results } = await searchPartners.call(pickerContext(), 'northw');
			expect(results.map((r) => r.value)).toEqual([NORTHWIND]);
		});
	});
});

function manyPartners(count: number): EmulatorSeed {
	const seed = JSON.parse(readFileSync(defaultSeedPath, 'utf8')) as EmulatorSeed;
	const partners = Array.from({ length: count }, (_, i) => ({ tenantId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}` }));
	return { ...seed, partners: { ...seed.partners, [CONTOSO]: partners } };
}
