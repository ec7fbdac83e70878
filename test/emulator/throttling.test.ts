import { setTimeout as sleep } from 'node:timers/promises';

import { startEmulator } from './index';
import { APPS, CONTOSO, FABRIKAM, NORTHWIND, SYNC_PATH, SYNC_URL, TAILSPIN, graphCall, graphCode, httpsCall, tokenFor } from './test-client';
import { useEmulator } from './session';

describe('emulated Graph: write throttling (token bucket per app and tenant)', () => {
	const patch = (token: string, displayName: string) => graphCall(session.emulator, token, 'PATCH', SYNC_PATH(FABRIKAM), { displayName });
	const displayName = () => (session.emulator.partner(CONTOSO, FABRIKAM)?.identitySynchronization as { displayName: string }).displayName;

	const session = useEmulator();

	it('is off by default', async () => {
		for (let i = 0; i < 5; i++) expect((await patch(session.writer, `n${i}`)).status).toBe(204);
		expect(session.emulator.throttleStats()).toEqual({ admitted: 0, rejected: 0, withLimitPercentage: 0 });
	});

	it('admits `capacity` writes, then answers 429 with Retry-After without applying; reads pass', async () => {
		session.emulator.setThrottling({ capacity: 2, refillPerSecond: 0.25 });
		expect((await patch(session.writer, 'one')).status).toBe(204);
		expect((await patch(session.writer, 'two')).status).toBe(204);
		const throttled = await patch(session.writer, 'three');
		expect(throttled.status).toBe(429);
		expect(throttled.headers['retry-after']).toBe('4');
		expect(throttled.json().error).toMatchObject({ code: 'TooManyRequests', message: 'Too many requests' });
		expect(displayName()).toBe('two');
		expect((await graphCall(session.emulator, session.writer, 'GET', SYNC_PATH(FABRIKAM))).status).toBe(200);
		expect(session.emulator.throttleStats()).toEqual({ admitted: 2, rejected: 1, withLimitPercentage: 2 });
		expect(session.emulator.graphRequests().map((r) => r.status)).toEqual([204, 204, 429, 200]);
	});

	it('keeps one bucket per (appid, tid)', async () => {
		session.emulator.setThrottling({ capacity: 1, refillPerSecond: 0.1 });
		const roles = ['Policy.ReadWrite.CrossTenantAccess'];
		const otherApp = session.emulator.mintAccessToken({ tenantId: CONTOSO, clientId: APPS.certWriter.clientId, roles });
		const otherTenant = session.emulator.mintAccessToken({ tenantId: FABRIKAM, clientId: APPS.writer.clientId, roles });
		expect((await patch(session.writer, 'a')).status).toBe(204);
		expect((await patch(session.writer, 'b')).status).toBe(429);
		expect((await patch(otherApp, 'c')).status).toBe(204);
		// Fabrikam has no partner Fabrikam: the write is admitted by its own bucket, then not found.
		expect((await patch(otherTenant, 'd')).status).toBe(404);
		expect(session.emulator.throttleStats()).toEqual({ admitted: 3, rejected: 1, withLimitPercentage: 4 });
	});

	it('refills over time; Retry-After is at least 1', async () => {
		session.emulator.setThrottling({ capacity: 1, refillPerSecond: 20 });
		expect((await patch(session.writer, 'a')).status).toBe(204);
		const throttled = await patch(session.writer, 'b');
		expect([throttled.status, throttled.headers['retry-after']]).toEqual([429, '1']);
		await sleep(80);
		expect((await patch(session.writer, 'c')).status).toBe(204);
	});

	it('takes its configuration from the start options; reset() restores it and clears the counters', async () => {
		const throttled = await startEmulator({ throttling: { capacity: 1, refillPerSecond: 0.1 } });
		try {
			const token = await tokenFor(throttled);
			const write = () => graphCall(throttled, token, 'PATCH', SYNC_PATH(FABRIKAM), { displayName: 'x' });
			expect((await write()).status).toBe(204);
			expect((await write()).status).toBe(429);
			throttled.setThrottling(undefined);
			expect((await write()).status).toBe(204);
			throttled.reset();
			expect(throttled.throttleStats()).toEqual({ admitted: 0, rejected: 0, withLimitPercentage: 0 });
			expect((await write()).status).toBe(204);
			expect(graphCode(await write())).toBe('TooManyRequests');
		} finally {
			await throttled.close();
		}
		expect(() => session.emulator.setThrottling({ capacity: 0, refillPerSecond: 1 })).toThrow(/capacity/);
		expect(() => session.emulator.setThrottling({ capacity: 1, refillPerSecond: 0 })).toThrow(/refillPerSecond/);
	});

	describe('x-ms-throttle-limit-percentage and x-ms-throttle-scope', () => {
		const PERCENTAGE = 'x-ms-throttle-limit-percentage';
		const SCOPE = `Tenant_Application/Write/${APPS.writer.clientId}/${CONTOSO}`;
		const limitHeaders = (headers: Record<string, string>) => [headers[PERCENTAGE], headers['x-ms-throttle-scope']];
		const writeParts = (count: number) =>
			Array.from({ length: count }, (_, i) => ({
				id: String(i + 1),
				method: 'PATCH',
				url: SYNC_URL(i % 2 === 0 ? FABRIKAM : NORTHWIND),
				headers: { 'Content-Type': 'application/json' },
				body: { displayName: `n${i}` },
			}));
		const batchAnswers = async (count: number) => {
			const answer = await graphCall(session.emulator, session.writer, 'POST', '/v1.0/$batch', { requests: writeParts(count) });
			expect(answer.status).toBe(200);
			expect(answer.headers[PERCENTAGE]).toBeUndefined();
			return answer.json<{ responses: Array<{ status: number; headers: Record<string, string> }> }>().responses;
		};

		it('are absent while the bucket is at most 80 % used, then report the used fraction; 1.0 on a 429', async () => {
			session.emulator.setThrottling({ capacity: 10, refillPerSecond: 0.01 });
			const answers = [];
			for (let i = 0; i < 11; i++) answers.push(await patch(session.writer, `n${i}`));
			expect(answers.map((a) => a.status)).toEqual([...Array(10).fill(204), 429]);
			expect(answers.slice(0, 8).map((a) => limitHeaders(a.headers))).toEqual(Array(8).fill([undefined, undefined]));
			expect(answers.slice(8).map((a) => limitHeaders(a.headers))).toEqual([
				['0.9', SCOPE],
				['1.0', SCOPE],
				['1.0', SCOPE],
			]);
			expect(answers[10].headers['x-ms-throttle-information']).toBe('WriteLimitExceeded');
			// Reads are free and carry nothing, even with an empty bucket.
			const read = await graphCall(session.emulator, session.writer, 'GET', SYNC_PATH(FABRIKAM));
			expect([read.status, ...limitHeaders(read.headers)]).toEqual([200, undefined, undefined]);
			// A write that took a token and then failed carries them too.
			session.emulator.setThrottling({ capacity: 1, refillPerSecond: 0.01 });
			const missing = await graphCall(session.emulator, session.writer, 'PATCH', SYNC_PATH(TAILSPIN), { displayName: 'x' });
			expect([missing.status, ...limitHeaders(missing.headers)]).toEqual([404, '1.0', SCOPE]);
			expect(session.emulator.throttleStats()).toEqual({ admitted: 11, rejected: 1, withLimitPercentage: 4 });
		});

		it('with limitPercentageOnAdmitted: false only 429s carry them (a Graph that warns no earlier)', async () => {
			session.emulator.setThrottling({ capacity: 3, refillPerSecond: 0.01, limitPercentageOnAdmitted: false });
			const answers = [];
			for (let i = 0; i < 4; i++) answers.push(await patch(session.writer, `n${i}`));
			expect(answers.map((a) => [a.status, ...limitHeaders(a.headers)])).toEqual([
				[204, undefined, undefined],
				[204, undefined, undefined],
				[204, undefined, undefined],
				[429, '1.0', SCOPE],
			]);
			expect(session.emulator.throttleStats()).toEqual({ admitted: 3, rejected: 1, withLimitPercentage: 1 });
			expect(() => session.emulator.setThrottling({ capacity: 3, refillPerSecond: 1, limitPercentageOnAdmitted: 'no' as never })).toThrow(/limitPercentageOnAdmitted must be true or false/);
		});

		it('are never sent with throttling off', async () => {
			const answer = await patch(session.writer, 'x');
			expect(limitHeaders(answer.headers)).toEqual([undefined, undefined]);
		});

		it('are carried by batch parts (the envelope carries none)', async () => {
			session.emulator.setThrottling({ capacity: 10, refillPerSecond: 0.01 });
			const responses = await batchAnswers(11);
			expect(responses.map((r) => r.status)).toEqual([...Array(10).fill(204), 429]);
			expect(responses.map((r) => r.headers[PERCENTAGE])).toEqual([...Array(8).fill(undefined), '0.9', '1.0', '1.0']);
			expect(responses[10].headers).toMatchObject({ 'Retry-After': '100', 'x-ms-throttle-scope': SCOPE, 'x-ms-throttle-information': 'WriteLimitExceeded' });
			expect(session.emulator.throttleStats()).toEqual({ admitted: 10, rejected: 1, withLimitPercentage: 3 });
		});

		it("work with Graph's documented bucket (3,000 per 150 s) and a scaled one (50 burst + 40/s) that refills continuously", async () => {
			session.emulator.setThrottling({ capacity: 3000, refillPerSecond: 20 });
			const documented = await batchAnswers(20);
			expect(documented.every((r) => r.status === 204 && r.headers[PERCENTAGE] === undefined)).toBe(true);

			session.emulator.setThrottling({ capacity: 50, refillPerSecond: 40 });
			const started = performance.now();
			const burst = (await Promise.all([1, 2, 3, 4].map(() => batchAnswers(20)))).flat();
			const elapsedSeconds = (performance.now() - started) / 1000;
			const admitted = burst.filter((r) => r.status === 204).length;
			expect(admitted).toBeGreaterThanOrEqual(50);
			expect(admitted).toBeLessThanOrEqual(50 + Math.ceil(40 * elapsedSeconds));
			expect(burst.filter((r) => r.status === 429).length).toBe(80 - admitted);
			expect(burst.filter((r) => r.status === 429).every((r) => r.headers[PERCENTAGE] === '1.0')).toBe(true);
			// The first 40 writes leave the bucket at most 80 % used, whichever batch they were in.
			const stats = session.emulator.throttleStats();
			expect(stats.withLimitPercentage).toBeLessThanOrEqual(80 - 40);
			expect(stats.withLimitPercentage).toBeGreaterThanOrEqual(80 - admitted);

			// 250 ms later about 10 tokens are back (not a full bucket, not none).
			await sleep(250);
			const later = await batchAnswers(20);
			const refilled = later.filter((r) => r.status === 204).length;
			expect(refilled).toBeGreaterThanOrEqual(10);
			expect(refilled).toBeLessThan(20);
		});
	});

	it('can be set out of process: POST /_emulator/throttling (null turns it off)', async () => {
		const admin = (body: string) =>
			httpsCall(session.emulator.caCertPem, `${session.emulator.url}/_emulator/throttling`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
		expect((await admin(JSON.stringify({ capacity: 1, refillPerSecond: 0.1 }))).status).toBe(204);
		await patch(session.writer, 'a');
		expect((await patch(session.writer, 'b')).status).toBe(429);
		const info = await httpsCall(session.emulator.caCertPem, `${session.emulator.url}/_emulator/info`);
		expect(info.json()).toMatchObject({ throttle: { admitted: 1, rejected: 1 } });
		expect((await admin('null')).status).toBe(204);
		expect((await patch(session.writer, 'c')).status).toBe(204);
		expect((await admin(JSON.stringify({ capacity: -1 }))).status).toBe(400);
	});
});
