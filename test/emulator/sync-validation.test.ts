import {
	INSTANTIATE_PATH,
	JOBS_PATH,
	JOB_PATH,
	SECRETS_PATH,
	configurePair,
	createConfiguration,
	pairTokens,
	secretsBody,
	validateBody,
	type PairSettings,
} from './sync-test-client';
import { ADATUM, CONTOSO, PARTNERS_PATH, SYNC_PATH, WOODGROVE, graphCall } from './test-client';
import { useEmulator } from './session';

const INVALID_CREDENTIALS =
	'You appear to have entered invalid credentials. Please confirm you are using the correct information for an administrative account.';

/** The reference's body: no templateId. */
const withoutTemplateId = (target: string) => {
	const body: Partial<ReturnType<typeof validateBody>> = validateBody(target);
	delete body.templateId;
	return body;
};

interface Failure {
	error: { code: string; message: string; details?: Array<{ code: string; message: string; target: string }> };
}

describe('emulated Graph: validateCredentials reads both tenants (test connection)', () => {
	let spId: string;

	const session = useEmulator({ syncCycleMs: 0 }, async (emulator) => ({ tokens: await pairTokens(emulator) }));
	beforeEach(async () => {
		const created = await graphCall(session.emulator, session.tokens.source, 'POST', INSTANTIATE_PATH, { displayName: 'Contoso' });
		spId = created.json<{ servicePrincipal: { id: string } }>().servicePrincipal.id;
	});

	const validate = (body: unknown = validateBody(CONTOSO)) => graphCall(session.emulator, session.tokens.source, 'POST', `${JOBS_PATH(spId)}/validateCredentials`, body);
	const failure = async (body?: unknown) => {
		const answer = await validate(body);
		expect(answer.status).toBe(400);
		const { error } = answer.json<Failure>();
		expect(error.code).toBe('AzureDirectoryB2BManagementPolicyCheckFailure');
		expect(error.message).toBe(INVALID_CREDENTIALS);
		return error.details ?? [];
	};

	it('204 without a body when the target allows sync and inbound redemption and the source outbound redemption', async () => {
		await configurePair(session.emulator, session.tokens);
		const answer = await validate();
		expect([answer.status, answer.text, answer.headers['content-type']]).toEqual([204, '', undefined]);
	});

	const missing: Array<[string, PairSettings, string, RegExp]> = [
		["no target partner for the source", { targetPartner: false }, 'target.partner', new RegExp(`target tenant ${CONTOSO} has no cross-tenant access partner configuration for the source tenant ${ADATUM}`)],
		['no sync policy in the target', { syncAllowed: undefined }, 'target.identitySynchronization.userSyncInbound.isSyncAllowed', /^Policy permitting user synchronization from the source tenant not configured in the target tenant/],
		['sync not allowed by the target', { syncAllowed: false }, 'target.identitySynchronization.userSyncInbound.isSyncAllowed', /userSyncInbound\.isSyncAllowed/],
		['no inbound redemption in the target', { inboundAllowed: false }, 'target.automaticUserConsentSettings.inboundAllowed', /^Policy permitting auto-redemption of invitations not configured\. Target tenant/],
		['no source partner for the target', { sourcePartner: false }, 'source.partner', /^Policy permitting auto-redemption of invitations not configured\. The source tenant .* has no cross-tenant access partner configuration for the target tenant/],
		['no outbound redemption in the source', { outboundAllowed: false }, 'source.automaticUserConsentSettings.outboundAllowed', /^Policy permitting auto-redemption of invitations not configured\. Source tenant/],
	];

	it.each(missing)('fails naming what is missing: %s', async (_name, settings, target, message) => {
		await configurePair(session.emulator, session.tokens, settings);
		const details = await failure();
		expect(details).toEqual([{ code: 'AzureDirectoryB2BManagementPolicyCheckFailure', target, message: expect.stringMatching(message) }]);
	});

	it('names every missing piece at once, target first', async () => {
		await configurePair(session.emulator, session.tokens, { syncAllowed: false, inboundAllowed: false, outboundAllowed: false });
		expect((await failure()).map((d) => d.target)).toEqual([
			'target.identitySynchronization.userSyncInbound.isSyncAllowed',
			'target.automaticUserConsentSettings.inboundAllowed',
			'source.automaticUserConsentSettings.outboundAllowed',
		]);
	});

	it('follows the policies as they change: a PATCH that resets outboundAllowed breaks it again', async () => {
		await configurePair(session.emulator, session.tokens);
		expect((await validate()).status).toBe(204);
		// PATCH replaces the complex value whole: naming only inboundAllowed resets outboundAllowed (docs/graph-behaviours.md, row 19).
		await graphCall(session.emulator, session.tokens.source, 'PATCH', `${PARTNERS_PATH}/${CONTOSO}`, { automaticUserConsentSettings: { inboundAllowed: true } });
		expect((await failure()).map((d) => d.target)).toEqual(['source.automaticUserConsentSettings.outboundAllowed']);
		await graphCall(session.emulator, session.tokens.target, 'PATCH', SYNC_PATH(ADATUM), { userSyncInbound: { isSyncAllowed: false } });
		expect((await failure()).map((d) => d.target)).toEqual(['target.identitySynchronization.userSyncInbound.isSyncAllowed', 'source.automaticUserConsentSettings.outboundAllowed']);
	});

	it('a target partner not yet replicated counts as missing', async () => {
		session.emulator.setReplicationLag(60_000);
		await configurePair(session.emulator, session.tokens, { syncAllowed: undefined });
		expect((await failure()).map((d) => d.target)).toEqual(['target.partner', 'source.partner']);
	});

	it('checks the credentials: CompanyId present and a known tenant, AuthenticationType SyncPolicy', async () => {
		await configurePair(session.emulator, session.tokens);
		expect(await failure({ templateId: 'Azure2Azure', credentials: [{ key: 'AuthenticationType', value: 'SyncPolicy' }] })).toEqual([
			expect.objectContaining({ target: 'credentials.CompanyId' }),
		]);
		expect(await failure({ templateId: 'Azure2Azure', credentials: [{ key: 'CompanyId', value: CONTOSO }] })).toEqual([
			expect.objectContaining({ target: 'credentials.AuthenticationType', message: 'AuthenticationType must be SyncPolicy, got none.' }),
		]);
		expect(await failure({ ...validateBody('11111111-2222-4333-8444-555555555555') })).toEqual([expect.objectContaining({ target: 'targetTenant' })]);
		// Woodgrove is a tenant, but neither side has set anything up for it.
		expect((await failure(validateBody(WOODGROVE))).map((d) => d.target)).toEqual(['target.partner', 'source.partner']);
	});

	it('useSavedCredentials: true checks the saved secrets and ignores the credentials given', async () => {
		await configurePair(session.emulator, session.tokens);
		expect((await failure({ useSavedCredentials: true, templateId: 'Azure2Azure' })).map((d) => d.target)).toEqual(['credentials.CompanyId', 'credentials.AuthenticationType']);
		await graphCall(session.emulator, session.tokens.source, 'PUT', SECRETS_PATH(spId), secretsBody(CONTOSO));
		expect((await validate({ useSavedCredentials: true, templateId: 'Azure2Azure', credentials: [{ key: 'CompanyId', value: WOODGROVE }] })).status).toBe(204);
	});

	it("the reference's form on a job: POST …/jobs/{jobId}/validateCredentials, templateId optional", async () => {
		await configurePair(session.emulator, session.tokens, { inboundAllowed: false });
		const config = await createConfiguration(session.emulator, session.tokens.source);
		const path = `${JOB_PATH(config.servicePrincipalId, config.jobId)}/validateCredentials`;
		const withoutTemplate = withoutTemplateId(CONTOSO);
		const failed = await graphCall(session.emulator, session.tokens.source, 'POST', path, withoutTemplate);
		expect([failed.status, failed.json<Failure>().error.details?.map((d) => d.target)]).toEqual([400, ['target.automaticUserConsentSettings.inboundAllowed']]);
		await graphCall(session.emulator, session.tokens.target, 'PATCH', `${PARTNERS_PATH}/${ADATUM}`, { automaticUserConsentSettings: { inboundAllowed: true, outboundAllowed: false } });
		expect((await graphCall(session.emulator, session.tokens.source, 'POST', path, withoutTemplate)).status).toBe(204);
		expect((await graphCall(session.emulator, session.tokens.source, 'POST', path, { useSavedCredentials: true })).status).toBe(204);
		expect((await graphCall(session.emulator, session.tokens.source, 'POST', `${JOB_PATH(config.servicePrincipalId, 'Azure2Azure.nope.nope')}/validateCredentials`, withoutTemplate)).status).toBe(404);
	});

	it('rejects malformed requests with 400 BadRequest: no templateId without a job, another template, unknown keys or parameters', async () => {
		await configurePair(session.emulator, session.tokens);
		const code = async (body: unknown) => {
			const answer = await validate(body);
			return `${answer.status} ${answer.json<Failure>().error.code}`;
		};
		const withoutTemplate = withoutTemplateId(CONTOSO);
		expect(await code(withoutTemplate)).toBe('400 BadRequest');
		expect(await code({ ...validateBody(CONTOSO), templateId: 'BoxOutDelta' })).toBe('400 BadRequest');
		expect(await code({ ...validateBody(CONTOSO), credentials: [{ key: 'companyId', value: CONTOSO }] })).toBe('400 BadRequest');
		expect(await code({ ...validateBody(CONTOSO), extra: true })).toBe('400 BadRequest');
		expect(await code({ ...validateBody(CONTOSO), useSavedCredentials: 'no' })).toBe('400 BadRequest');
	});

	it('answers 404 for a service principal the tenant does not have', async () => {
		const other = await graphCall(session.emulator, session.tokens.target, 'POST', `${JOBS_PATH(spId)}/validateCredentials`, validateBody(ADATUM));
		// Contoso's writer has no sync permission: 403 before anything is looked up.
		expect(other.status).toBe(403);
		const contosoSync = session.emulator.mintAccessToken({ tenantId: CONTOSO, clientId: '0a0b0c0d-0000-4000-8000-000000000002', roles: ['Synchronization.ReadWrite.All'] });
		const answer = await graphCall(session.emulator, contosoSync, 'POST', `${JOBS_PATH(spId)}/validateCredentials`, validateBody(ADATUM));
		expect([answer.status, answer.json<Failure>().error.code]).toEqual([404, 'Request_ResourceNotFound']);
	});
});
