import { setTimeout as sleep } from 'node:timers/promises';

import { startEmulator } from './index';
import { APPS, CONTOSO, FABRIKAM, SYNC_PATH, graphCall, graphCode, httpsCall, tokenFor } from './test-client';
import type { GraphEmulator } from './types';

describe('emulated Graph: write throttling (token bucket per app and tenant)', () => {
	let emulator: GraphEmulator;
	let writer: string;
	const patch = (token: string, displayName: string) => graphCall(emulator, token, 'PATCH', SYNC_PATH(FABRIKAM), { displayName });
	const displayName = () => (emulator.partner(CONTOSO, FABRIKAM)?.identitySynchronization as { displayName: string }).displayName;

	beforeAll(async () => {
		emulator = await startEmulator();
		writer = await tokenFor(emulator);
	});
	afterAll(async () => await emulator.close());
	beforeEach(() => emulator.reset());

	it('is off by default', async () => {
		for (let i = 0; i < 5; i++) expect((await patch(writer, `n${i}`)).status).toBe(204);
		expect(emulator.throttleStats()).toEqual({ admitted: 0, rejected: 0 });
	});

	it('admits `capacity` writes, then answers 429 with Retry-After without applying; reads pass', async () => {
		emulator.setThrottling({ capacity: 2, refillPerSecond: 0.25 });
		expect((await patch(writer, 'one')).status).toBe(204);
		expect((await patch(writer, 'two')).status).toBe(204);
		const throttled = await patch(writer, 'three');
		expect(throttled.status).toBe(429);
		expect(throttled.headers['retry-after']).toBe('4');
		expect(throttled.json().error).toMatchObject({ code: 'TooManyRequests', message: 'Too many requests' });
		expect(displayName()).toBe('two');
		expect((await graphCall(emulator, writer, 'GET', SYNC_PATH(FABRIKAM))).status).toBe(200);
		expect(emulator.throttleStats()).toEqual({ admitted: 2, rejected: 1 });
		expect(emulator.graphRequests().map((r) => r.status)).toEqual([204, 204, 429, 200]);
	});

	it('keeps one bucket per (appid, tid)', async () => {
		emulator.setThrottling({ capacity: 1, refillPerSecond: 0.1 });
		const roles = ['Policy.ReadWrite.CrossTenantAccess'];
		const otherApp = emulator.mintAccessToken({ tenantId: CONTOSO, clientId: APPS.certWriter.clientId, roles });
		const otherTenant = emulator.mintAccessToken({ tenantId: FABRIKAM, clientId: APPS.writer.clientId, roles });
		expect((await patch(writer, 'a')).status).toBe(204);
		expect((await patch(writer, 'b')).status).toBe(429);
		expect((await patch(otherApp, 'c')).status).toBe(204);
		// Fabrikam has no partner Fabrikam: the write is admitted by its own bucket, then not found.
		expect((await patch(otherTenant, 'd')).status).toBe(404);
		expect(emulator.throttleStats()).toEqual({ admitted: 3, rejected: 1 });
	});

	it('refills over time; Retry-After is at least 1', async () => {
		emulator.setThrottling({ capacity: 1, refillPerSecond: 20 });
		expect((await patch(writer, 'a')).status).toBe(204);
		const throttled = await patch(writer, 'b');
		expect([throttled.status, throttled.headers['retry-after']]).toEqual([429, '1']);
		await sleep(80);
		expect((await patch(writer, 'c')).status).toBe(204);
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
			expect(throttled.throttleStats()).toEqual({ admitted: 0, rejected: 0 });
			expect((await write()).status).toBe(204);
			expect(graphCode(await write())).toBe('TooManyRequests');
		} finally {
			await throttled.close();
		}
		expect(() => emulator.setThrottling({ capacity: 0, refillPerSecond: 1 })).toThrow(/capacity/);
		expect(() => emulator.setThrottling({ capacity: 1, refillPerSecond: 0 })).toThrow(/refillPerSecond/);
	});

	it('can be set out of process: POST /_emulator/throttling (null turns it off)', async () => {
		const admin = (body: string) =>
			httpsCall(emulator.caCertPem, `${emulator.url}/_emulator/throttling`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
		expect((await admin(JSON.stringify({ capacity: 1, refillPerSecond: 0.1 }))).status).toBe(204);
		await patch(writer, 'a');
		expect((await patch(writer, 'b')).status).toBe(429);
		const info = await httpsCall(emulator.caCertPem, `${emulator.url}/_emulator/info`);
		expect(info.json()).toMatchObject({ throttle: { admitted: 1, rejected: 1 } });
		expect((await admin('null')).status).toBe(204);
		expect((await patch(writer, 'c')).status).toBe(204);
		expect((await admin(JSON.stringify({ capacity: -1 }))).status).toBe(400);
	});
});
