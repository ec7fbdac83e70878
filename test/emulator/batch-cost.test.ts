import { PartSchedule, checkBatchCost } from './batch-cost';
import { startEmulator } from './index';
import { CONTOSO, FABRIKAM, NORTHWIND, SYNC_PATH, SYNC_URL, TAILSPIN, WOODGROVE, graphCall, httpsCall, tokenFor } from './test-client';
import { useEmulator } from './session';

const JSON_HEADERS = { 'Content-Type': 'application/json' };
const LATENCY_MS = 50;

/** Done times (units of L) of parts scheduled one after another; `deps[i]`: indices part i depends on. */
function doneTimes(concurrency: number, count: number, deps: number[][] = []): number[] {
	const schedule = new PartSchedule(concurrency);
	const done: number[] = [];
	for (let i = 0; i < count; i++) done.push(schedule.next((deps[i] ?? []).map((d) => done[d])));
	return done;
}

describe('batch cost: the schedule of parts', () => {
	it('runs all parts in one wave when unlimited, one per wave with concurrency 1, and in waves of n with n', () => {
		expect(doneTimes(Infinity, 20)).toEqual(Array(20).fill(1));
		expect(doneTimes(1, 20)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
		expect(doneTimes(5, 12)).toEqual([1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 3, 3]);
	});

	it('starts a part after its dependencies and never before the part that runs before it (order is kept)', () => {
		// Run order as executionOrder gives it for [put dependsOn post, post, other]: post, put, other.
		expect(doneTimes(Infinity, 3, [[], [0], []])).toEqual([1, 2, 2]);
		expect(doneTimes(2, 4, [[], [], [0], [2]])).toEqual([1, 1, 2, 3]);
	});

	it('charges nothing for a part refused for a failed dependency', () => {
		const schedule = new PartSchedule(1);
		expect([schedule.next([]), schedule.skip(), schedule.next([])]).toEqual([1, 1, 2]);
	});

	it('accepts an integer >= 1 or Infinity; absent means unlimited', () => {
		expect(checkBatchCost(undefined)).toEqual({ partConcurrency: Infinity });
		expect(checkBatchCost({})).toEqual({ partConcurrency: Infinity });
		expect(checkBatchCost({ partConcurrency: 4 })).toEqual({ partConcurrency: 4 });
		for (const bad of [0, -1, 1.5, Number.NaN]) expect(() => checkBatchCost({ partConcurrency: bad })).toThrow(/partConcurrency/);
	});
});

describe('emulated Graph: what a $batch costs under latency', () => {
	const patchParts = (count: number) =>
		Array.from({ length: count }, (_, i) => ({
			id: String(i + 1),
			method: 'PATCH',
			url: SYNC_URL(i % 2 === 0 ? FABRIKAM : NORTHWIND),
			headers: JSON_HEADERS,
			body: { displayName: `n${i}` },
		}));
	const timedBatch = async (requests: unknown[], on = session.emulator, token = session.writer) => {
		const started = performance.now();
		const answer = await graphCall(on, token, 'POST', '/v1.0/$batch', { requests });
		const ms = performance.now() - started;
		expect(answer.status).toBe(200);
		return { ms, responses: answer.json<{ responses: Array<{ id: string; status: number }> }>().responses };
	};

	const session = useEmulator();

	it('parts in parallel by default: a batch of 20 costs about 2L', async () => {
		session.emulator.setFaults({ latencyMs: LATENCY_MS });
		const { ms, responses } = await timedBatch(patchParts(20));
		expect(responses.every((r) => r.status === 204)).toBe(true);
		expect(ms).toBeGreaterThanOrEqual(2 * LATENCY_MS - 5);
		expect(ms).toBeLessThan(600);
	});

	it('parts one after another (partConcurrency 1): a batch of 20 costs about 21L; a single request still L', async () => {
		session.emulator.setBatchCost({ partConcurrency: 1 });
		session.emulator.setFaults({ latencyMs: LATENCY_MS });
		const { ms } = await timedBatch(patchParts(20));
		expect(ms).toBeGreaterThanOrEqual(900);
		expect(ms).toBeLessThan(2000);
		const parts = session.emulator.graphRequests();
		expect(parts.map((p) => p.batch?.partId)).toEqual(patchParts(20).map((p) => p.id));
		// Logged as they run: the last part runs about 19 L after the first.
		expect(parts[19].at - parts[0].at).toBeGreaterThanOrEqual(19 * LATENCY_MS - 20);

		const started = performance.now();
		expect((await graphCall(session.emulator, session.writer, 'GET', SYNC_PATH(FABRIKAM))).status).toBe(200);
		expect(performance.now() - started).toBeLessThan(500);
	});

	it('takes the model from the start options; reset() restores it; costs nothing without latency', async () => {
		const waves = await startEmulator({ batchCost: { partConcurrency: 10 } });
		try {
			const token = await tokenFor(waves);
			waves.setFaults({ latencyMs: LATENCY_MS });
			// Envelope + two waves of 10.
			const twoWaves = await timedBatch(patchParts(20), waves, token);
			expect(twoWaves.ms).toBeGreaterThanOrEqual(3 * LATENCY_MS - 5);
			expect(twoWaves.ms).toBeLessThan(900);
			waves.setBatchCost({ partConcurrency: 1 });
			waves.reset();
			waves.setFaults({ latencyMs: LATENCY_MS });
			const afterReset = await timedBatch(patchParts(20), waves, token);
			expect(afterReset.ms).toBeGreaterThanOrEqual(3 * LATENCY_MS - 5);
			expect(afterReset.ms).toBeLessThan(900);
		} finally {
			await waves.close();
		}
		session.emulator.setBatchCost({ partConcurrency: 1 });
		expect((await timedBatch(patchParts(20))).ms).toBeLessThan(500);
		expect(() => session.emulator.setBatchCost({ partConcurrency: 0 })).toThrow(/partConcurrency must be an integer >= 1 or Infinity/);
	});

	it('keeps the run order of dependsOn and of Faults.batchAnswers.reverseOrder', async () => {
		session.emulator.setBatchCost({ partConcurrency: 2 });
		session.emulator.setFaults({ latencyMs: 20 });
		const { responses } = await timedBatch([
			{ id: 'put', method: 'PUT', url: SYNC_URL(WOODGROVE), headers: JSON_HEADERS, body: { userSyncInbound: { isSyncAllowed: true } }, dependsOn: ['post'] },
			{ id: 'post', method: 'POST', url: '/policies/crossTenantAccessPolicy/partners', headers: JSON_HEADERS, body: { tenantId: WOODGROVE } },
			{ id: 'missing', method: 'PATCH', url: SYNC_URL(TAILSPIN), headers: JSON_HEADERS, body: { displayName: 'x' } },
			{ id: 'after-missing', method: 'GET', url: SYNC_URL(TAILSPIN), dependsOn: ['missing'] },
			{ id: 'last', method: 'GET', url: SYNC_URL(FABRIKAM) },
		]);
		expect(responses.map((r) => [r.id, r.status])).toEqual([
			['put', 204],
			['post', 201],
			['missing', 404],
			['after-missing', 424],
			['last', 200],
		]);
		expect(session.emulator.graphRequests().map((r) => r.batch?.partId)).toEqual(['post', 'put', 'missing', 'after-missing', 'last']);

		session.emulator.clearRequests();
		session.emulator.setFaults({ latencyMs: 20, batchAnswers: { count: 1, reverseOrder: true } });
		const reversed = await timedBatch(patchParts(4));
		expect(reversed.responses.map((r) => r.id)).toEqual(['4', '3', '2', '1']);
		expect(session.emulator.graphRequests().map((r) => r.batch?.partId)).toEqual(['4', '3', '2', '1']);
	});

	it('runs each part at its own time: one after another, the write bucket refills between parts', async () => {
		// In parallel all parts meet a bucket that refills once a second (a wide margin on a busy machine); one after
		// another the parts run 150 ms apart and the bucket refills every 100 ms.
		session.emulator.setFaults({ latencyMs: LATENCY_MS });
		session.emulator.setThrottling({ capacity: 1, refillPerSecond: 1 });
		const parallel = await timedBatch(patchParts(5));
		expect(parallel.responses.map((r) => r.status)).toEqual([204, 429, 429, 429, 429]);

		session.emulator.setBatchCost({ partConcurrency: 1 });
		session.emulator.setFaults({ latencyMs: 150 });
		session.emulator.setThrottling({ capacity: 1, refillPerSecond: 10 });
		const sequential = await timedBatch(patchParts(5));
		expect(sequential.responses.map((r) => r.status)).toEqual([204, 204, 204, 204, 204]);
	});

	it('can be set out of process: POST /_emulator/batch-cost (null or {} = parts in parallel)', async () => {
		const admin = (body: string) =>
			httpsCall(session.emulator.caCertPem, `${session.emulator.url}/_emulator/batch-cost`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
		expect((await admin(JSON.stringify({ partConcurrency: 1 }))).status).toBe(204);
		session.emulator.setFaults({ latencyMs: 20 });
		expect((await timedBatch(patchParts(20))).ms).toBeGreaterThanOrEqual(20 * 20);
		expect((await admin('null')).status).toBe(204);
		expect((await timedBatch(patchParts(20))).ms).toBeLessThan(20 * 20);
		expect((await admin(JSON.stringify({ partConcurrency: 0 }))).status).toBe(400);
		expect((await admin('[]')).status).toBe(400);
		expect(session.emulator.batchRequests().every((r) => r.tenantId === CONTOSO)).toBe(true);
	});
});
