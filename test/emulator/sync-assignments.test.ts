import { ASSIGNMENTS_PATH, createConfiguration, pairTokens, type Configuration } from './sync-test-client';
import { ADATUM, ADATUM_GROUPS, ADATUM_USERS, CONTOSO_USERS, graphCall, graphCode } from './test-client';
import { useEmulator } from './session';

interface Assignment {
	id: string;
	appRoleId: string;
	principalId: string;
	principalType: string;
	principalDisplayName: string;
	resourceId: string;
	resourceDisplayName: string;
}

describe('emulated Graph: who is in scope (appRoleAssignedTo)', () => {
	let config: Configuration;

	const session = useEmulator({ syncCycleMs: 0 }, async (emulator) => ({ tokens: await pairTokens(emulator) }));
	beforeEach(async () => {
		config = await createConfiguration(session.emulator, session.tokens.source, { displayName: 'To Contoso' });
	});

	const post = (body: Record<string, unknown>) =>
		graphCall(session.emulator, session.tokens.source, 'POST', ASSIGNMENTS_PATH(config.servicePrincipalId), { appRoleId: config.appRoleId, resourceId: config.servicePrincipalId, ...body });

	it('POST a user → 201 appRoleAssignment; a group likewise; GET lists both', async () => {
		const user = await post({ principalId: ADATUM_USERS.alex });
		expect(user.status).toBe(201);
		expect(user.json()).toEqual({
			'@odata.context': `${session.emulator.url}/v1.0/$metadata#servicePrincipals('${config.servicePrincipalId}')/appRoleAssignedTo/$entity`,
			id: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
			deletedDateTime: null,
			appRoleId: config.appRoleId,
			createdDateTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
			principalDisplayName: 'Alex Wilber',
			principalId: ADATUM_USERS.alex,
			principalType: 'User',
			resourceDisplayName: 'To Contoso',
			resourceId: config.servicePrincipalId,
		});
		const group = await post({ principalId: ADATUM_GROUPS.sales });
		expect(group.json()).toMatchObject({ principalType: 'Group', principalDisplayName: 'Sales' });
		// A guest can be assigned (it is just never synchronized).
		expect((await post({ principalId: ADATUM_USERS.gail })).status).toBe(201);

		const list = await graphCall(session.emulator, session.tokens.source, 'GET', ASSIGNMENTS_PATH(config.servicePrincipalId));
		expect(list.status).toBe(200);
		expect(list.json<{ value: Assignment[] }>().value.map((a) => a.principalId)).toEqual([ADATUM_USERS.alex, ADATUM_GROUPS.sales, ADATUM_USERS.gail]);
	});

	it("assigning the same principal twice: 400 Request_BadRequest 'Permission being assigned already exists on the object.' (default reading)", async () => {
		await post({ principalId: ADATUM_USERS.alex });
		const again = await post({ principalId: ADATUM_USERS.alex });
		expect([again.status, again.json<{ error: { code: string; message: string } }>().error]).toEqual([
			400,
			expect.objectContaining({ code: 'Request_BadRequest', message: 'Permission being assigned already exists on the object.' }),
		]);
		expect(session.emulator.syncState(ADATUM).configurations[0].assignments).toHaveLength(1);
	});

	it('refuses a principal that is no user or group of the tenant (404), a foreign appRoleId or resourceId (400), malformed ids (400)', async () => {
		const contosoUser = await post({ principalId: CONTOSO_USERS.admin });
		expect([contosoUser.status, graphCode(contosoUser)]).toEqual([404, 'Request_ResourceNotFound']);
		const role = await post({ principalId: ADATUM_USERS.alex, appRoleId: '00000000-0000-4000-8000-000000000000' });
		expect([role.status, graphCode(role), role.json<{ error: { message: string } }>().error.message]).toEqual([
			400,
			'Request_BadRequest',
			`Permission being assigned was not found on application '${config.appId}'.`,
		]);
		expect((await post({ principalId: ADATUM_USERS.alex, resourceId: '00000000-0000-4000-8000-000000000000' })).status).toBe(400);
		expect((await post({ principalId: 'alex@adatum.com' })).status).toBe(400);
		expect((await post({})).status).toBe(400);
		expect((await post({ principalId: ADATUM_USERS.alex, note: 'x' })).status).toBe(400);
	});

	it('DELETE …/appRoleAssignedTo/{id} → 204, then 404', async () => {
		const { id } = (await post({ principalId: ADATUM_USERS.alex })).json<Assignment>();
		const deleted = await graphCall(session.emulator, session.tokens.source, 'DELETE', `${ASSIGNMENTS_PATH(config.servicePrincipalId)}/${id}`);
		expect([deleted.status, deleted.text]).toEqual([204, '']);
		const again = await graphCall(session.emulator, session.tokens.source, 'DELETE', `${ASSIGNMENTS_PATH(config.servicePrincipalId)}/${id}`);
		expect([again.status, graphCode(again)]).toEqual([404, 'Request_ResourceNotFound']);
		expect((await graphCall(session.emulator, session.tokens.source, 'GET', ASSIGNMENTS_PATH(config.servicePrincipalId))).json<{ value: unknown[] }>().value).toEqual([]);
		// Assigning again works and gives the same id (one assignment per principal and role).
		expect((await post({ principalId: ADATUM_USERS.alex })).json<Assignment>().id).toBe(id);
	});
});
