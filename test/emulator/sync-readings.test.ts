import { startEmulator } from './index';
import { DEFAULT_SYNC_READINGS, SYNC_READING_VARIANTS, type SyncReadings, syncReadingChoices } from './sync-readings';
import {
	ASSIGNMENTS_PATH,
	JOBS_PATH,
	JOB_PATH,
	TestClock,
	configurePair,
	createConfiguration,
	onDemandBody,
	pairTokens,
	sourceTokenFor,
	userRuleId,
	validateBody,
	type Configuration,
} from './sync-test-client';
import { ADATUM, ADATUM_USERS, APPS, CONTOSO, graphCall, graphCode, httpsCall } from './test-client';
import { useEmulator } from './session';

const STATUS_INFO_TYPE = 'Microsoft.Identity.Health.CPP.Common.DataContracts.SyncFabric.StatusInfo';
const INVALID_CREDENTIALS =
	'You appear to have entered invalid credentials. Please confirm you are using the correct information for an administrative account.';

interface ErrorBody {
	error: { code: string; message: string; details?: Array<{ code: string; message: string; target: string }> };
}

describe('emulated Graph: sync readings (answers Microsoft leaves open)', () => {
	let config: Configuration;
	const clock = new TestClock();

	const session = useEmulator({ syncClock: clock.read, syncCycleMs: 0 }, async (emulator) => ({ tokens: await pairTokens(emulator) }));
	beforeEach(async () => {
		await configurePair(session.emulator, session.tokens, { outboundAllowed: false });
		config = await createConfiguration(session.emulator, session.tokens.source);
	});

	const viaJobs = () => graphCall(session.emulator, session.tokens.source, 'POST', `${JOBS_PATH(config.servicePrincipalId)}/validateCredentials`, validateBody(CONTOSO));
	const viaJob = () => graphCall(session.emulator, session.tokens.source, 'POST', `${JOB_PATH(config.servicePrincipalId, config.jobId)}/validateCredentials`, { credentials: validateBody(CONTOSO).credentials });
	const provision = async (objectId: string) => {
		const ruleId = await userRuleId(session.emulator, session.tokens.source, config);
		return graphCall(session.emulator, session.tokens.source, 'POST', `${JOB_PATH(config.servicePrincipalId, config.jobId)}/provisionOnDemand`, onDemandBody(ruleId, objectId));
	};
	const assignAlex = () =>
		graphCall(session.emulator, session.tokens.source, 'POST', ASSIGNMENTS_PATH(config.servicePrincipalId), { appRoleId: config.appRoleId, resourceId: config.servicePrincipalId, principalId: ADATUM_USERS.alex });

	describe('validateCredentialsUrl', () => {
		it("'both' (default): either form answers", async () => {
			expect(session.emulator.syncReadings()).toEqual(DEFAULT_SYNC_READINGS);
			expect((await viaJobs()).status).toBe(400);
			expect((await viaJob()).status).toBe(400);
		});

		it("'jobs': only …/jobs/validateCredentials; the job form is an unknown segment (400 BadRequest)", async () => {
			session.emulator.setSyncReadings({ validateCredentialsUrl: 'jobs' });
			expect(graphCode(await viaJobs())).toBe('AzureDirectoryB2BManagementPolicyCheckFailure');
			const other = await viaJob();
			expect([other.status, other.json<ErrorBody>().error]).toEqual([400, expect.objectContaining({ code: 'BadRequest', message: "Resource not found for the segment 'validateCredentials'." })]);
		});

		it("'job': only …/jobs/{id}/validateCredentials; the other addresses a job that does not exist (404)", async () => {
			session.emulator.setSyncReadings({ validateCredentialsUrl: 'job' });
			expect(graphCode(await viaJob())).toBe('AzureDirectoryB2BManagementPolicyCheckFailure');
			const other = await viaJobs();
			expect([other.status, graphCode(other)]).toEqual([404, 'Request_ResourceNotFound']);
		});
	});

	describe('validateCredentialsFailureStatus and validateCredentialsFailureBody', () => {
		it("default 400 with error.details naming each missing setting", async () => {
			const answer = await viaJobs();
			expect(answer.status).toBe(400);
			expect(answer.json<ErrorBody>().error).toMatchObject({
				code: 'AzureDirectoryB2BManagementPolicyCheckFailure',
				message: INVALID_CREDENTIALS,
				details: [{ code: 'AzureDirectoryB2BManagementPolicyCheckFailure', target: 'source.automaticUserConsentSettings.outboundAllowed', message: expect.stringMatching(/^Policy permitting auto-redemption/) }],
			});
		});

		it("409, and 'text': no details, the sentences appended to the message", async () => {
			session.emulator.setSyncReadings({ validateCredentialsFailureStatus: 409, validateCredentialsFailureBody: 'text' });
			const answer = await viaJobs();
			expect(answer.status).toBe(409);
			const { error } = answer.json<ErrorBody>();
			expect(error.details).toBeUndefined();
			expect(error.message).toMatch(new RegExp(`^${INVALID_CREDENTIALS.replace(/\./g, '\\.')} Policy permitting auto-redemption of invitations not configured\\. Source tenant ${ADATUM}: automaticUserConsentSettings\\.outboundAllowed\\.$`));
		});
	});

	describe('provisionOnDemandResult', () => {
		it("'value' (default, the guide): key is the StatusInfo type, value a JSON array of one result", async () => {
			const body = (await provision(ADATUM_USERS.alex)).json<{ key: string; value: string }>();
			expect(body.key).toBe(STATUS_INFO_TYPE);
			expect(JSON.parse(body.value)).toEqual([expect.objectContaining({ statusInfo: expect.objectContaining({ status: 'Failed' }), provisioningSteps: expect.any(Array) })]);
		});

		it("'key' (the reference): key is JSON {result, details}, value the JSON result object", async () => {
			session.emulator.setSyncReadings({ provisionOnDemandResult: 'key' });
			await configurePair(session.emulator, session.tokens, { targetPartner: false, sourcePartner: false });
			await graphCall(session.emulator, session.tokens.source, 'PATCH', `/v1.0/policies/crossTenantAccessPolicy/partners/${CONTOSO}`, { automaticUserConsentSettings: { inboundAllowed: false, outboundAllowed: true } });
			await assignAlex();
			const success = (await provision(ADATUM_USERS.alex)).json<{ key: string; value: string }>();
			expect(JSON.parse(success.key)).toEqual({ result: 'Success', details: {} });
			expect(JSON.parse(success.value)).toMatchObject({ action: 'Create', statusInfo: { status: 'Success' }, provisioningSteps: expect.any(Array) });
			const skipped = (await provision(ADATUM_USERS.diego)).json<{ key: string }>();
			expect(JSON.parse(skipped.key)).toEqual({ result: 'Skipped', details: { errorCode: 'NotEffectivelyEntitled', errorMessage: expect.any(String) } });
		});
	});

	describe('provisionOnDemandRateScope', () => {
		const fill = async () => {
			for (let i = 0; i < 5; i++) expect((await provision(ADATUM_USERS.alex)).status).toBe(200);
		};

		it("'job' (default): the calling app's other job has its own window; 'app': it shares the app's window, another app does not", async () => {
			session.emulator.setProvisionOnDemandRateLimit({ requests: 5, windowMs: 60_000 });
			const other = await createConfiguration(session.emulator, session.tokens.source, { displayName: 'Other' });
			const otherRule = await userRuleId(session.emulator, session.tokens.source, other);
			const provisionOther = (token: string) =>
				graphCall(session.emulator, token, 'POST', `${JOB_PATH(other.servicePrincipalId, other.jobId)}/provisionOnDemand`, onDemandBody(otherRule, ADATUM_USERS.alex));
			await fill();
			expect((await provisionOther(session.tokens.source)).status).toBe(200);

			// Under 'app' the same six calls count for the app: the seventh is refused whatever the job.
			session.emulator.setSyncReadings({ provisionOnDemandRateScope: 'app' });
			const refused = await provisionOther(session.tokens.source);
			expect([refused.status, graphCode(refused)]).toEqual([429, 'TooManyRequests']);
			const otherApp = session.emulator.mintAccessToken({ tenantId: ADATUM, clientId: '0a0b0c0d-0000-4000-8000-00000000000b', roles: ['Synchronization.ReadWrite.All'] });
			expect((await provisionOther(otherApp)).status).toBe(200);
		});
	});

	describe('assignmentExists', () => {
		it("'Request_BadRequest' (default): 400; 'Request_MultipleObjectsWithSameKeyValue': 409", async () => {
			expect((await assignAlex()).status).toBe(201);
			expect([(await assignAlex()).status, graphCode(await assignAlex())]).toEqual([400, 'Request_BadRequest']);
			session.emulator.setSyncReadings({ assignmentExists: 'Request_MultipleObjectsWithSameKeyValue' });
			const conflict = await assignAlex();
			expect([conflict.status, conflict.json<ErrorBody>().error]).toEqual([
				409,
				expect.objectContaining({ code: 'Request_MultipleObjectsWithSameKeyValue', message: 'A conflicting object with one or more of the specified property values is present in the directory.' }),
			]);
		});
	});

	it('rejects unknown readings and values; the variants meet every choice; reset() restores the start options', async () => {
		expect(() => session.emulator.setSyncReadings({ validateCredentialsUrl: 'any' } as never)).toThrow(/Invalid sync readings: validateCredentialsUrl must be one of/);
		expect(() => session.emulator.setSyncReadings({ missingPartner: 'Request_ResourceNotFound' } as never)).toThrow(/unknown sync reading missingPartner/);
		const keys = Object.keys(DEFAULT_SYNC_READINGS) as Array<keyof SyncReadings>;
		for (const key of keys) {
			const seen = new Set(SYNC_READING_VARIANTS.map((v) => ({ ...DEFAULT_SYNC_READINGS, ...v.readings })[key]));
			expect([key, [...seen].sort()]).toEqual([key, [...syncReadingChoices(key)].sort()]);
		}
		session.emulator.setSyncReadings({ assignmentExists: 'Request_MultipleObjectsWithSameKeyValue' });
		session.emulator.reset();
		expect(session.emulator.syncReadings()).toEqual(DEFAULT_SYNC_READINGS);

		const started = await startEmulator({ syncReadings: { provisionOnDemandResult: 'key' } });
		try {
			expect(started.syncReadings()).toEqual({ ...DEFAULT_SYNC_READINGS, provisionOnDemandResult: 'key' });
			started.setSyncReadings({ validateCredentialsUrl: 'job' });
			started.reset();
			expect(started.syncReadings().validateCredentialsUrl).toBe('both');
			expect(started.syncReadings().provisionOnDemandResult).toBe('key');
		} finally {
			await started.close();
		}
	});

	it('POST /_emulator/sync-readings sets them out of process', async () => {
		const set = await httpsCall(session.emulator.caCertPem, `${session.emulator.url}/_emulator/sync-readings`, { method: 'POST', body: JSON.stringify({ validateCredentialsFailureStatus: 409 }) });
		expect(set.status).toBe(204);
		expect(session.emulator.syncReadings().validateCredentialsFailureStatus).toBe(409);
		const bad = await httpsCall(session.emulator.caCertPem, `${session.emulator.url}/_emulator/sync-readings`, { method: 'POST', body: JSON.stringify({ validateCredentialsFailureStatus: 418 }) });
		expect(bad.status).toBe(400);
	});

	// Every variant, end to end: the happy path's answers a client branches on, as the node's tests will run them.
	describe.each(SYNC_READING_VARIANTS)('under "$name"', ({ readings }) => {
		it('validation fails and then passes through the URL the reading allows; on-demand reports Success; a second assignment is refused', async () => {
			session.emulator.setSyncReadings(readings);
			const chosen = session.emulator.syncReadings();
			const validate = chosen.validateCredentialsUrl === 'job' ? viaJob : viaJobs;
			const failed = await validate();
			expect([failed.status, graphCode(failed)]).toEqual([chosen.validateCredentialsFailureStatus, 'AzureDirectoryB2BManagementPolicyCheckFailure']);
			await graphCall(session.emulator, session.tokens.source, 'PATCH', `/v1.0/policies/crossTenantAccessPolicy/partners/${CONTOSO}`, { automaticUserConsentSettings: { inboundAllowed: false, outboundAllowed: true } });
			expect((await validate()).status).toBe(204);
			expect((await assignAlex()).status).toBe(201);
			const { key, value } = (await provision(ADATUM_USERS.alex)).json<{ key: string; value: string }>();
			const status = chosen.provisionOnDemandResult === 'key' ? (JSON.parse(key) as { result: string }).result : (JSON.parse(value) as Array<{ statusInfo: { status: string } }>)[0].statusInfo.status;
			expect(status).toBe('Success');
			expect((await assignAlex()).status).toBe(chosen.assignmentExists === 'Request_BadRequest' ? 400 : 409);
			const reader = await sourceTokenFor(session.emulator, APPS.adatumSyncReader);
			expect((await graphCall(session.emulator, reader, 'GET', JOB_PATH(config.servicePrincipalId, config.jobId))).status).toBe(200);
		});
	});
});
