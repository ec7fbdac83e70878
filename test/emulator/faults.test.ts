import { startEmulator } from './index';
import { CONTOSO, FABRIKAM, PARTNERS_PATH, SYNC_PATH, graphCall, secretForm, tokenFor, tokenRequest } from './test-client';
import type { GraphEmulator } from './types';

describe('emulated Graph: fault injection', () => {
	let emulator: GraphEmulator;
	let writer: string;

	beforeAll(async () => {
		emulator = await startEmulator();
		writer = await tokenFor(emulator);
	});
	afterAll(async () => await emulator.close());
	beforeEach(() => emulator.reset());

	it('answers 429 with Retry-After for `count` matching requests, then succeeds', async () => {
		emulator.setFaults({ failures: [{ method: 'PATCH', pathIncludes: '/identitySynchronization', status: 429, count: 2, retryAfterSeconds: 3 }] });
		const get = await graphCall(emulator, writer, 'GET', SYNC_PATH(FABRIKAM));
		expect(get.status).toBe(200);
		for (let i = 0; i < 2; i++) {
			const throttled = await graphCall(emulator, writer, 'PATCH', SYNC_PATH(FABRIKAM), { displayName: 'x' });
			expect(throttled.status).toBe(429);
			expect(throttled.headers['retry-after']).toBe('3');
			expect(throttled.json()).toMatchObject({ error: { code: 'TooManyRequests', message: 'Too many requests' } });
			expect(throttled.headers['request-id']).toBeDefined();
		}
		expect((await graphCall(emulator, writer, 'PATCH', SYNC_PATH(FABRIKAM), { displayName: 'x' })).status).toBe(204);
		expect(emulator.graphRequests().map((r) => r.status)).toEqual([200, 429, 429, 204]);
	});

	it('uses Graph codes for 503 and 504, or the given code', async () => {
		emulator.setFaults({
			failures: [
				{ status: 503, count: 1 },
				{ status: 504, count: 1 },
				{ status: 500, count: 1, code: 'generalException' },
			],
		});
		const codes = [];
		for (let i = 0; i < 3; i++) {
			const answer = await graphCall(emulator, writer, 'GET', PARTNERS_PATH);
			codes.push([answer.status, answer.json<{ error: { code: string } }>().error.code]);
		}
		expect(codes).toEqual([
			[503, 'ServiceUnavailable'],
			[504, 'GatewayTimeout'],
			[500, 'generalException'],
		]);
	});

	it('adds latency to Graph requests only', async () => {
		emulator.setFaults({ latencyMs: 300 });
		let started = Date.now();
		expect((await tokenRequest(emulator, secretForm(emulator))).status).toBe(200);
		expect(Date.now() - started).toBeLessThan(250);
		started = Date.now();
		expect((await graphCall(emulator, writer, 'GET', SYNC_PATH(FABRIKAM))).status).toBe(200);
		expect(Date.now() - started).toBeGreaterThanOrEqual(290);
	});

	it('drops the connection of the next N Graph requests and logs them with status 0', async () => {
		emulator.setFaults({ resetConnections: 1, failures: [{ status: 429, count: 1, pathIncludes: '/token' }] });
		await expect(graphCall(emulator, writer, 'GET', SYNC_PATH(FABRIKAM))).rejects.toThrow(/socket hang up|ECONNRESET/);
		expect((await graphCall(emulator, writer, 'GET', SYNC_PATH(FABRIKAM))).status).toBe(200);
		// Faults never touch the token endpoint, even when a rule's path would match it.
		expect((await tokenRequest(emulator, secretForm(emulator))).status).toBe(200);
		expect(emulator.requests[0].tenantId).toBe(CONTOSO);
		expect(emulator.requests.map((r) => [r.kind, r.status])).toEqual([
			['graph', 0],
			['graph', 200],
			['token', 200],
		]);
	});

	it('rejects malformed faults and clears them on reset', async () => {
		expect(() => emulator.setFaults({ failures: [{ status: 99, count: 1 }] })).toThrow(/failures\[0\]\.status/);
		emulator.setFaults({ failures: [{ status: 503, count: 5 }] });
		emulator.reset();
		expect((await graphCall(emulator, writer, 'GET', SYNC_PATH(FABRIKAM))).status).toBe(200);
	});
});
