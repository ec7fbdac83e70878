import {
	ASSIGNMENTS_PATH,
	INSTANTIATE_PATH,
	JOBS_PATH,
	JOB_PATH,
	SECRETS_PATH,
	SP_PATH,
	configurePair,
	createConfiguration,
	onDemandBody,
	pairTokens,
	secretsBody,
	sourceTokenFor,
	validateBody,
	type Configuration,
} from './sync-test-client';
import { ADATUM, ADATUM_USERS, APPS, CONTOSO, graphCall } from './test-client';
import { useEmulator } from './session';

const DENIED = { code: 'Authorization_RequestDenied', message: 'Insufficient privileges to complete the operation.' };

describe('emulated Graph: application permissions of the source-side routes', () => {
	let config: Configuration;

	const session = useEmulator({ syncCycleMs: 0 }, async (emulator) => {
		const tokens = await pairTokens(emulator);
		const [syncReader, ownedBy] = await Promise.all([sourceTokenFor(emulator, APPS.adatumSyncReader), sourceTokenFor(emulator, APPS.adatumOwnedBy)]);
		return { tokens, syncReader, ownedBy };
	});
	beforeEach(async () => {
		await configurePair(session.emulator, session.tokens);
		config = await createConfiguration(session.emulator, session.tokens.source);
	});

	const minted = (roles: string[]) => session.emulator.mintAccessToken({ tenantId: ADATUM, clientId: '0a0b0c0d-0000-4000-8000-00000000000a', roles });
	/** Every source-side call, against the configuration the writer created. */
	const calls = (): Array<[string, string, unknown?]> => [
		['POST', INSTANTIATE_PATH, { displayName: 'x' }],
		['GET', '/v1.0/servicePrincipals'],
		['GET', SP_PATH(config.servicePrincipalId)],
		['GET', `/v1.0/applications/${config.applicationId}`],
		['GET', JOBS_PATH(config.servicePrincipalId)],
		['POST', JOBS_PATH(config.servicePrincipalId), { templateId: 'Azure2Azure' }],
		['GET', JOB_PATH(config.servicePrincipalId, config.jobId)],
		['GET', `${JOB_PATH(config.servicePrincipalId, config.jobId)}/schema`],
		['POST', `${JOB_PATH(config.servicePrincipalId, config.jobId)}/start`],
		['POST', `${JOB_PATH(config.servicePrincipalId, config.jobId)}/pause`],
		['POST', `${JOB_PATH(config.servicePrincipalId, config.jobId)}/restart`, { criteria: { resetScope: 'Full' } }],
		['POST', `${JOBS_PATH(config.servicePrincipalId)}/validateCredentials`, validateBody(CONTOSO)],
		['POST', `${JOB_PATH(config.servicePrincipalId, config.jobId)}/provisionOnDemand`, onDemandBody('x', ADATUM_USERS.alex)],
		['PUT', SECRETS_PATH(config.servicePrincipalId), secretsBody(CONTOSO)],
		['GET', ASSIGNMENTS_PATH(config.servicePrincipalId)],
		['POST', ASSIGNMENTS_PATH(config.servicePrincipalId), { appRoleId: config.appRoleId, resourceId: config.servicePrincipalId, principalId: ADATUM_USERS.alex }],
		['DELETE', JOB_PATH(config.servicePrincipalId, config.jobId)],
		['DELETE', `/v1.0/applications/${config.applicationId}`],
		['GET', '/v1.0/users'],
		['GET', '/v1.0/groups'],
	];
	/** 'allowed' for any answer but 403 (the call got past authorization), else 'denied' with Graph's body checked. */
	const verdicts = async (token: string) => {
		const out: string[] = [];
		for (const [method, path, body] of calls()) {
			const answer = await graphCall(session.emulator, token, method, path, body);
			if (answer.status === 403) expect(answer.json<{ error: unknown }>().error).toMatchObject(DENIED);
			out.push(`${answer.status === 403 ? 'denied ' : 'allowed'} ${method} ${path.replace(config.servicePrincipalId, '{sp}').replace(config.jobId, '{job}').replace(config.applicationId, '{app}')}`);
		}
		return out;
	};

	it('a token with only the partner policy permissions is refused every source-side call (403 Authorization_RequestDenied)', async () => {
		const policyOnly = minted(['Policy.Read.All', 'Policy.ReadWrite.CrossTenantAccess']);
		expect((await verdicts(policyOnly)).filter((v) => !v.startsWith('denied'))).toEqual([]);
		expect((await verdicts(minted([]))).filter((v) => !v.startsWith('denied'))).toEqual([]);
		expect((await graphCall(session.emulator, undefined, 'GET', JOBS_PATH(config.servicePrincipalId))).status).toBe(401);
	});

	it("Adatum's writer (OwnedBy, Synchronization.ReadWrite.All, AppRoleAssignment.ReadWrite.All + Application.Read.All) may do all but read users and groups", async () => {
		expect((await verdicts(session.tokens.source)).filter((v) => v.startsWith('denied'))).toEqual(['denied  GET /v1.0/users', 'denied  GET /v1.0/groups']);
	});

	it('Synchronization.Read.All reads jobs and their schema only', async () => {
		expect((await verdicts(session.syncReader)).filter((v) => v.startsWith('allowed'))).toEqual([
			'allowed GET /v1.0/servicePrincipals/{sp}/synchronization/jobs',
			'allowed GET /v1.0/servicePrincipals/{sp}/synchronization/jobs/{job}',
			'allowed GET /v1.0/servicePrincipals/{sp}/synchronization/jobs/{job}/schema',
		]);
	});

	it('Application.ReadWrite.OwnedBy alone: instantiates and manages its own configuration, nothing of others, no lists, no assignments', async () => {
		// The writer's configuration is not its own.
		expect((await verdicts(session.ownedBy)).filter((v) => v.startsWith('allowed'))).toEqual(['allowed POST /v1.0/applicationTemplates/518e5f48-1fc8-4c48-9387-9fdf28b0dfe7/instantiate']);

		const own = await createConfiguration(session.emulator, session.ownedBy, { displayName: 'Own' });
		const jobPath = JOB_PATH(own.servicePrincipalId, own.jobId);
		expect((await graphCall(session.emulator, session.ownedBy, 'GET', SP_PATH(own.servicePrincipalId))).status).toBe(200);
		expect((await graphCall(session.emulator, session.ownedBy, 'POST', `${JOBS_PATH(own.servicePrincipalId)}/validateCredentials`, validateBody(CONTOSO))).status).toBe(204);
		expect((await graphCall(session.emulator, session.ownedBy, 'POST', `${jobPath}/start`)).status).toBe(204);
		expect((await graphCall(session.emulator, session.ownedBy, 'GET', jobPath)).status).toBe(200);
		const assignment = { appRoleId: own.appRoleId, resourceId: own.servicePrincipalId, principalId: ADATUM_USERS.alex };
		expect((await graphCall(session.emulator, session.ownedBy, 'POST', ASSIGNMENTS_PATH(own.servicePrincipalId), assignment)).status).toBe(403);
		expect((await graphCall(session.emulator, session.ownedBy, 'GET', '/v1.0/servicePrincipals')).status).toBe(403);
		expect((await graphCall(session.emulator, session.ownedBy, 'DELETE', `/v1.0/applications/${own.applicationId}`)).status).toBe(204);
	});

	it('appRoleAssignedTo POST needs AppRoleAssignment.ReadWrite.All together with Application.Read.All or Directory.Read.All', async () => {
		const body = { appRoleId: config.appRoleId, resourceId: config.servicePrincipalId, principalId: ADATUM_USERS.alex };
		const post = (roles: string[]) => graphCall(session.emulator, minted(roles), 'POST', ASSIGNMENTS_PATH(config.servicePrincipalId), body);
		expect((await post(['AppRoleAssignment.ReadWrite.All'])).status).toBe(403);
		expect((await post(['Application.Read.All'])).status).toBe(403);
		expect((await post(['AppRoleAssignment.ReadWrite.All', 'Directory.Read.All'])).status).toBe(201);
	});

	it('Application.ReadWrite.All or Directory.ReadWrite.All manage any configuration', async () => {
		for (const role of ['Application.ReadWrite.All', 'Directory.ReadWrite.All']) {
			const answer = await graphCall(session.emulator, minted([role]), 'POST', `${JOB_PATH(config.servicePrincipalId, config.jobId)}/start`);
			expect([role, answer.status]).toEqual([role, 204]);
		}
		expect((await graphCall(session.emulator, minted(['Application.ReadWrite.All']), 'DELETE', `/v1.0/applications/${config.applicationId}`)).status).toBe(204);
	});
});
