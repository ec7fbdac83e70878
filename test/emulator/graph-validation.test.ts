import { CONTOSO, FABRIKAM, SYNC_PATH, graphCall } from './test-client';
import { useEmulator } from './session';

const TYPE = 'microsoft.graph.crossTenantIdentitySyncPolicyPartner';

describe('emulated Graph: identitySynchronization body validation', () => {
	const syncOf = (partner: string) => session.emulator.state(CONTOSO).partners.find((p) => p.tenantId === partner)?.identitySynchronization;

	const session = useEmulator();

	it.each([
		['an unknown property', { isSyncAllowed: true }, `The property 'isSyncAllowed' does not exist on type '${TYPE}'.`],
		['a wrongly-cased property', { UserSyncInbound: { isSyncAllowed: true } }, `The property 'UserSyncInbound' does not exist on type '${TYPE}'.`],
		['a beta-only property', { groupSyncInbound: { isSyncAllowed: true } }, `The property 'groupSyncInbound' does not exist on type '${TYPE}'.`],
		[
			'an unknown nested property',
			{ userSyncInbound: { isSyncAllowed: true, extra: 1 } },
			"The property 'extra' does not exist on type 'microsoft.graph.crossTenantUserSyncInbound'.",
		],
		['a string for a boolean', { userSyncInbound: { isSyncAllowed: 'true' } }, "Cannot convert the literal '\"true\"' to the expected type 'Edm.Boolean'."],
		['a null boolean', { userSyncInbound: { isSyncAllowed: null } }, "A null value was found for the property named 'isSyncAllowed'"],
		['a primitive for an object', { userSyncInbound: true }, "An unexpected 'PrimitiveValue' node was found"],
		['a number for displayName', { displayName: 42 }, "Cannot convert a primitive value to the expected type 'Edm.String'."],
		['the read-only tenantId', { tenantId: FABRIKAM, displayName: 'x' }, "The property 'tenantId' is read-only"],
		['a JSON array', [], "An unexpected 'StartArray' node was found"],
		['invalid JSON', '{"displayName": ', 'Unable to read JSON request payload.'],
		['an empty body', '', 'Empty Payload. JSON content expected.'],
	])('PATCH with %s is 400 BadRequest and changes nothing', async (_label, body, message) => {
		const before = syncOf(FABRIKAM);
		const answer = await graphCall(session.emulator, session.writer, 'PATCH', SYNC_PATH(FABRIKAM), body, { 'content-type': 'application/json' });
		expect(answer.status).toBe(400);
		expect(answer.json()).toMatchObject({ error: { code: 'BadRequest', message: expect.stringContaining(message) } });
		expect(syncOf(FABRIKAM)).toEqual(before);
	});

	it('validates PUT bodies the same way, before looking for conflicts', async () => {
		const answer = await graphCall(session.emulator, session.writer, 'PUT', SYNC_PATH(FABRIKAM), { userSyncinbound: { isSyncAllowed: true } });
		expect([answer.status, answer.json().error]).toEqual([400, expect.objectContaining({ code: 'BadRequest' })]);
	});

	it('accepts null displayName and ignores OData annotations', async () => {
		const body = { '@odata.type': `#${TYPE}`, displayName: null, userSyncInbound: { isSyncAllowed: true } };
		expect((await graphCall(session.emulator, session.writer, 'PATCH', SYNC_PATH(FABRIKAM), body)).status).toBe(204);
		expect(syncOf(FABRIKAM)).toEqual({ tenantId: FABRIKAM, displayName: null, userSyncInbound: { isSyncAllowed: true } });
	});

	it.each([
		['text/plain', 'text/plain', 'The content type'],
		['no Content-Type', undefined, 'must contain the Content-Type header'],
	])('answers 415 for %s', async (_label, contentType, message) => {
		const headers: Record<string, string> = { authorization: `Bearer ${session.writer}` };
		if (contentType) headers['content-type'] = contentType;
		const answer = await graphCall(session.emulator, undefined, 'PATCH', SYNC_PATH(FABRIKAM), undefined, headers);
		expect(answer.status).toBe(415);
		expect(answer.json().error).toMatchObject({ message: expect.stringContaining(message) });
	});

	it('logs the parsed body and the raw body of Graph writes', async () => {
		await graphCall(session.emulator, session.writer, 'PATCH', SYNC_PATH(FABRIKAM), { userSyncInbound: { isSyncAllowed: true } });
		const [patch] = session.emulator.graphRequests();
		expect(patch).toMatchObject({
			method: 'PATCH',
			path: SYNC_PATH(FABRIKAM),
			body: { userSyncInbound: { isSyncAllowed: true } },
			rawBody: '{"userSyncInbound":{"isSyncAllowed":true}}',
			status: 204,
			kind: 'graph',
			tenantId: CONTOSO,
		});
		expect(patch.headers.authorization).toBe(`Bearer ${session.writer}`);
	});
});
