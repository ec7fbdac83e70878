import { setTimeout as sleep } from 'node:timers/promises';

import { CONTOSO, FABRIKAM, PARTNERS_PATH, SYNC_PATH, WOODGROVE, graphCall, graphCode } from './test-client';
import { useEmulator } from './session';

const LAG_MS = 1000;
/** A tenant no seed makes a partner. */
const NEVER_PARTNER = '11111111-2222-4333-8444-555555555555';

describe('emulated Graph: replication lag after creating a partner', () => {
	const session = useEmulator({ replicationLagMs: LAG_MS });

	/** A partner not yet replicated answers as a tenant that is no partner at all (whatever the readings say that is). */
	const expectNotReplicated = async (method: string, path: string, body?: unknown) => {
		const answer = await graphCall(session.emulator, session.writer, method, path, body);
		const nonPartner = await graphCall(session.emulator, session.writer, method, path.replace(WOODGROVE, NEVER_PARTNER), body);
		expect(nonPartner.status).toBe(404);
		expect([method, answer.status, graphCode(answer)]).toEqual([method, 404, graphCode(nonPartner)]);
	};

	it('answers the new partner with 404, as for a tenant that is no partner, until the lag has passed', async () => {
		const created = Date.now();
		expect((await graphCall(session.emulator, session.writer, 'POST', PARTNERS_PATH, { tenantId: WOODGROVE })).status).toBe(201);
		await expectNotReplicated('PUT', SYNC_PATH(WOODGROVE), { userSyncInbound: { isSyncAllowed: true } });
		expect(graphCode(await graphCall(session.emulator, session.writer, 'PUT', SYNC_PATH(WOODGROVE), { userSyncInbound: { isSyncAllowed: true } }))).toBe('Request_ResourceNotFound');
		await expectNotReplicated('GET', SYNC_PATH(WOODGROVE));
		await expectNotReplicated('PATCH', SYNC_PATH(WOODGROVE), { displayName: 'x' });
		await expectNotReplicated('GET', `${PARTNERS_PATH}/${WOODGROVE}`);
		// The write went through: the store, the list and a second POST already see it.
		expect(session.emulator.partner(CONTOSO, WOODGROVE)).toBeDefined();
		const list = (await graphCall(session.emulator, session.writer, 'GET', PARTNERS_PATH)).json<{ value: Array<{ tenantId: string }> }>();
		expect(list.value.map((p) => p.tenantId)).toContain(WOODGROVE);
		expect(graphCode(await graphCall(session.emulator, session.writer, 'POST', PARTNERS_PATH, { tenantId: WOODGROVE }))).toBe('Request_MultipleObjectsWithSameKeyValue');
		// Existing partners are unaffected.
		expect((await graphCall(session.emulator, session.writer, 'GET', SYNC_PATH(FABRIKAM))).status).toBe(200);

		await sleep(Math.max(0, created + LAG_MS + 20 - Date.now()));
		expect((await graphCall(session.emulator, session.writer, 'PUT', SYNC_PATH(WOODGROVE), { userSyncInbound: { isSyncAllowed: true } })).status).toBe(204);
		expect((await graphCall(session.emulator, session.writer, 'GET', `${PARTNERS_PATH}/${WOODGROVE}`)).status).toBe(200);
	});

	it('setReplicationLag changes it for later POSTs; reset() restores the start option', async () => {
		session.emulator.setReplicationLag(0);
		await graphCall(session.emulator, session.writer, 'POST', PARTNERS_PATH, { tenantId: WOODGROVE });
		expect((await graphCall(session.emulator, session.writer, 'PUT', SYNC_PATH(WOODGROVE), { userSyncInbound: { isSyncAllowed: true } })).status).toBe(204);

		session.emulator.reset();
		await graphCall(session.emulator, session.writer, 'POST', PARTNERS_PATH, { tenantId: WOODGROVE });
		await expectNotReplicated('PUT', SYNC_PATH(WOODGROVE), { userSyncInbound: { isSyncAllowed: true } });
		expect(() => session.emulator.setReplicationLag(-1)).toThrow(/replicationLagMs/);
	});

	it('POST /_emulator/replication-lag sets it from outside the process', async () => {
		const admin = (body: string) => graphCall(session.emulator, session.writer, 'POST', '/_emulator/replication-lag', JSON.parse(body));
		expect((await admin('{"ms": 0}')).status).toBe(204);
		await graphCall(session.emulator, session.writer, 'POST', PARTNERS_PATH, { tenantId: WOODGROVE });
		expect((await graphCall(session.emulator, session.writer, 'GET', `${PARTNERS_PATH}/${WOODGROVE}`)).status).toBe(200);
		expect((await admin('{"ms": -3}')).status).toBe(400);
	});
});
