import {
	INSTANTIATE_PATH,
	JOBS_PATH,
	JOB_PATH,
	SECRETS_PATH,
	SP_PATH,
	TestClock,
	configurePair,
	createConfiguration,
	getJob,
	pairTokens,
	secretsBody,
	type Configuration,
} from './sync-test-client';
import { ADATUM, APPS, CONTOSO, graphCall, graphCode } from './test-client';
import { stableGuid } from './guid';
import { useEmulator } from './session';

const NEVER = '0001-01-01T00:00:00Z';

describe('emulated Graph: synchronization jobs, their schema, secrets and life cycle', () => {
	const clock = new TestClock();

	const session = useEmulator({ syncClock: clock.read, syncCycleMs: 0 }, async (emulator) => ({ tokens: await pairTokens(emulator) }));

	const instantiate = async () =>
		(await graphCall(session.emulator, session.tokens.source, 'POST', INSTANTIATE_PATH, { displayName: 'Contoso' })).json<{ servicePrincipal: { id: string } }>().servicePrincipal.id;
	const action = (config: Configuration, name: string, body?: unknown) => graphCall(session.emulator, session.tokens.source, 'POST', `${JOB_PATH(config.servicePrincipalId, config.jobId)}/${name}`, body);

	it('POST …/jobs {templateId: Azure2Azure} → 201 with the guide\'s job: Disabled, Paused, nothing run yet', async () => {
		const spId = await instantiate();
		const answer = await graphCall(session.emulator, session.tokens.source, 'POST', JOBS_PATH(spId), { templateId: 'Azure2Azure' });
		expect(answer.status).toBe(201);
		const job = answer.json<{ id: string }>();
		expect(job.id).toMatch(new RegExp(`^Azure2Azure\\.${ADATUM.replace(/-/g, '')}\\.[0-9a-f]{32}$`));
		expect(answer.json()).toEqual({
			'@odata.context': `${session.emulator.url}/v1.0/$metadata#servicePrincipals('${spId}')/synchronization/jobs/$entity`,
			id: job.id,
			templateId: 'Azure2Azure',
			schedule: { expiration: null, interval: 'PT40M', state: 'Disabled' },
			status: {
				code: 'Paused',
				countSuccessiveCompleteFailures: 0,
				escrowsPruned: false,
				lastExecution: null,
				lastSuccessfulExecution: null,
				lastSuccessfulExecutionWithExports: null,
				quarantine: null,
				steadyStateFirstAchievedTime: NEVER,
				steadyStateLastAchievedTime: NEVER,
				troubleshootingUrl: null,
				progress: [],
				synchronizedEntryCountByType: [],
			},
			synchronizationJobSettings: [
				{ name: 'AzureIngestionAttributeOptimization', value: 'False' },
				{ name: 'LookaheadQueryEnabled', value: 'False' },
			],
		});
		const listed = await graphCall(session.emulator, session.tokens.source, 'GET', JOBS_PATH(spId));
		expect(listed.json()).toEqual({ '@odata.context': `${session.emulator.url}/v1.0/$metadata#servicePrincipals('${spId}')/synchronization/jobs`, value: [expect.objectContaining({ id: job.id })] });
		const got = await graphCall(session.emulator, session.tokens.source, 'GET', JOB_PATH(spId, job.id));
		expect(got.json()).toEqual(answer.json());
	});

	it('refuses another template, a service principal not from the gallery template, a body without templateId (400)', async () => {
		const spId = await instantiate();
		expect(graphCode(await graphCall(session.emulator, session.tokens.source, 'POST', JOBS_PATH(spId), { templateId: 'BoxOutDelta' }))).toBe('BadRequest');
		expect((await graphCall(session.emulator, session.tokens.source, 'POST', JOBS_PATH(spId), {})).status).toBe(400);
		expect((await graphCall(session.emulator, session.tokens.source, 'POST', JOBS_PATH(spId), { templateId: 'Azure2Azure', schedule: {} })).status).toBe(400);
		const writerSp = stableGuid('service-principal', ADATUM, APPS.adatumWriter.clientId);
		expect((await graphCall(session.emulator, session.tokens.source, 'GET', SP_PATH(writerSp))).status).toBe(200);
		expect(graphCode(await graphCall(session.emulator, session.tokens.source, 'POST', JOBS_PATH(writerSp), { templateId: 'Azure2Azure' }))).toBe('BadRequest');
	});

	it('GET …/jobs/{id}/schema has the USER_INBOUND_USER rule, whose id differs per job', async () => {
		const first = await createConfiguration(session.emulator, session.tokens.source);
		const second = await createConfiguration(session.emulator, session.tokens.source);
		const schemaOf = async (config: Configuration) => {
			const answer = await graphCall(session.emulator, session.tokens.source, 'GET', `${JOB_PATH(config.servicePrincipalId, config.jobId)}/schema`);
			expect(answer.status).toBe(200);
			return answer.json<{ '@odata.context': string; id: string; synchronizationRules: Array<{ id: string; name: string; sourceDirectoryName: string; targetDirectoryName: string }> }>();
		};
		const schema = await schemaOf(first);
		expect(schema['@odata.context']).toBe(`${session.emulator.url}/v1.0/$metadata#servicePrincipals('${first.servicePrincipalId}')/synchronization/jobs('${first.jobId}')/schema/$entity`);
		expect(schema.id).toBe(first.jobId);
		expect(schema.synchronizationRules).toEqual([
			expect.objectContaining({
				id: expect.stringMatching(/^[0-9a-f-]{36}$/),
				name: 'USER_INBOUND_USER',
				priority: 1,
				sourceDirectoryName: 'Azure Active Directory',
				targetDirectoryName: 'Azure Active Directory (target tenant)',
			}),
		]);
		expect((await schemaOf(second)).synchronizationRules[0].id).not.toBe(schema.synchronizationRules[0].id);
	});

	it('DELETE …/jobs/{id} → 204, then 404; an unknown job is 404', async () => {
		const config = await createConfiguration(session.emulator, session.tokens.source);
		expect((await graphCall(session.emulator, session.tokens.source, 'DELETE', JOB_PATH(config.servicePrincipalId, config.jobId))).status).toBe(204);
		for (const [method, path] of [
			['GET', JOB_PATH(config.servicePrincipalId, config.jobId)],
			['DELETE', JOB_PATH(config.servicePrincipalId, config.jobId)],
			['POST', `${JOB_PATH(config.servicePrincipalId, config.jobId)}/start`],
			['GET', `${JOB_PATH(config.servicePrincipalId, config.jobId)}/schema`],
		]) {
			const answer = await graphCall(session.emulator, session.tokens.source, method, path);
			expect([method, path, answer.status, graphCode(answer)]).toEqual([method, path, 404, 'Request_ResourceNotFound']);
		}
		expect((await graphCall(session.emulator, session.tokens.source, 'GET', JOBS_PATH(config.servicePrincipalId))).json<{ value: unknown[] }>().value).toEqual([]);
		expect((await graphCall(session.emulator, session.tokens.source, 'POST', `${JOB_PATH(config.servicePrincipalId, config.jobId)}/nope`)).status).toBe(400);
	});

	describe('start, pause, restart', () => {
		it('start → 204, schedule Active and NotRun; a second start changes nothing; pause → Paused; start again → NotRun until a cycle', async () => {
			const config = await createConfiguration(session.emulator, session.tokens.source);
			const started = await action(config, 'start');
			expect([started.status, started.text]).toEqual([204, '']);
			let job = await getJob(session.emulator, session.tokens.source, config);
			expect([job.schedule.state, job.status.code]).toEqual(['Active', 'NotRun']);
			expect((await action(config, 'start')).status).toBe(204);
			expect((await getJob(session.emulator, session.tokens.source, config)).status.code).toBe('NotRun');
			expect((await action(config, 'pause')).status).toBe(204);
			job = await getJob(session.emulator, session.tokens.source, config);
			expect([job.schedule.state, job.status.code]).toEqual(['Paused', 'Paused']);
			// A paused job runs no cycle.
			expect(session.emulator.runSyncCycle()).toEqual([]);
			await action(config, 'start');
			expect((await getJob(session.emulator, session.tokens.source, config)).status.code).toBe('NotRun');
		});

		it('after a completed cycle, pause then start answers Active (not NotRun)', async () => {
			await configurePair(session.emulator, session.tokens);
			const config = await createConfiguration(session.emulator, session.tokens.source);
			await action(config, 'start');
			session.emulator.runSyncCycle();
			await action(config, 'pause');
			await action(config, 'start');
			expect((await getJob(session.emulator, session.tokens.source, config)).status.code).toBe('Active');
		});

		it('restart accepts each documented resetScope, comma-separated combinations, empty, or no body (204)', async () => {
			const config = await createConfiguration(session.emulator, session.tokens.source);
			const scopes = ['None', 'ConnectorDataStore', 'Escrows', 'Watermark', 'QuarantineState', 'Full', 'ForceDeletes', 'Watermark, Escrows, QuarantineState', ''];
			for (const resetScope of scopes) {
				const answer = await action(config, 'restart', { criteria: { resetScope } });
				expect([resetScope, answer.status]).toEqual([resetScope, 204]);
			}
			expect((await action(config, 'restart')).status).toBe(204);
			expect((await action(config, 'restart', {})).status).toBe(204);
			expect((await action(config, 'restart', { criteria: {} })).status).toBe(204);
			const job = await getJob(session.emulator, session.tokens.source, config);
			expect([job.schedule.state, job.status.code]).toEqual(['Active', 'NotRun']);
		});

		it('restart refuses an unknown or miscased resetScope value and unknown properties (400), changing nothing', async () => {
			const config = await createConfiguration(session.emulator, session.tokens.source);
			for (const body of [
				{ criteria: { resetScope: 'Everything' } },
				{ criteria: { resetScope: 'Watermark, Nope' } },
				{ criteria: { resetScope: 'watermark' } },
				{ criteria: { resetScope: 3 } },
				{ criteria: { scope: 'Full' } },
				{ criteria: 'Full' },
				{ resetScope: 'Full' },
			]) {
				const answer = await action(config, 'restart', body);
				expect([JSON.stringify(body), answer.status, graphCode(answer)]).toEqual([JSON.stringify(body), 400, 'BadRequest']);
			}
			expect((await getJob(session.emulator, session.tokens.source, config)).schedule.state).toBe('Disabled');
		});

		it('restart with QuarantineState lifts quarantine; with only Escrows it stays quarantined', async () => {
			await configurePair(session.emulator, session.tokens, { syncAllowed: false });
			const config = await createConfiguration(session.emulator, session.tokens.source);
			await action(config, 'start');
			session.emulator.runSyncCycle();
			expect((await getJob(session.emulator, session.tokens.source, config)).status.code).toBe('Quarantine');
			await action(config, 'restart', { criteria: { resetScope: 'Escrows' } });
			expect((await getJob(session.emulator, session.tokens.source, config)).status).toMatchObject({ code: 'Quarantine', quarantine: { reason: 'EncounteredQuarantineException' } });
			await action(config, 'restart', { criteria: { resetScope: 'QuarantineState' } });
			expect((await getJob(session.emulator, session.tokens.source, config)).status).toMatchObject({ code: 'NotRun', quarantine: null });
		});
	});

	describe('secrets', () => {
		it('PUT {value: [{key, value}]} → 204 and stored; Graph has no way to read them back (GET 405)', async () => {
			const config = await createConfiguration(session.emulator, session.tokens.source, { secrets: false });
			expect(session.emulator.syncState(ADATUM).configurations[0].secretKeys).toBeNull();
			const put = await graphCall(session.emulator, session.tokens.source, 'PUT', SECRETS_PATH(config.servicePrincipalId), secretsBody(CONTOSO));
			expect([put.status, put.text]).toEqual([204, '']);
			expect(session.emulator.syncState(ADATUM).configurations[0].secretKeys).toEqual(['AuthenticationType', 'CompanyId', 'SyncNotificationSettings', 'SyncAll']);
			const get = await graphCall(session.emulator, session.tokens.source, 'GET', SECRETS_PATH(config.servicePrincipalId));
			expect([get.status, graphCode(get)]).toEqual([405, 'Request_BadRequest']);
			// PUT replaces: what a second PUT leaves out is gone.
			await graphCall(session.emulator, session.tokens.source, 'PUT', SECRETS_PATH(config.servicePrincipalId), { value: [{ key: 'CompanyId', value: CONTOSO }] });
			expect(session.emulator.syncState(ADATUM).configurations[0].secretKeys).toEqual(['CompanyId']);
		});

		it('refuses keys that are not synchronizationSecret values, non-string values, a missing value list (400)', async () => {
			const config = await createConfiguration(session.emulator, session.tokens.source, { secrets: false });
			for (const body of [
				{ value: [{ key: 'TargetTenant', value: CONTOSO }] },
				{ value: [{ key: 'companyid', value: CONTOSO }] },
				{ value: [{ key: 'CompanyId', value: 42 }] },
				{ value: [{ key: 'CompanyId', value: CONTOSO, extra: 1 }] },
				{ value: 'CompanyId' },
				{ credentials: [{ key: 'CompanyId', value: CONTOSO }] },
				{},
			]) {
				const answer = await graphCall(session.emulator, session.tokens.source, 'PUT', SECRETS_PATH(config.servicePrincipalId), body);
				expect([JSON.stringify(body), answer.status]).toEqual([JSON.stringify(body), 400]);
			}
			expect(session.emulator.syncState(ADATUM).configurations[0].secretKeys).toBeNull();
		});
	});
});
