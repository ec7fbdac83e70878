import {
	JOBS_PATH,
	JOB_PATH,
	SECRETS_PATH,
	TestClock,
	assign,
	configurePair,
	createConfiguration,
	getJob,
	pairTokens,
	secretsBody,
	validateBody, INSTANTIATE_PATH,
} from './sync-test-client';
import { ADATUM, ADATUM_GROUPS, ADATUM_USERS, CONTOSO, CONTOSO_USERS, CROSS_TENANT_SYNC_TEMPLATE_ID, graphCall, httpsCall } from './test-client';
import type { SyncStateDump } from './types';
import { useEmulator } from './session';

describe('emulated Graph: cross-tenant sync, the whole job across two tenants', () => {
	const clock = new TestClock();

	const session = useEmulator({ syncClock: clock.read, syncCycleMs: 2000 }, async (emulator) => ({ tokens: await pairTokens(emulator) }));

	it('instantiate → validate → job → secrets → assign a user and a group → start → a cycle creates the members in Contoso', async () => {
		await configurePair(session.emulator, session.tokens);

		const instantiated = await graphCall(session.emulator, session.tokens.source, 'POST', INSTANTIATE_PATH, { displayName: 'Contoso' });
		expect(instantiated.status).toBe(201);
		const { servicePrincipal } = instantiated.json<{ servicePrincipal: { id: string; appRoles: Array<{ id: string; value: null; displayName: string }> } }>();
		expect(servicePrincipal.appRoles).toEqual([expect.objectContaining({ displayName: 'msiam_access', allowedMemberTypes: ['User'] })]);
		const spId = servicePrincipal.id;

		const validated = await graphCall(session.emulator, session.tokens.source, 'POST', `${JOBS_PATH(spId)}/validateCredentials`, validateBody(CONTOSO));
		expect([validated.status, validated.text]).toEqual([204, '']);

		const created = await graphCall(session.emulator, session.tokens.source, 'POST', JOBS_PATH(spId), { templateId: 'Azure2Azure' });
		expect(created.status).toBe(201);
		const jobId = created.json<{ id: string }>().id;
		expect((await graphCall(session.emulator, session.tokens.source, 'PUT', SECRETS_PATH(spId), secretsBody(CONTOSO))).status).toBe(204);

		const config = { servicePrincipalId: spId, jobId, appRoleId: servicePrincipal.appRoles[0].id, applicationId: '', appId: '' };
		expect(await assign(session.emulator, session.tokens.source, config, ADATUM_USERS.alex)).toMatchObject({ principalType: 'User', principalDisplayName: 'Alex Wilber' });
		expect(await assign(session.emulator, session.tokens.source, config, ADATUM_GROUPS.sales)).toMatchObject({ principalType: 'Group', principalDisplayName: 'Sales' });

		expect((await graphCall(session.emulator, session.tokens.source, 'POST', `${JOB_PATH(spId, jobId)}/start`)).status).toBe(204);
		const started = await getJob(session.emulator, session.tokens.source, config);
		expect(started.schedule).toEqual({ expiration: null, interval: 'PT40M', state: 'Active' });
		expect(started.status.code).toBe('NotRun');
		// Before its first cycle, Graph shows a placeholder execution (the guide's step 13).
		expect(started.status.lastExecution).toMatchObject({ state: 'Failed', timeBegan: '0001-01-01T00:00:00Z', error: { code: 'None', message: '', tenantActionable: false } });
		expect(session.emulator.syncedUsers(CONTOSO)).toEqual([]);

		clock.advance(2000);
		const afterCycle = await getJob(session.emulator, session.tokens.source, config);
		expect(afterCycle.status).toMatchObject({
			code: 'Active',
			quarantine: null,
			countSuccessiveCompleteFailures: 0,
			steadyStateLastAchievedTime: new Date(clock.now).toISOString(),
			lastExecution: { state: 'Succeeded', error: null, timeBegan: new Date(clock.now).toISOString(), countExported: 3, countEntitled: 3 },
			lastSuccessfulExecution: { state: 'Succeeded' },
			synchronizedEntryCountByType: [{ key: 'user to user', value: 3 }],
		});

		// Alex (assigned), Megan and Lee (direct members of Sales); not Gail (guest), not Diego (member of a nested group).
		const synced = session.emulator.syncedUsers(CONTOSO);
		expect(synced.map((u) => u.sourceObjectId).sort()).toEqual([ADATUM_USERS.alex, ADATUM_USERS.megan, ADATUM_USERS.lee].sort());
		expect(synced.find((u) => u.sourceObjectId === ADATUM_USERS.alex)).toEqual({
			id: expect.stringMatching(/^[0-9a-f-]{36}$/),
			displayName: 'Alex Wilber',
			userPrincipalName: 'alex_adatum.com#EXT#@contoso.onmicrosoft.com',
			mail: 'alex@adatum.com',
			userType: 'Member',
			accountEnabled: true,
			createdDateTime: new Date(clock.now).toISOString(),
			externalUserState: 'Accepted',
			externalUserStateChangeDateTime: new Date(clock.now).toISOString(),
			sourceTenantId: ADATUM,
			sourceObjectId: ADATUM_USERS.alex,
			servicePrincipalId: spId,
			jobId,
			lastSynchronizedDateTime: new Date(clock.now).toISOString(),
		});

		// A second cycle changes nothing, and says so.
		clock.advance(2000);
		expect((await getJob(session.emulator, session.tokens.source, config)).status.lastExecution).toMatchObject({ state: 'Succeeded', countExported: 0 });
		expect(session.emulator.syncedUsers(CONTOSO)).toHaveLength(3);
	});

	it("Contoso's GET /users shows the synchronized users as external members beside its own", async () => {
		await configurePair(session.emulator, session.tokens);
		const config = await createConfiguration(session.emulator, session.tokens.source);
		await assign(session.emulator, session.tokens.source, config, ADATUM_USERS.alex);
		await graphCall(session.emulator, session.tokens.source, 'POST', `${JOB_PATH(config.servicePrincipalId, config.jobId)}/start`);
		session.emulator.runSyncCycle();

		const reader = session.emulator.mintAccessToken({ tenantId: CONTOSO, clientId: '0a0b0c0d-0000-4000-8000-000000000001', roles: ['User.Read.All'] });
		const list = await graphCall(session.emulator, reader, 'GET', `/v1.0/users?$filter=${encodeURIComponent("userType eq 'Member'")}&$select=displayName,externalUserState`);
		expect(list.status).toBe(200);
		expect(list.json()).toEqual({
			'@odata.context': `${session.emulator.url}/v1.0/$metadata#users`,
			value: [
				{ id: CONTOSO_USERS.admin, displayName: 'Contoso Admin', externalUserState: null },
				{ id: session.emulator.syncedUsers(CONTOSO)[0].id, displayName: 'Alex Wilber', externalUserState: 'Accepted' },
			],
		});
		// Adatum's directory is its own: the token's tenant decides.
		const adatumReader = session.emulator.mintAccessToken({ tenantId: ADATUM, clientId: '0a0b0c0d-0000-4000-8000-000000000001', roles: ['User.Read.All'] });
		const adatum = (await graphCall(session.emulator, adatumReader, 'GET', '/v1.0/users')).json<{ value: Array<{ id: string }> }>();
		expect(adatum.value.map((u) => u.id)).toEqual(Object.values(ADATUM_USERS));
	});

	it('syncState() and GET /_emulator/sync show the configuration (secret keys, no values) and the synchronized users', async () => {
		await configurePair(session.emulator, session.tokens);
		const config = await createConfiguration(session.emulator, session.tokens.source, { displayName: 'To Contoso' });
		await assign(session.emulator, session.tokens.source, config, ADATUM_USERS.alex);
		await graphCall(session.emulator, session.tokens.source, 'POST', `${JOB_PATH(config.servicePrincipalId, config.jobId)}/start`);

		const state = session.emulator.syncState(ADATUM);
		expect(state.configurations).toHaveLength(1);
		expect(state.configurations[0]).toMatchObject({
			application: { id: config.applicationId, appId: config.appId, displayName: 'To Contoso', applicationTemplateId: CROSS_TENANT_SYNC_TEMPLATE_ID },
			servicePrincipal: { id: config.servicePrincipalId, displayName: 'To Contoso' },
			replicating: false,
			jobs: [{ id: config.jobId, schedule: { state: 'Active' }, nextCycleAt: new Date(clock.now + 2000).toISOString() }],
			secretKeys: ['AuthenticationType', 'CompanyId', 'SyncNotificationSettings', 'SyncAll'],
			assignments: [{ principalId: ADATUM_USERS.alex, resourceId: config.servicePrincipalId, appRoleId: config.appRoleId }],
		});
		expect(JSON.stringify(state)).not.toContain('SyncPolicy');

		clock.advance(2000);
		const remote = await httpsCall(session.emulator.caCertPem, `${session.emulator.url}/_emulator/sync?tenant=${CONTOSO}`);
		expect(remote.status).toBe(200);
		const contoso = remote.json<SyncStateDump>();
		expect(contoso).toMatchObject({ tenantId: CONTOSO, configurations: [], synchronizedUsers: [{ displayName: 'Alex Wilber', sourceTenantId: ADATUM }] });

		session.emulator.reset();
		expect(session.emulator.syncState(ADATUM).configurations).toEqual([]);
		expect(session.emulator.syncedUsers(CONTOSO)).toEqual([]);
	});
});
