import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';

import type { GraphEmulator } from '../emulator';
import { startEmulator } from '../emulator';
import { NODE_NAME, nodeWorkflow } from '../harness/nodeWorkflow';
import type { InProcessN8n } from '../harness/runWorkflow';
import { nodeResult } from '../harness/runWorkflow';
import { forgetSharedAccessTokens } from '../../credentials/entra/mintAccessToken';
import { forgetSharedWriteBudgets } from '../../nodes/CrossTenantSyncPolicy/executor/pacer';
import { bulkPartnerId, bulkSeed } from '../support/bulkSeed';
import { addCredential, APPS, certificateCredential, CONTOSO, inProcessN8n, secretCredential, storeMintedToken } from '../support/fixtures';
import { trustEmulatorCertificate } from '../support/trustEmulator';

const SYNC = (tenant: string) => `/v1.0/policies/crossTenantAccessPolicy/partners/${tenant}/identitySynchronization`;

describe('Bulk and resilience: $batch, throttling, faults (real n8n-core, emulator)', () => {
	let emulator: GraphEmulator;
	let n8n: InProcessN8n;
	let credential: { id: string; name: string };

	beforeAll(async () => {
		// Thousands of partners are far over the 25 KB policy cap; lift it for these runs.
		emulator = await startEmulator({ policySizeLimitBytes: 1_000_000_000 });
		trustEmulatorCertificate(emulator.caCertPem);
	});
	afterAll(async () => await emulator.close());

	const prepare = (partners: number) => {
		forgetSharedAccessTokens();
		forgetSharedWriteBudgets();
		emulator.reset(bulkSeed(partners));
		n8n = inProcessN8n();
		credential = addCredential(n8n, secretCredential(emulator));
	};

	const updateAll = async (tenantIds: string[], options: INodeParameters = {}, continueOnFail = false) =>
		nodeResult(
			await n8n.execute(
				nodeWorkflow({
					parameters: {
						resource: 'syncPolicy',
						operation: 'update',
						partnerTenantId: { __rl: true, mode: 'id', value: '={{ $json.tenantId }}' },
						updateFields: { isSyncAllowed: true },
						options,
					},
					items: tenantIds.map((tenantId) => ({ tenantId })),
					credential,
					continueOnFail,
				}),
			),
			NODE_NAME,
		);

	/** Successful (2xx) applications of writes per path: a write applied twice would show 2. */
	const appliedWrites = () => {
		const counts = new Map<string, number>();
		for (const r of emulator.graphRequests()) {
			if (r.method !== 'GET' && r.status >= 200 && r.status < 300) counts.set(r.path, (counts.get(r.path) ?? 0) + 1);
		}
		return counts;
	};

	const expectAllApplied = (items: INodeExecutionData[], tenantIds: string[]) => {
		expect(items).toHaveLength(tenantIds.length);
		items.forEach((item, i) => {
			expect(item.pairedItem).toEqual({ item: i });
			expect(item.json).toMatchObject({ success: true, partnerTenantId: tenantIds[i], action: 'updated' });
		});
		for (const tenantId of tenantIds) {
			expect(emulator.partner(CONTOSO, tenantId)?.identitySynchronization).toMatchObject({ userSyncInbound: { isSyncAllowed: true } });
		}
	};

	it('sends many items as $batch requests of at most 20, one output per input, in input order', async () => {
		prepare(45);
		const ids = Array.from({ length: 45 }, (_, i) => bulkPartnerId(i));
		const { items, error } = await updateAll(ids);
		expect(error).toBeUndefined();
		expectAllApplied(items, ids);
		expect(emulator.batchRequests().map((b) => (b.body as { requests: unknown[] }).requests.length).sort((a, b) => b - a)).toEqual([20, 20, 5]);
		expect(emulator.graphRequests()).toHaveLength(45);
		const part = (emulator.batchRequests()[0].body as { requests: Array<Record<string, unknown>> }).requests[0];
		expect(part).toEqual({
			id: '0',
			method: 'PATCH',
			url: `/policies/crossTenantAccessPolicy/partners/${bulkPartnerId(0)}/identitySynchronization`,
			headers: { 'Content-Type': 'application/json' },
			body: { userSyncInbound: { isSyncAllowed: true } },
		});
	});

	it('batches each step of a multi-step operation: the skip-if-unchanged reads, then only the writes needed', async () => {
		prepare(40);
		const ids = Array.from({ length: 40 }, (_, i) => bulkPartnerId(i));
		const { items: first } = await updateAll(ids.slice(0, 20));
		expect(first.every((i) => i.json.action === 'updated')).toBe(true);
		emulator.clearRequests();

		const { items, error } = await updateAll(ids, { skipIfUnchanged: true });
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json.action)).toEqual([...Array(20).fill('unchanged'), ...Array(20).fill('updated')]);
		const batches = emulator.batchRequests().map((b) => (b.body as { requests: Array<{ method: string }> }).requests.map((r) => r.method));
		expect(batches).toEqual([Array(20).fill('GET'), Array(20).fill('GET'), Array(20).fill('PATCH')]);
	});

	it('retries the 30 % of parts answered 429 after their Retry-After and applies each write once', async () => {
		prepare(100);
		const ids = Array.from({ length: 100 }, (_, i) => bulkPartnerId(i));
		emulator.setFaults({ failures: [{ method: 'PATCH', status: 429, count: 30, retryAfterSeconds: 1 }] });
		const { items, error } = await updateAll(ids);
		expect(error).toBeUndefined();
		expectAllApplied(items, ids);
		const log = emulator.graphRequests();
		expect(log.filter((r) => r.status === 429)).toHaveLength(30);
		expect([...appliedWrites().values()].every((count) => count === 1)).toBe(true);
		expect(appliedWrites().size).toBe(100);
	});

	it('retries whole-batch 503s and connection resets', async () => {
		prepare(60);
		const ids = Array.from({ length: 60 }, (_, i) => bulkPartnerId(i));
		emulator.setFaults({ failures: [{ pathIncludes: '$batch', status: 503, count: 2, retryAfterSeconds: 1 }], resetConnections: 2 });
		const { items, error } = await updateAll(ids);
		expect(error).toBeUndefined();
		expectAllApplied(items, ids);
		expect(emulator.batchRequests().filter((b) => b.status === 503)).toHaveLength(2);
		expect(emulator.batchRequests().filter((b) => b.status === 0)).toHaveLength(2);
	});

	it('reports each part of a batch that fails with a different code, without retrying 4xx', async () => {
		prepare(6);
		const ids = Array.from({ length: 6 }, (_, i) => bulkPartnerId(i));
		emulator.setFaults({
			failures: [
				{ pathIncludes: bulkPartnerId(1), status: 400, count: 1, code: 'BadRequest' },
				{ pathIncludes: bulkPartnerId(3), status: 403, count: 1, code: 'Authorization_RequestDenied' },
				{ pathIncludes: bulkPartnerId(4), status: 404, count: 1, code: 'Directory_ObjectNotFound' },
			],
		});
		const { items, error } = await updateAll(ids, {}, true);
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json.code ?? 'ok')).toEqual(['ok', 'BadRequest', 'ok', 'Authorization_RequestDenied', 'Directory_ObjectNotFound', 'ok']);
		expect(items.map((i) => i.pairedItem)).toEqual(ids.map((_, item) => ({ item })));
		expect(emulator.graphRequests()).toHaveLength(6);
	});

	it('without Continue On Fail attempts every item, then names the first failed one and how many succeeded', async () => {
		prepare(25);
		const ids = Array.from({ length: 25 }, (_, i) => bulkPartnerId(i));
		emulator.setFaults({ failures: [{ pathIncludes: bulkPartnerId(7), status: 403, count: 1, code: 'Authorization_RequestDenied' }] });
		const { error } = await updateAll(ids);
		expect(error?.message).toContain('[item 7, Authorization_RequestDenied]');
		expect(error?.description).toContain('24 of 25 items succeeded (their changes are applied); 1 failed (first: item 7)');
		expect(appliedWrites().size).toBe(24);
	});

	it('treats a PUT whose answer was lost as applied when its retry meets 409', async () => {
		emulator.reset(bulkSeed(0));
		emulator.reset({ ...bulkSeed(0), partners: { [CONTOSO]: [{ tenantId: bulkPartnerId(1) }, { tenantId: bulkPartnerId(2) }] } });
		n8n = inProcessN8n();
		credential = addCredential(n8n, secretCredential(emulator));
		emulator.setFaults({ resetAfterApplying: 1 });
		const { items, error } = nodeResult(
			await n8n.execute(
				nodeWorkflow({
					parameters: { resource: 'syncPolicy', operation: 'create', partnerTenantId: { __rl: true, mode: 'id', value: '={{ $json.tenantId }}' }, isSyncAllowed: true },
					items: [{ tenantId: bulkPartnerId(1) }, { tenantId: bulkPartnerId(2) }],
					credential,
				}),
			),
			NODE_NAME,
		);
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json.action)).toEqual(['created', 'created']);
		// Both PUTs travelled in the batch whose answer was lost: applied, but this run cannot know it made the change.
		for (const item of items) {
			expect(item.json).toMatchObject({ success: true, changed: null, verified: false, note: expect.stringContaining('answer was lost') });
		}
		const puts = emulator.graphRequests().filter((r) => r.method === 'PUT');
		expect(puts.filter((r) => r.status === 204)).toHaveLength(2);
		expect(puts.filter((r) => r.status === 409).length).toBeGreaterThan(0);
	});

	it('uses one token for a whole bulk run, and re-authenticates once when Graph answers 401 mid-run', async () => {
		prepare(60);
		const ids = Array.from({ length: 60 }, (_, i) => bulkPartnerId(i));
		await updateAll(ids.slice(0, 30));
		expect(emulator.requests.filter((r) => r.kind === 'token')).toHaveLength(1);

		const expired = emulator.mintAccessToken({ tenantId: CONTOSO, clientId: APPS.writer.clientId, roles: ['Policy.ReadWrite.CrossTenantAccess'], expiresInSeconds: -60 });
		storeMintedToken(n8n, credential.id, expired);
		emulator.clearRequests();
		const { items, error } = await updateAll(ids.slice(30));
		expect(error).toBeUndefined();
		expect(items.every((i) => i.json.success === true)).toBe(true);
		const batches = emulator.batchRequests();
		expect(batches.some((b) => b.status === 401)).toBe(true);
		expect(batches.filter((b) => b.status !== 401).every((b) => b.headers.authorization !== `Bearer ${expired}`)).toBe(true);
		// The token this process minted in the first run is still fresh: it replaces the refused one, no new mint.
		expect(emulator.requests.filter((r) => r.kind === 'token')).toHaveLength(0);
	});

	it('finishes 1,000 writes against a throttling bucket that admits far fewer at once, losing none', async () => {
		prepare(1000);
		const ids = Array.from({ length: 1000 }, (_, i) => bulkPartnerId(i));
		// A burst of 50 refilled at 200/s: far fewer than 1,000 at once, so the run meets the budget's limit however
		// fast this machine is.
		emulator.setThrottling({ capacity: 50, refillPerSecond: 200 });
		const { items, error } = await updateAll(ids);
		expect(error).toBeUndefined();
		expectAllApplied(items, ids);
		expect(emulator.throttleStats().withLimitPercentage).toBeGreaterThan(0);
		expect(emulator.throttleStats().admitted).toBe(1000);
		expect([...appliedWrites().values()].every((count) => count === 1)).toBe(true);
	}, 60_000);

	it("a 429 pauses every execution's writes on that budget until its Retry-After, then each write is applied once", async () => {
		prepare(40);
		const ids = Array.from({ length: 40 }, (_, i) => bulkPartnerId(i));
		emulator.setFaults({ failures: [{ method: 'PATCH', status: 429, count: 1, retryAfterSeconds: 2 }] });
		const runs = await Promise.all([0, 1].map(async (e) => await updateAll(ids.slice(e * 20, (e + 1) * 20))));
		runs.forEach(({ items, error }, e) => {
			expect(error).toBeUndefined();
			expectAllApplied(items, ids.slice(e * 20, (e + 1) * 20));
		});
		// One batch went first; its 429 arrived with it, so no write of either execution reached Graph for 2 s.
		const [first, ...later] = emulator.batchRequests().map((b) => b.at);
		expect(later.length).toBeGreaterThan(0);
		for (const at of later) expect(at - first).toBeGreaterThanOrEqual(2000);
		expect(emulator.graphRequests().filter((r) => r.status === 429)).toHaveLength(1);
		expect([...appliedWrites().values()].every((count) => count === 1)).toBe(true);
		expect(appliedWrites().size).toBe(40);
	});

	it("paces by Graph's 429s alone when its admitted writes carry no x-ms-throttle-limit-percentage, losing none", async () => {
		prepare(1000);
		const ids = Array.from({ length: 1000 }, (_, i) => bulkPartnerId(i));
		emulator.setThrottling({ capacity: 50, refillPerSecond: 200, limitPercentageOnAdmitted: false });
		// Default retries: a write waiting out 429s does not use them up.
		const { items, error } = await updateAll(ids);
		expect(error).toBeUndefined();
		expectAllApplied(items, ids);
		const { admitted, rejected, withLimitPercentage } = emulator.throttleStats();
		expect([admitted, withLimitPercentage]).toEqual([1000, rejected]);
		expect(rejected).toBeGreaterThan(0);
		expect([...appliedWrites().values()].every((count) => count === 1)).toBe(true);
	}, 60_000);

	it('four executions at once sharing one write bucket (queue mode workers) lose nothing with the default retries', async () => {
		prepare(160);
		const ids = Array.from({ length: 160 }, (_, i) => bulkPartnerId(i));
		// Graph's sustained rate (20/s): the four together send far more than it admits at once.
		emulator.setThrottling({ capacity: 20, refillPerSecond: 20 });
		const runs = await Promise.all([0, 1, 2, 3].map(async (e) => await updateAll(ids.slice(e * 40, (e + 1) * 40))));
		runs.forEach(({ items, error }, e) => {
			expect(error).toBeUndefined();
			expectAllApplied(items, ids.slice(e * 40, (e + 1) * 40));
		});
		const { rejected } = emulator.throttleStats();
		expect(rejected).toBeGreaterThan(0);
		expect([...appliedWrites().values()].every((count) => count === 1)).toBe(true);
	}, 60_000);

	it('executions that start together, or after another one minted, share one token per process', async () => {
		prepare(40);
		const ids = Array.from({ length: 40 }, (_, i) => bulkPartnerId(i));
		credential = addCredential(n8n, certificateCredential(emulator));
		await Promise.all([0, 1].map(async (e) => await updateAll(ids.slice(e * 10, (e + 1) * 10))));
		// A second workflow engine with its own stored credential (a worker's next execution reading the database
		// before the first one saved its token): no new token either.
		n8n = inProcessN8n();
		credential = addCredential(n8n, certificateCredential(emulator));
		await updateAll(ids.slice(20));
		expect(emulator.requests.filter((r) => r.kind === 'token')).toHaveLength(1);
	});

	it('10,000 items with invalid tenant ids sprinkled in: invalid fail fast without requests, valid go through', async () => {
		prepare(10_000);
		const ids = Array.from({ length: 10_000 }, (_, i) => (i % 97 === 13 ? `not-a-tenant-${i}` : bulkPartnerId(i)));
		const { items, error } = await updateAll(ids, {}, true);
		expect(error).toBeUndefined();
		expect(items).toHaveLength(10_000);
		const invalid = ids.flatMap((id, i) => (id.startsWith('not-a-tenant') ? [i] : []));
		for (const i of invalid) expect(items[i].json.error).toContain(`Invalid Partner Tenant in item ${i}`);
		expect(items.filter((i) => i.json.success === true)).toHaveLength(10_000 - invalid.length);
		const requested = new Set(emulator.graphRequests().map((r) => r.path));
		expect(requested.size).toBe(10_000 - invalid.length);
		expect([...requested].some((path) => path.includes('not-a-tenant'))).toBe(false);
		expect(requested.has(SYNC(bulkPartnerId(0)))).toBe(true);
	}, 120_000);
});
