import { startEmulator } from './index';
import {
	ASSIGNMENTS_PATH,
	INSTANTIATE_PATH,
	JOBS_PATH,
	JOB_PATH,
	SECRETS_PATH,
	SP_PATH,
	TestClock,
	assign,
	configurePair,
	createConfiguration,
	pairTokens,
	secretsBody,
} from './sync-test-client';
import { ADATUM, ADATUM_USERS, APPS, CONTOSO, CROSS_TENANT_SYNC_TEMPLATE_ID, graphCall, graphCode } from './test-client';
import { useEmulator } from './session';

interface ServicePrincipalView {
	id: string;
	appId: string;
	displayName: string;
	applicationTemplateId: string | null;
}

describe('emulated Graph: cross-tenant sync configurations (applications and service principals)', () => {
	const clock = new TestClock();

	const session = useEmulator({ syncClock: clock.read, syncCycleMs: 0 }, async (emulator) => ({ tokens: await pairTokens(emulator) }));

	const filterPath = (filter: string, extra = '') => `/v1.0/servicePrincipals?$filter=${encodeURIComponent(filter)}${extra}`;
	const list = async (path: string) => {
		const answer = await graphCall(session.emulator, session.tokens.source, 'GET', path);
		expect(answer.status).toBe(200);
		return answer.json<{ value: ServicePrincipalView[]; '@odata.nextLink'?: string }>();
	};

	it('instantiate answers 201 with the application and its service principal, both from the template, one msiam_access role', async () => {
		const answer = await graphCall(session.emulator, session.tokens.source, 'POST', INSTANTIATE_PATH, { displayName: 'Contoso' });
		expect(answer.status).toBe(201);
		const body = answer.json<{ '@odata.context': string; application: Record<string, unknown>; servicePrincipal: Record<string, unknown> }>();
		expect(body['@odata.context']).toBe(`${session.emulator.url}/v1.0/$metadata#microsoft.graph.applicationServicePrincipal`);
		const role = { allowedMemberTypes: ['User'], displayName: 'msiam_access', id: expect.stringMatching(/^[0-9a-f-]{36}$/), isEnabled: true, description: 'msiam_access', value: null, origin: 'Application' };
		expect(body.application).toMatchObject({
			id: expect.stringMatching(/^[0-9a-f-]{36}$/),
			appId: expect.stringMatching(/^[0-9a-f-]{36}$/),
			applicationTemplateId: CROSS_TENANT_SYNC_TEMPLATE_ID,
			displayName: 'Contoso',
			createdDateTime: new Date(clock.now).toISOString().replace('.000', ''),
			signInAudience: 'AzureADMyOrg',
			appRoles: [role],
		});
		expect(body.servicePrincipal).toMatchObject({
			id: expect.stringMatching(/^[0-9a-f-]{36}$/),
			appId: body.application.appId,
			applicationTemplateId: CROSS_TENANT_SYNC_TEMPLATE_ID,
			displayName: 'Contoso',
			appDisplayName: 'Contoso',
			appOwnerOrganizationId: ADATUM,
			appRoleAssignmentRequired: true,
			servicePrincipalType: 'Application',
			servicePrincipalNames: [body.application.appId],
			appRoles: [role],
		});
		// One role id on both, stable on every read.
		const spId = body.servicePrincipal.id as string;
		const read = (await graphCall(session.emulator, session.tokens.source, 'GET', SP_PATH(spId))).json<{ appRoles: Array<{ id: string }> }>();
		expect(read.appRoles[0].id).toBe((body.application.appRoles as Array<{ id: string }>)[0].id);
		expect(read.appRoles[0].id).toBe((body.servicePrincipal.appRoles as Array<{ id: string }>)[0].id);
	});

	it('instantiate: unknown template 404, a malformed id 400, displayName required, unknown parameters 400', async () => {
		const other = await graphCall(session.emulator, session.tokens.source, 'POST', '/v1.0/applicationTemplates/8adf8e6e-67b2-4cf2-a259-e3dc5476c621/instantiate', { displayName: 'x' });
		expect([other.status, graphCode(other)]).toEqual([404, 'Request_ResourceNotFound']);
		const malformed = await graphCall(session.emulator, session.tokens.source, 'POST', '/v1.0/applicationTemplates/not-a-guid/instantiate', { displayName: 'x' });
		expect([malformed.status, graphCode(malformed)]).toEqual([400, 'Request_BadRequest']);
		expect((await graphCall(session.emulator, session.tokens.source, 'POST', INSTANTIATE_PATH, {})).status).toBe(400);
		expect((await graphCall(session.emulator, session.tokens.source, 'POST', INSTANTIATE_PATH, { displayName: 'x', description: 'y' })).status).toBe(400);
		expect((await graphCall(session.emulator, session.tokens.source, 'GET', INSTANTIATE_PATH)).status).toBe(405);
		expect(session.emulator.syncState(ADATUM).configurations).toEqual([]);
	});

	it("lists service principals with $filter on applicationTemplateId and displayName (and both), $select and paging", async () => {
		await createConfiguration(session.emulator, session.tokens.source, { displayName: 'Contoso' });
		await createConfiguration(session.emulator, session.tokens.source, { displayName: 'Fabrikam' });
		await createConfiguration(session.emulator, session.tokens.source, { displayName: 'Contoso' });

		// Adatum's own app registrations have service principals too; the template filter leaves them out.
		const all = await list('/v1.0/servicePrincipals');
		expect(all.value.map((sp) => sp.displayName)).toEqual(['adatum-writer', 'adatum-sync-reader', 'adatum-owned-by', 'Contoso', 'Fabrikam', 'Contoso']);
		expect(all.value[0]).toMatchObject({ appId: APPS.adatumWriter.clientId, applicationTemplateId: null });

		const templateFilter = `applicationTemplateId eq '${CROSS_TENANT_SYNC_TEMPLATE_ID}'`;
		expect((await list(filterPath(templateFilter))).value.map((sp) => sp.displayName)).toEqual(['Contoso', 'Fabrikam', 'Contoso']);
		// Display names are not unique, and directory comparisons ignore case.
		expect((await list(filterPath(`${templateFilter} and displayName eq 'contoso'`))).value).toHaveLength(2);
		expect((await list(filterPath("startswith(displayName,'Fab')"))).value.map((sp) => sp.displayName)).toEqual(['Fabrikam']);

		const selected = await list(filterPath(templateFilter, '&$select=displayName,appId'));
		expect(Object.keys(selected.value[0]).sort()).toEqual(['appId', 'displayName', 'id']);

		const first = await list(filterPath(templateFilter, '&$top=2'));
		expect(first.value).toHaveLength(2);
		expect(first['@odata.nextLink']).toMatch(/\$skiptoken=/);
		const second = await list((first['@odata.nextLink'] ?? '').replace(session.emulator.url, ''));
		expect(second.value.map((sp) => sp.displayName)).toEqual(['Contoso']);
		expect(second['@odata.nextLink']).toBeUndefined();
	});

	it('rejects filters and selects it does not support (400)', async () => {
		const bad = async (path: string) => {
			const answer = await graphCall(session.emulator, session.tokens.source, 'GET', path);
			return `${answer.status} ${graphCode(answer)}`;
		};
		expect(await bad(filterPath("tags eq 'x'"))).toBe('400 BadRequest');
		expect(await bad(filterPath('displayName eq Contoso'))).toBe('400 BadRequest');
		expect(await bad('/v1.0/servicePrincipals?$select=nope')).toBe('400 BadRequest');
	});

	it("GET by id or by appId='…', the application likewise; another tenant's objects are 404", async () => {
		const config = await createConfiguration(session.emulator, session.tokens.source);
		const byId = await graphCall(session.emulator, session.tokens.source, 'GET', SP_PATH(config.servicePrincipalId));
		expect(byId.json()).toMatchObject({ '@odata.context': `${session.emulator.url}/v1.0/$metadata#servicePrincipals/$entity`, id: config.servicePrincipalId });
		const byAppId = await graphCall(session.emulator, session.tokens.source, 'GET', `/v1.0/servicePrincipals(appId='${config.appId}')?$select=displayName`);
		expect(byAppId.json()).toEqual({ '@odata.context': `${session.emulator.url}/v1.0/$metadata#servicePrincipals/$entity`, id: config.servicePrincipalId, displayName: 'Contoso' });
		expect((await graphCall(session.emulator, session.tokens.source, 'GET', `/v1.0/applications/${config.applicationId}`)).json()).toMatchObject({ appId: config.appId });
		expect((await graphCall(session.emulator, session.tokens.source, 'GET', `/v1.0/applications(appId='${config.appId}')`)).json()).toMatchObject({ id: config.applicationId });
		const filtered = await graphCall(session.emulator, session.tokens.source, 'GET', `/v1.0/applications?$filter=${encodeURIComponent(`appId eq '${config.appId}'`)}`);
		expect(filtered.json<{ value: Array<{ id: string }> }>().value.map((a) => a.id)).toEqual([config.applicationId]);

		const contosoReader = session.emulator.mintAccessToken({ tenantId: CONTOSO, clientId: APPS.writer.clientId, roles: ['Application.Read.All'] });
		const elsewhere = await graphCall(session.emulator, contosoReader, 'GET', SP_PATH(config.servicePrincipalId));
		expect([elsewhere.status, graphCode(elsewhere)]).toEqual([404, 'Request_ResourceNotFound']);
		expect((await graphCall(session.emulator, session.tokens.source, 'GET', SP_PATH('nope'))).status).toBe(400);
	});

	it('DELETE /applications/{id}: 204, and the service principal, jobs, secrets and assignments go; synchronized users stay', async () => {
		await configurePair(session.emulator, session.tokens);
		const config = await createConfiguration(session.emulator, session.tokens.source);
		await assign(session.emulator, session.tokens.source, config, ADATUM_USERS.alex);
		await graphCall(session.emulator, session.tokens.source, 'POST', `${JOB_PATH(config.servicePrincipalId, config.jobId)}/start`);
		session.emulator.runSyncCycle();
		expect(session.emulator.syncedUsers(CONTOSO)).toHaveLength(1);

		const deleted = await graphCall(session.emulator, session.tokens.source, 'DELETE', `/v1.0/applications/${config.applicationId}`);
		expect([deleted.status, deleted.text]).toEqual([204, '']);
		for (const path of [SP_PATH(config.servicePrincipalId), JOBS_PATH(config.servicePrincipalId), JOB_PATH(config.servicePrincipalId, config.jobId), ASSIGNMENTS_PATH(config.servicePrincipalId), `/v1.0/applications/${config.applicationId}`]) {
			const answer = await graphCall(session.emulator, session.tokens.source, 'GET', path);
			expect([path, answer.status, graphCode(answer)]).toEqual([path, 404, 'Request_ResourceNotFound']);
		}
		expect((await graphCall(session.emulator, session.tokens.source, 'PUT', SECRETS_PATH(config.servicePrincipalId), secretsBody(CONTOSO))).status).toBe(404);
		expect(session.emulator.syncState(ADATUM).configurations).toEqual([]);
		expect(session.emulator.runSyncCycle()).toEqual([]);
		expect(session.emulator.syncedUsers(CONTOSO)).toHaveLength(1);
		expect((await graphCall(session.emulator, session.tokens.source, 'DELETE', `/v1.0/applications/${config.applicationId}`)).status).toBe(404);
		// By appId too.
		const other = await createConfiguration(session.emulator, session.tokens.source);
		expect((await graphCall(session.emulator, session.tokens.source, 'DELETE', `/v1.0/applications(appId='${other.appId}')`)).status).toBe(204);
	});

	describe('replication after instantiate (servicePrincipalReplicationMs)', () => {
		it('the new service principal answers 404 on GET, the list and its sync routes until the lag has passed', async () => {
			session.emulator.setServicePrincipalReplicationMs(5000);
			const created = await graphCall(session.emulator, session.tokens.source, 'POST', INSTANTIATE_PATH, { displayName: 'Contoso' });
			const { application, servicePrincipal } = created.json<{ application: { id: string }; servicePrincipal: { id: string } }>();
			const spId = servicePrincipal.id;
			const lagging: Array<[string, string, unknown?]> = [
				['GET', SP_PATH(spId)],
				['GET', JOBS_PATH(spId)],
				['POST', JOBS_PATH(spId), { templateId: 'Azure2Azure' }],
				['PUT', SECRETS_PATH(spId), secretsBody(CONTOSO)],
				['GET', ASSIGNMENTS_PATH(spId)],
			];
			for (const [method, path, body] of lagging) {
				const answer = await graphCall(session.emulator, session.tokens.source, method, path, body);
				expect([method, path, answer.status, graphCode(answer)]).toEqual([method, path, 404, 'Request_ResourceNotFound']);
			}
			expect((await list(filterPath(`applicationTemplateId eq '${CROSS_TENANT_SYNC_TEMPLATE_ID}'`))).value).toEqual([]);
			// The application object itself is there at once.
			expect((await graphCall(session.emulator, session.tokens.source, 'GET', `/v1.0/applications/${application.id}`)).status).toBe(200);
			expect(session.emulator.syncState(ADATUM).configurations[0].replicating).toBe(true);

			clock.advance(4999);
			expect((await graphCall(session.emulator, session.tokens.source, 'GET', SP_PATH(spId))).status).toBe(404);
			clock.advance(1);
			expect((await graphCall(session.emulator, session.tokens.source, 'GET', SP_PATH(spId))).status).toBe(200);
			expect((await graphCall(session.emulator, session.tokens.source, 'POST', JOBS_PATH(spId), { templateId: 'Azure2Azure' })).status).toBe(201);
			expect(session.emulator.syncState(ADATUM).configurations[0].replicating).toBe(false);
		});

		it('is 0 by default, set by StartOptions, the setter or POST /_emulator/sync-settings; reset() restores it', async () => {
			const lagged = await startEmulator({ servicePrincipalReplicationMs: 60_000, syncClock: clock.read });
			try {
				const token = (await pairTokens(lagged)).source;
				const sp = (await graphCall(lagged, token, 'POST', INSTANTIATE_PATH, { displayName: 'x' })).json<{ servicePrincipal: { id: string } }>().servicePrincipal;
				expect((await graphCall(lagged, token, 'GET', SP_PATH(sp.id))).status).toBe(404);
				const admin = await graphCall(lagged, undefined, 'POST', '/_emulator/sync-settings', { servicePrincipalReplicationMs: 0 });
				expect(admin.status).toBe(204);
				const next = (await graphCall(lagged, token, 'POST', INSTANTIATE_PATH, { displayName: 'y' })).json<{ servicePrincipal: { id: string } }>().servicePrincipal;
				expect((await graphCall(lagged, token, 'GET', SP_PATH(next.id))).status).toBe(200);
				lagged.reset();
				const again = (await graphCall(lagged, token, 'POST', INSTANTIATE_PATH, { displayName: 'z' })).json<{ servicePrincipal: { id: string } }>().servicePrincipal;
				expect((await graphCall(lagged, token, 'GET', SP_PATH(again.id))).status).toBe(404);
				expect((await graphCall(lagged, undefined, 'POST', '/_emulator/sync-settings', { servicePrincipalReplicationMs: -1 })).status).toBe(400);
				expect((await graphCall(lagged, undefined, 'POST', '/_emulator/sync-settings', { lag: 1 })).status).toBe(400);
			} finally {
				await lagged.close();
			}
			expect(() => session.emulator.setServicePrincipalReplicationMs(Number.NaN)).toThrow(/servicePrincipalReplicationMs/);
		});
	});
});
