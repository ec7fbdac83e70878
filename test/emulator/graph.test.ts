import {
	APPS,
	CONTOSO,
	FABRIKAM,
	NORTHWIND,
	PARTNERS_PATH,
	SYNC_PATH,
	TAILSPIN,
	UNMANAGED_PARTNER,
	graphCall,
	graphCode,
	tokenFor,
} from './test-client';
import { useEmulator } from './session';

const NEW_PARTNER = 'c4a5b6d7-e8f9-4a0b-9c1d-2e3f4a5b6c7d';

describe('emulated Graph: cross-tenant access policy partners', () => {
	const sync = (partner: string) =>
		session.emulator.state(CONTOSO).partners.find((p) => p.tenantId === partner)?.identitySynchronization as Record<string, unknown> | undefined;

	const session = useEmulator(undefined, async (emulator) => {
		const [reader, noRoles] = await Promise.all([tokenFor(emulator, APPS.reader), tokenFor(emulator, APPS.noRoles)]);
		return { reader, noRoles };
	});

	describe('identitySynchronization', () => {
		it('GET returns the policy with its @odata.context and Graph headers', async () => {
			const answer = await graphCall(session.emulator, session.writer, 'GET', SYNC_PATH(FABRIKAM), undefined, { 'client-request-id': 'mine-1' });
			expect(answer.status).toBe(200);
			expect(answer.json()).toEqual({
				'@odata.context': `${session.emulator.url}/v1.0/$metadata#policies/crossTenantAccessPolicy/partners('${FABRIKAM}')/identitySynchronization/$entity`,
				tenantId: FABRIKAM,
				displayName: 'Fabrikam',
				userSyncInbound: { isSyncAllowed: false },
			});
			expect(answer.headers['request-id']).toMatch(/^[0-9a-f-]{36}$/);
			expect(answer.headers['client-request-id']).toBe('mine-1');
			expect(answer.headers.date).toBeDefined();
			expect(answer.headers['content-type']).toContain('application/json');
		});

		it('PATCH (the seed example) merges only the given properties and answers 204', async () => {
			const answer = await graphCall(session.emulator, session.writer, 'PATCH', SYNC_PATH(FABRIKAM), { userSyncInbound: { isSyncAllowed: true } });
			expect(answer.status).toBe(204);
			expect(answer.text).toBe('');
			expect(sync(FABRIKAM)).toEqual({ tenantId: FABRIKAM, displayName: 'Fabrikam', userSyncInbound: { isSyncAllowed: true } });
			await graphCall(session.emulator, session.writer, 'PATCH', SYNC_PATH(FABRIKAM), { displayName: 'Fabrikam Ltd' });
			expect(sync(FABRIKAM)).toMatchObject({ displayName: 'Fabrikam Ltd', userSyncInbound: { isSyncAllowed: true } });
		});

		it('PUT creates a policy (204), a second PUT conflicts (409)', async () => {
			const created = await graphCall(session.emulator, session.writer, 'PUT', SYNC_PATH(TAILSPIN), { displayName: 'Tailspin', userSyncInbound: { isSyncAllowed: true } });
			expect(created.status).toBe(204);
			expect(sync(TAILSPIN)).toEqual({ tenantId: TAILSPIN, displayName: 'Tailspin', userSyncInbound: { isSyncAllowed: true } });
			const again = await graphCall(session.emulator, session.writer, 'PUT', SYNC_PATH(TAILSPIN), { userSyncInbound: { isSyncAllowed: false } });
			expect(again.status).toBe(409);
			expect(again.json()).toMatchObject({
				error: {
					code: 'Request_MultipleObjectsWithSameKeyValue',
					message: 'A conflicting object with one or more of the specified property values is present in the directory.',
					innerError: { 'request-id': again.headers['request-id'], 'client-request-id': again.headers['client-request-id'] },
				},
			});
			expect(sync(TAILSPIN)).toMatchObject({ userSyncInbound: { isSyncAllowed: true } });
		});

		it('DELETE removes the policy (204), then every operation on it is 404 Directory_ObjectNotFound', async () => {
			expect((await graphCall(session.emulator, session.writer, 'DELETE', SYNC_PATH(NORTHWIND))).status).toBe(204);
			expect(sync(NORTHWIND)).toBeUndefined();
			for (const [method, body] of [['GET'], ['PATCH', { displayName: 'x' }], ['DELETE']] as const) {
				const answer = await graphCall(session.emulator, session.writer, method, SYNC_PATH(NORTHWIND), body);
				expect(answer.status).toBe(404);
				expect(answer.json()).toMatchObject({
					error: { code: 'Directory_ObjectNotFound', message: 'Unable to read the company information from the directory.' },
				});
			}
		});

		it('PATCH on a partner without a policy is 404 Directory_ObjectNotFound; PUT without a partner is 404 Request_ResourceNotFound', async () => {
			const patch = await graphCall(session.emulator, session.writer, 'PATCH', SYNC_PATH(TAILSPIN), { userSyncInbound: { isSyncAllowed: true } });
			expect([patch.status, graphCode(patch)]).toEqual([404, 'Directory_ObjectNotFound']);
			const put = await graphCall(session.emulator, session.writer, 'PUT', SYNC_PATH(NEW_PARTNER), { userSyncInbound: { isSyncAllowed: true } });
			expect([put.status, graphCode(put)]).toEqual([404, 'Request_ResourceNotFound']);
			const patchNoPartner = await graphCall(session.emulator, session.writer, 'PATCH', SYNC_PATH(NEW_PARTNER), { displayName: 'x' });
			expect([patchNoPartner.status, graphCode(patchNoPartner)]).toEqual([404, 'Directory_ObjectNotFound']);
		});

		it('returns a null displayName for the partner nobody in the tenant named', async () => {
			const answer = await graphCall(session.emulator, session.reader, 'GET', SYNC_PATH(UNMANAGED_PARTNER));
			expect(answer.json()).toMatchObject({ displayName: null, userSyncInbound: { isSyncAllowed: true } });
		});

		it('accepts /beta, upper-case GUIDs and case-insensitive segments', async () => {
			const beta = await graphCall(session.emulator, session.reader, 'GET', SYNC_PATH(FABRIKAM).replace('/v1.0/', '/beta/'));
			expect(beta.json()['@odata.context']).toContain('/beta/$metadata#');
			const shouting = await graphCall(session.emulator, session.reader, 'GET', `/v1.0/Policies/CrossTenantAccessPolicy/Partners/${FABRIKAM.toUpperCase()}/IdentitySynchronization`);
			expect(shouting.status).toBe(200);
		});
	});

	describe('partners', () => {
		it('lists every partner with all Graph properties and keeps unknown ones', async () => {
			const answer = await graphCall(session.emulator, session.reader, 'GET', PARTNERS_PATH);
			expect(answer.status).toBe(200);
			const body = answer.json<{ '@odata.context': string; value: Array<Record<string, unknown>> }>();
			expect(body['@odata.context']).toBe(`${session.emulator.url}/v1.0/$metadata#policies/crossTenantAccessPolicy/partners`);
			expect(body.value.map((p) => p.tenantId)).toEqual([FABRIKAM, NORTHWIND, TAILSPIN, UNMANAGED_PARTNER]);
			expect(body.value[2]).toEqual({
				tenantId: TAILSPIN,
				isServiceProvider: null,
				isInMultiTenantOrganization: null,
				inboundTrust: null,
				automaticUserConsentSettings: null,
				b2bCollaborationInbound: null,
				b2bCollaborationOutbound: null,
				b2bDirectConnectInbound: null,
				b2bDirectConnectOutbound: null,
				tenantRestrictions: null,
			});
			expect(body.value[3]).toHaveProperty('externalDirectoryConnection');
			expect(body.value[0]).not.toHaveProperty('identitySynchronization');
		});

		it('pages with $top / @odata.nextLink and expands identitySynchronization', async () => {
			const first = (await graphCall(session.emulator, session.reader, 'GET', `${PARTNERS_PATH}?$top=3&$expand=identitySynchronization`)).json<{
				value: Array<Record<string, unknown>>;
				'@odata.nextLink': string;
			}>();
			expect(first.value).toHaveLength(3);
			expect(first.value[0].identitySynchronization).toMatchObject({ displayName: 'Fabrikam' });
			expect(first.value[2].identitySynchronization).toBeNull();
			const next = new URL(first['@odata.nextLink']);
			const second = (await graphCall(session.emulator, session.reader, 'GET', `${next.pathname}${next.search}`)).json<{ value: Array<Record<string, unknown>> }>();
			expect(second.value.map((p) => p.tenantId)).toEqual([UNMANAGED_PARTNER]);
			expect(second).not.toHaveProperty('@odata.nextLink');
		});

		it('POST creates a partner (201 + Location), a duplicate is 400 Request_MultipleObjectsWithSameKeyValue', async () => {
			const created = await graphCall(session.emulator, session.writer, 'POST', PARTNERS_PATH, { tenantId: NEW_PARTNER, isServiceProvider: true });
			expect(created.status).toBe(201);
			expect(created.headers.location).toBe(`${session.emulator.url}${PARTNERS_PATH}/${NEW_PARTNER}`);
			expect(created.json()).toMatchObject({ tenantId: NEW_PARTNER, isServiceProvider: true, inboundTrust: null });
			const duplicate = await graphCall(session.emulator, session.writer, 'POST', PARTNERS_PATH, { tenantId: NEW_PARTNER });
			expect(duplicate.status).toBe(400);
			expect(duplicate.json()).toMatchObject({
				error: { code: 'Request_MultipleObjectsWithSameKeyValue', message: 'Another object with the same value for property tenantId already exists.' },
			});
		});

		it.each([
			['without tenantId', { isServiceProvider: true }],
			['with a non-GUID tenantId', { tenantId: 'fabrikam.com' }],
			['with a wrongly-cased property', { tenantId: NEW_PARTNER, b2BDirectConnectInbound: null }],
		])('POST rejects a body %s (400)', async (_label, body) => {
			expect((await graphCall(session.emulator, session.writer, 'POST', PARTNERS_PATH, body)).status).toBe(400);
		});

		it('GET / DELETE a partner; a missing one is 404 Request_ResourceNotFound', async () => {
			expect((await graphCall(session.emulator, session.reader, 'GET', `${PARTNERS_PATH}/${TAILSPIN}`)).json()).toMatchObject({ tenantId: TAILSPIN });
			expect((await graphCall(session.emulator, session.writer, 'DELETE', `${PARTNERS_PATH}/${TAILSPIN}`)).status).toBe(204);
			const gone = await graphCall(session.emulator, session.reader, 'GET', `${PARTNERS_PATH}/${TAILSPIN}`);
			expect([gone.status, graphCode(gone)]).toEqual([404, 'Request_ResourceNotFound']);
			expect(session.emulator.state(CONTOSO).partners.map((p) => p.tenantId)).not.toContain(TAILSPIN);
		});

		it('refuses to DELETE a partner while its sync policy exists', async () => {
			const answer = await graphCall(session.emulator, session.writer, 'DELETE', `${PARTNERS_PATH}/${FABRIKAM}`);
			expect(answer.status).toBe(400);
			expect(answer.json().error).toMatchObject({ code: 'Request_BadRequest', message: expect.stringContaining('identitySynchronization') });
			await graphCall(session.emulator, session.writer, 'DELETE', SYNC_PATH(FABRIKAM));
			expect((await graphCall(session.emulator, session.writer, 'DELETE', `${PARTNERS_PATH}/${FABRIKAM}`)).status).toBe(204);
		});

		it('PATCH updates partner properties and refuses tenantId', async () => {
			expect((await graphCall(session.emulator, session.writer, 'PATCH', `${PARTNERS_PATH}/${TAILSPIN}`, { isServiceProvider: true })).status).toBe(204);
			expect(session.emulator.state(CONTOSO).partners.find((p) => p.tenantId === TAILSPIN)).toMatchObject({ isServiceProvider: true });
			expect((await graphCall(session.emulator, session.writer, 'PATCH', `${PARTNERS_PATH}/${TAILSPIN}`, { tenantId: TAILSPIN })).status).toBe(400);
		});
	});

	describe('routing', () => {
		it.each([
			['a non-GUID partner id', `${PARTNERS_PATH}/fabrikam.com/identitySynchronization`, 'Request_BadRequest', "Invalid object identifier 'fabrikam.com'."],
			['a path traversal', `${PARTNERS_PATH}/..%2F..%2Fusers/identitySynchronization`, 'Request_BadRequest', "Invalid object identifier '../../users'."],
			['an unknown segment', `${PARTNERS_PATH}/${FABRIKAM}/identitySync`, 'BadRequest', "Resource not found for the segment 'identitySync'."],
			['an unknown root', '/v1.0/policiez', 'BadRequest', "Resource not found for the segment 'policiez'."],
		])('answers %s with 400', async (_label, path, code, message) => {
			const answer = await graphCall(session.emulator, session.writer, 'GET', path);
			expect(answer.status).toBe(400);
			expect(answer.json()).toMatchObject({ error: { code, message } });
		});

		it('answers an unsupported method with 405', async () => {
			expect((await graphCall(session.emulator, session.writer, 'PUT', PARTNERS_PATH, {})).status).toBe(405);
		});
	});

	describe('authentication and authorization', () => {
		const expectUnauthenticated = async (authorization: string | undefined, message: string) => {
			const headers: Record<string, string> = authorization === undefined ? {} : { authorization };
			const answer = await graphCall(session.emulator, undefined, 'GET', SYNC_PATH(FABRIKAM), undefined, headers);
			expect(answer.status).toBe(401);
			expect(answer.headers['www-authenticate']).toMatch(/^Bearer /);
			expect(answer.json()).toMatchObject({ error: { code: 'InvalidAuthenticationToken', message } });
		};

		it('401 without a token', () => expectUnauthenticated(undefined, 'Access token is empty.'));
		it('401 for a malformed token', () => expectUnauthenticated('Bearer abc', expect.stringContaining('JWT is not well formed')));
		it('401 for an expired token', () =>
			expectUnauthenticated(
				`Bearer ${session.emulator.mintAccessToken({ tenantId: CONTOSO, clientId: APPS.writer.clientId, roles: ['Policy.Read.All'], expiresInSeconds: -60 })}`,
				'Access token has expired or is not yet valid.',
			));
		it('401 for a token signed by a foreign key', () =>
			expectUnauthenticated(
				`Bearer ${session.emulator.mintAccessToken({ tenantId: CONTOSO, clientId: APPS.writer.clientId, roles: ['Policy.Read.All'], signWithForeignKey: true })}`,
				'Invalid signature.',
			));
		it('401 for a token issued for another audience', () =>
			expectUnauthenticated(
				`Bearer ${session.emulator.mintAccessToken({ tenantId: CONTOSO, clientId: APPS.writer.clientId, roles: ['Policy.Read.All'], audience: 'https://graph.microsoft.com' })}`,
				'Access token validation failure. Invalid audience.',
			));

		it('403 Authorization_RequestDenied for a write with Policy.Read.All only, and for any call without roles', async () => {
			const write = await graphCall(session.emulator, session.reader, 'PATCH', SYNC_PATH(FABRIKAM), { userSyncInbound: { isSyncAllowed: true } });
			expect(write.status).toBe(403);
			expect(write.json()).toMatchObject({ error: { code: 'Authorization_RequestDenied', message: 'Insufficient privileges to complete the operation.' } });
			expect(sync(FABRIKAM)).toMatchObject({ userSyncInbound: { isSyncAllowed: false } });
			expect((await graphCall(session.emulator, session.noRoles, 'GET', SYNC_PATH(FABRIKAM))).status).toBe(403);
			expect((await graphCall(session.emulator, session.reader, 'GET', SYNC_PATH(FABRIKAM))).status).toBe(200);
		});

		it("addresses the token's own tenant: a minted token for another tenant sees no partners", async () => {
			const other = session.emulator.mintAccessToken({ tenantId: FABRIKAM, clientId: APPS.writer.clientId, roles: ['Policy.Read.All'] });
			expect((await graphCall(session.emulator, other, 'GET', PARTNERS_PATH)).json().value).toEqual([]);
			expect(session.emulator.graphRequests()[0].tenantId).toBe(FABRIKAM);
		});
	});
});
