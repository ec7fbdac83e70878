import { startEmulator } from './index';
import { CONTOSO, FABRIKAM, PARTNERS_PATH, SYNC_PATH, TAILSPIN, WOODGROVE, graphCall, graphCode, tokenFor } from './test-client';
import { useEmulator } from './session';

describe('emulated Graph: cross-tenant access policy size cap', () => {

	const expectTooLarge = async (method: string, path: string, body: unknown) => {
		const before = session.emulator.state(CONTOSO);
		const answer = await graphCall(session.emulator, session.writer, method, path, body);
		expect(answer.status).toBe(400);
		expect(answer.json().error).toMatchObject({ code: 'Request_BadRequest', message: expect.stringContaining('maximum allowed size') });
		expect(session.emulator.state(CONTOSO)).toEqual(before);
	};

	const session = useEmulator(undefined, async (emulator) => ({ seededSize: Buffer.byteLength(JSON.stringify(emulator.state(CONTOSO).partners)) }));

	it('allows 25 KB by default', async () => {
		expect(session.seededSize).toBeLessThan(25 * 1024);
		const large = { displayName: 'x'.repeat(20 * 1024) };
		expect((await graphCall(session.emulator, session.writer, 'PATCH', SYNC_PATH(FABRIKAM), large)).status).toBe(204);
		await expectTooLarge('PATCH', SYNC_PATH(FABRIKAM), { displayName: 'x'.repeat(25 * 1024) });
	});

	it('refuses every kind of write that would exceed a lower limit, and leaves the policy as it was', async () => {
		session.emulator.setPolicySizeLimit(session.seededSize + 400);
		const filler = 'y'.repeat(600);
		await expectTooLarge('POST', PARTNERS_PATH, { tenantId: WOODGROVE, inboundTrust: { isMfaAccepted: true }, tenantRestrictions: { note: filler } });
		await expectTooLarge('PATCH', `${PARTNERS_PATH}/${TAILSPIN}`, { tenantRestrictions: { note: filler } });
		await expectTooLarge('PUT', SYNC_PATH(TAILSPIN), { displayName: filler, userSyncInbound: { isSyncAllowed: true } });
		await expectTooLarge('PATCH', SYNC_PATH(FABRIKAM), { displayName: filler });
		// Small writes and deletes still work.
		expect((await graphCall(session.emulator, session.writer, 'PATCH', SYNC_PATH(FABRIKAM), { displayName: 'F' })).status).toBe(204);
		expect((await graphCall(session.emulator, session.writer, 'POST', PARTNERS_PATH, { tenantId: WOODGROVE })).status).toBe(201);
		expect((await graphCall(session.emulator, session.writer, 'DELETE', `${PARTNERS_PATH}/${TAILSPIN}`)).status).toBe(204);
	});

	it('takes the limit from the start options, and reset() restores it', async () => {
		const small = await startEmulator({ policySizeLimitBytes: session.seededSize + 10 });
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
