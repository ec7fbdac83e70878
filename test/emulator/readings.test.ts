import { DEFAULT_READINGS, READING_VARIANTS } from './readings';
import { FABRIKAM, PARTNERS_PATH, SYNC_PATH, TAILSPIN, WOODGROVE, graphCall, graphCode, httpsCall } from './test-client';
import { useEmulator } from './session';

const ON = { userSyncInbound: { isSyncAllowed: true } };

describe('emulated Graph: readings of answers the reference does not document', () => {
	const session = useEmulator();

	const answer = async (method: string, path: string, body?: unknown) => {
		const reply = await graphCall(session.emulator, session.writer, method, path, body);
		return `${reply.status} ${graphCode(reply) ?? ''}`.trim();
	};

	it('defaults: PUT for a non-partner → Request_ResourceNotFound, the other sync policy calls → Directory_ObjectNotFound', async () => {
		expect(session.emulator.readings()).toEqual(DEFAULT_READINGS);
		expect(await answer('PUT', SYNC_PATH(WOODGROVE), ON)).toBe('404 Request_ResourceNotFound');
		expect(await answer('PATCH', SYNC_PATH(WOODGROVE), ON)).toBe('404 Directory_ObjectNotFound');
		expect(await answer('GET', SYNC_PATH(WOODGROVE))).toBe('404 Directory_ObjectNotFound');
		expect(await answer('PATCH', SYNC_PATH(TAILSPIN), ON)).toBe('404 Directory_ObjectNotFound');
		expect(await answer('GET', `${PARTNERS_PATH}/${WOODGROVE}`)).toBe('404 Request_ResourceNotFound');
		expect(await answer('POST', PARTNERS_PATH, { tenantId: FABRIKAM })).toBe('400 Request_MultipleObjectsWithSameKeyValue');
		expect(await answer('DELETE', `${PARTNERS_PATH}/${FABRIKAM}`)).toBe('400 Request_BadRequest');
		expect(await answer('PUT', SYNC_PATH(FABRIKAM), ON)).toBe('409 Request_MultipleObjectsWithSameKeyValue');
	});

	it('each switch changes exactly its answer', async () => {
		session.emulator.setReadings({ nonPartnerSyncPolicy: 'Directory_ObjectNotFound' });
		expect(await answer('PUT', SYNC_PATH(WOODGROVE), ON)).toBe('404 Directory_ObjectNotFound');
		session.emulator.setReadings({ nonPartnerSyncPolicy: 'Request_ResourceNotFound' });
		expect(await answer('PATCH', SYNC_PATH(WOODGROVE), ON)).toBe('404 Request_ResourceNotFound');
		expect(await answer('PATCH', SYNC_PATH(TAILSPIN), ON)).toBe('404 Directory_ObjectNotFound');
		session.emulator.setReadings({ missingSyncPolicy: 'Request_ResourceNotFound' });
		expect(await answer('GET', SYNC_PATH(TAILSPIN))).toBe('404 Request_ResourceNotFound');
		session.emulator.setReadings({ missingPartner: 'Directory_ObjectNotFound' });
		expect(await answer('GET', `${PARTNERS_PATH}/${WOODGROVE}`)).toBe('404 Directory_ObjectNotFound');
		session.emulator.setReadings({ syncPolicyExistsStatus: 400 });
		expect(await answer('PUT', SYNC_PATH(FABRIKAM), ON)).toBe('400 Request_MultipleObjectsWithSameKeyValue');
		session.emulator.setReadings({ partnerExistsStatus: 409, partnerWithSyncPolicyDeleteStatus: 409 });
		expect(await answer('POST', PARTNERS_PATH, { tenantId: FABRIKAM })).toBe('409 Request_MultipleObjectsWithSameKeyValue');
		expect(await answer('DELETE', `${PARTNERS_PATH}/${FABRIKAM}`)).toBe('409 Request_BadRequest');
		// Nothing was applied by any of these.
		expect(session.emulator.partner('72f988bf-0000-4000-8000-000000000001', WOODGROVE)).toBeUndefined();
	});

	it('rejects unknown readings and values; reset() restores the start options; the variants cover every choice', async () => {
		expect(() => session.emulator.setReadings({ missingPartner: 'Nope' } as never)).toThrow(/Invalid readings: missingPartner must be one of/);
		expect(() => session.emulator.setReadings({ whatever: 1 } as never)).toThrow(/unknown reading whatever/);
		session.emulator.setReadings({ partnerExistsStatus: 409 });
		session.emulator.reset();
		expect(session.emulator.readings()).toEqual(DEFAULT_READINGS);
		const seen = new Set(READING_VARIANTS.flatMap((v) => Object.entries({ ...DEFAULT_READINGS, ...v.readings }).map(([k, c]) => `${k}=${String(c)}`)));
		expect(seen.size).toBe(3 + 2 + 2 + 2 + 2 + 2);
	});

	it('POST /_emulator/readings sets them out of process', async () => {
		const set = await httpsCall(session.emulator.caCertPem, `${session.emulator.url}/_emulator/readings`, { method: 'POST', body: JSON.stringify({ partnerExistsStatus: 409 }) });
		expect(set.status).toBe(204);
		expect(session.emulator.readings().partnerExistsStatus).toBe(409);
		const bad = await httpsCall(session.emulator.caCertPem, `${session.emulator.url}/_emulator/readings`, { method: 'POST', body: JSON.stringify({ partnerExistsStatus: 418 }) });
		expect(bad.status).toBe(400);
	});
});
