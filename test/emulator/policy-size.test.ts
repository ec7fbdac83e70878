import { startEmulator } from './index';
import { CONTOSO, FABRIKAM, PARTNERS_PATH, SYNC_PATH, TAILSPIN, WOODGROVE, graphCall, graphCode, tokenFor } from './test-client';
import type { GraphEmulator } from './types';

describe('emulated Graph: cross-tenant access policy size cap', () => {
	let emulator: GraphEmulator;
	let writer: string;
	let seededSize: number;

	const expectTooLarge = async (method: string, path: string, body: unknown) => {
		const before = emulator.state(CONTOSO);
		const answer = await graphCall(emulator, writer, method, path, body);
		expect(answer.status).toBe(400);
		expect(answer.json().error).toMatchObject({ code: 'Request_BadRequest', message: expect.stringContaining('maximum allowed size') });
		expect(emulator.state(CONTOSO)).toEqual(before);
	};

	beforeAll(async () => {
		emulator = await startEmulator();
		writer = await tokenFor(emulator);
		seededSize = Buffer.byteLength(JSON.stringify(emulator.state(CONTOSO).partners));
	});
	afterAll(async () => await emulator.close());
	beforeEach(() => emulator.reset());

	it('allows 25 KB by default', async () => {
		expect(seededSize).toBeLessThan(25 * 1024);
		const large = { displayName: 'x'.repeat(20 * 1024) };
		expect((await graphCall(emulator, writer, 'PATCH', SYNC_PATH(FABRIKAM), large)).status).toBe(204);
		await expectTooLarge('PATCH', SYNC_PATH(FABRIKAM), { displayName: 'x'.repeat(25 * 1024) });
	});

	it('refuses every kind of write that would exceed a lower limit, and leaves the policy as it was', async () => {
		emulator.setPolicySizeLimit(seededSize + 400);
		const filler = 'y'.repeat(600);
		await expectTooLarge('POST', PARTNERS_PATH, { tenantId: WOODGROVE, inboundTrust: { isMfaAccepted: true }, tenantRestrictions: { note: filler } });
		await expectTooLarge('PATCH', `${PARTNERS_PATH}/${TAILSPIN}`, { tenantRestrictions: { note: filler } });
		await expectTooLarge('PUT', SYNC_PATH(TAILSPIN), { displayName: filler, userSyncInbound: { isSyncAllowed: true } });
		await expectTooLarge('PATCH', SYNC_PATH(FABRIKAM), { displayName: filler });
		// Small writes and deletes still work.
		expect((await graphCall(emulator, writer, 'PATCH', SYNC_PATH(FABRIKAM), { displayName: 'F' })).status).toBe(204);
		expect((await graphCall(emulator, writer, 'POST', PARTNERS_PATH, { tenantId: WOODGROVE })).status).toBe(201);
		expect((await graphCall(emulator, writer, 'DELETE', `${PARTNERS_PATH}/${TAILSPIN}`)).status).toBe(204);
	});

	it('takes the limit from the start options, and reset() restores it', async () => {
		const small = await startEmulator({ policySizeLimitBytes: seededSize + 10 });
		try {
			const token = await tokenFor(small);
			const answer = await graphCall(small, token, 'PATCH', SYNC_PATH(FABRIKAM), { displayName: 'Fabrikam with a much longer name' });
			expect([answer.status, graphCode(answer)]).toEqual([400, 'Request_BadRequest']);
			small.setPolicySizeLimit(1_000_000);
			small.reset();
			expect((await graphCall(small, token, 'PATCH', SYNC_PATH(FABRIKAM), { displayName: 'Fabrikam with a much longer name' })).status).toBe(400);
		} finally {
			await small.close();
		}
		await expect(startEmulator({ policySizeLimitBytes: 0 })).rejects.toThrow(/policySizeLimitBytes/);
	});
});
