import { setTimeout as sleep } from 'node:timers/promises';

import { startEmulator } from './index';
import {
	ASSIGNMENTS_PATH,
	JOB_PATH,
	TestClock,
	assign,
	configurePair,
	createConfiguration,
	getJob,
	pairTokens,
	type Configuration,
} from './sync-test-client';
import { ADATUM, ADATUM_USERS, CONTOSO, PARTNERS_PATH, SYNC_PATH, graphCall, httpsCall } from './test-client';
import type { SyncCycleReport } from './types';
import { useEmulator } from './session';

const CYCLE_MS = 2000;
const iso = (ms: number) => new Date(ms).toISOString();

describe('emulated Graph: sync cycles on a fast clock, quarantine and recovery', () => {
	const clock = new TestClock();

	const session = useEmulator({ syncClock: clock.read, syncCycleMs: CYCLE_MS }, async (emulator) => ({ tokens: await pairTokens(emulator) }));

	/** The pair set up, a configuration for Contoso with Alex assigned, started at the clock's now. */
	const startedConfiguration = async (): Promise<Configuration> => {
		await configurePair(session.emulator, session.tokens);
		const config = await createConfiguration(session.emulator, session.tokens.source);
		await assign(session.emulator, session.tokens.source, config, ADATUM_USERS.alex);
		await graphCall(session.emulator, session.tokens.source, 'POST', `${JOB_PATH(config.servicePrincipalId, config.jobId)}/start`);
		return config;
	};
	const setContosoSync = (isSyncAllowed: boolean) => graphCall(session.emulator, session.tokens.target, 'PATCH', SYNC_PATH(ADATUM), { userSyncInbound: { isSyncAllowed } });

	it('runs the first cycle one interval after start, when the next request (or read) comes', async () => {
		const config = await startedConfiguration();
		const startedAt = clock.now;
		clock.advance(CYCLE_MS - 1);
		expect((await getJob(session.emulator, session.tokens.source, config)).status.code).toBe('NotRun');
		expect(session.emulator.syncedUsers(CONTOSO)).toEqual([]);
		clock.advance(1);
		// An in-process read runs the due cycle as well as a Graph request would.
		expect(session.emulator.syncedUsers(CONTOSO).map((u) => u.sourceObjectId)).toEqual([ADATUM_USERS.alex]);
		const job = await getJob(session.emulator, session.tokens.source, config);
		expect(job.status).toMatchObject({ code: 'Active', lastExecution: { state: 'Succeeded', timeBegan: iso(startedAt + CYCLE_MS) } });
	});

	it('collapses missed intervals into one cycle, stamped with the last due time', async () => {
		const config = await startedConfiguration();
		const startedAt = clock.now;
		clock.advance(CYCLE_MS * 5 + 700);
		const job = await getJob(session.emulator, session.tokens.source, config);
		expect(job.status.lastExecution?.timeBegan).toBe(iso(startedAt + CYCLE_MS * 5));
		expect(session.emulator.syncState(ADATUM).configurations[0].jobs[0].nextCycleAt).toBe(iso(startedAt + CYCLE_MS * 6));
	});

	it('a cycle sees the state before the request that observes it', async () => {
		const config = await startedConfiguration();
		clock.advance(CYCLE_MS);
		// The cycle was due before this PATCH arrived: it still succeeds, and only the next one fails.
		await setContosoSync(false);
		expect((await getJob(session.emulator, session.tokens.source, config)).status.code).toBe('Active');
		clock.advance(CYCLE_MS);
		expect((await getJob(session.emulator, session.tokens.source, config)).status.code).toBe('Quarantine');
	});

	it('quarantines the job when Contoso stops allowing sync; synchronized users stay; each retry counts into the series', async () => {
		const config = await startedConfiguration();
		clock.advance(CYCLE_MS);
		expect(session.emulator.syncedUsers(CONTOSO)).toHaveLength(1);
		await setContosoSync(false);
		clock.advance(CYCLE_MS);
		const failedAt = clock.now;
		const job = await getJob(session.emulator, session.tokens.source, config);
		const error = {
			code: 'AzureDirectoryB2BManagementPolicyCheckFailure',
			message: expect.stringMatching(/^Policy permitting user synchronization from the source tenant not configured in the target tenant/),
			tenantActionable: true,
		};
		expect(job.schedule.state).toBe('Active');
		expect(job.status).toMatchObject({
			code: 'Quarantine',
			countSuccessiveCompleteFailures: 1,
			lastExecution: { state: 'Failed', error, timeBegan: iso(failedAt) },
			lastSuccessfulExecution: { state: 'Succeeded' },
			quarantine: { currentBegan: iso(failedAt), nextAttempt: iso(failedAt + CYCLE_MS), reason: 'EncounteredQuarantineException', seriesBegan: iso(failedAt), seriesCount: 0, error },
			troubleshootingUrl: 'https://learn.microsoft.com/entra/identity/app-provisioning/application-provisioning-quarantine-status',
		});
		expect(session.emulator.syncedUsers(CONTOSO)).toHaveLength(1);

		clock.advance(CYCLE_MS);
		const retried = await getJob(session.emulator, session.tokens.source, config);
		expect(retried.status).toMatchObject({
			code: 'Quarantine',
			countSuccessiveCompleteFailures: 2,
			quarantine: { currentBegan: iso(failedAt + CYCLE_MS), seriesBegan: iso(failedAt), seriesCount: 1 },
		});
	});

	it('turning off inbound redemption in Contoso quarantines too, naming it', async () => {
		const config = await startedConfiguration();
		await graphCall(session.emulator, session.tokens.target, 'PATCH', `${PARTNERS_PATH}/${ADATUM}`, { automaticUserConsentSettings: { inboundAllowed: false, outboundAllowed: false } });
		clock.advance(CYCLE_MS);
		const job = await getJob(session.emulator, session.tokens.source, config);
		expect(job.status.quarantine?.error.message).toMatch(/^Policy permitting auto-redemption of invitations not configured\. Target tenant/);
	});

	it('start after Contoso allows sync again clears quarantine at once; the next cycle succeeds', async () => {
		const config = await startedConfiguration();
		clock.advance(CYCLE_MS);
		await setContosoSync(false);
		clock.advance(CYCLE_MS);
		expect((await getJob(session.emulator, session.tokens.source, config)).status.code).toBe('Quarantine');
		await setContosoSync(true);
		expect((await graphCall(session.emulator, session.tokens.source, 'POST', `${JOB_PATH(config.servicePrincipalId, config.jobId)}/start`)).status).toBe(204);
		const restarted = await getJob(session.emulator, session.tokens.source, config);
		expect(restarted.status).toMatchObject({ code: 'Active', quarantine: null });
		clock.advance(CYCLE_MS);
		expect((await getJob(session.emulator, session.tokens.source, config)).status).toMatchObject({ code: 'Active', countSuccessiveCompleteFailures: 0, lastExecution: { state: 'Succeeded' } });
	});

	it('a quarantined job also recovers on its own at the next retry once the target is fixed', async () => {
		const config = await startedConfiguration();
		await setContosoSync(false);
		clock.advance(CYCLE_MS);
		expect((await getJob(session.emulator, session.tokens.source, config)).status.code).toBe('Quarantine');
		await setContosoSync(true);
		clock.advance(CYCLE_MS);
		expect((await getJob(session.emulator, session.tokens.source, config)).status).toMatchObject({ code: 'Active', quarantine: null });
	});

	it('a job without saved secrets quarantines at its first cycle, naming the missing credentials', async () => {
		await configurePair(session.emulator, session.tokens);
		const config = await createConfiguration(session.emulator, session.tokens.source, { secrets: false });
		await graphCall(session.emulator, session.tokens.source, 'POST', `${JOB_PATH(config.servicePrincipalId, config.jobId)}/start`);
		clock.advance(CYCLE_MS);
		expect((await getJob(session.emulator, session.tokens.source, config)).status.quarantine?.error.message).toMatch(/CompanyId/);
	});

	it('an unassigned user is no longer updated but stays in the target', async () => {
		const config = await startedConfiguration();
		clock.advance(CYCLE_MS);
		const assignments = (await graphCall(session.emulator, session.tokens.source, 'GET', ASSIGNMENTS_PATH(config.servicePrincipalId))).json<{ value: Array<{ id: string }> }>();
		await graphCall(session.emulator, session.tokens.source, 'DELETE', `${ASSIGNMENTS_PATH(config.servicePrincipalId)}/${assignments.value[0].id}`);
		clock.advance(CYCLE_MS);
		expect((await getJob(session.emulator, session.tokens.source, config)).status.lastExecution).toMatchObject({ state: 'Succeeded', countExported: 0 });
		expect(session.emulator.syncedUsers(CONTOSO)).toHaveLength(1);
	});

	describe('runSyncCycle and the clock settings', () => {
		it('runSyncCycle() runs every started job now and reports; jobId picks one; paused or unknown jobs run nothing', async () => {
			const config = await startedConfiguration();
			const paused = await createConfiguration(session.emulator, session.tokens.source);
			const reports = session.emulator.runSyncCycle();
			expect(reports).toEqual<SyncCycleReport[]>([
				{ tenantId: ADATUM, servicePrincipalId: config.servicePrincipalId, jobId: config.jobId, state: 'Succeeded', created: [session.emulator.syncedUsers(CONTOSO)[0].id], updated: [] },
			]);
			expect(session.emulator.runSyncCycle({ jobId: paused.jobId })).toEqual([]);
			expect(session.emulator.runSyncCycle({ jobId: config.jobId })).toEqual([expect.objectContaining({ jobId: config.jobId, created: [] })]);
			expect(() => session.emulator.runSyncCycle({ jobId: 'Azure2Azure.none.none' })).toThrow(/no job/);
			// The explicit cycle moves the next one a full interval on.
			expect(session.emulator.syncState(ADATUM).configurations[0].jobs[0].nextCycleAt).toBe(iso(clock.now + CYCLE_MS));
		});

		it('POST /_emulator/sync-cycle runs one out of process and answers the reports', async () => {
			await configurePair(session.emulator, session.tokens, { syncAllowed: false });
			const config = await createConfiguration(session.emulator, session.tokens.source);
			await graphCall(session.emulator, session.tokens.source, 'POST', `${JOB_PATH(config.servicePrincipalId, config.jobId)}/start`);
			const answer = await httpsCall(session.emulator.caCertPem, `${session.emulator.url}/_emulator/sync-cycle`, { method: 'POST' });
			expect(answer.status).toBe(200);
			expect(answer.json<SyncCycleReport[]>()).toEqual([expect.objectContaining({ state: 'Failed', error: expect.objectContaining({ code: 'AzureDirectoryB2BManagementPolicyCheckFailure' }) })]);
		});

		it('setSyncCycleMs re-times started jobs from now; 0 leaves cycles to runSyncCycle; the admin route sets it; reset() restores it', async () => {
			const config = await startedConfiguration();
			session.emulator.setSyncCycleMs(0);
			clock.advance(CYCLE_MS * 10);
			expect((await getJob(session.emulator, session.tokens.source, config)).status.code).toBe('NotRun');
			expect(session.emulator.syncState(ADATUM).configurations[0].jobs[0].nextCycleAt).toBeNull();
			expect((await graphCall(session.emulator, undefined, 'POST', '/_emulator/sync-settings', { syncCycleMs: 500 })).status).toBe(204);
			clock.advance(499);
			expect((await getJob(session.emulator, session.tokens.source, config)).status.code).toBe('NotRun');
			clock.advance(1);
			expect((await getJob(session.emulator, session.tokens.source, config)).status.code).toBe('Active');
			expect(() => session.emulator.setSyncCycleMs(-5)).toThrow(/syncCycleMs/);
			expect((await graphCall(session.emulator, undefined, 'POST', '/_emulator/sync-settings', { syncCycleMs: 'fast' })).status).toBe(400);

			session.emulator.reset();
			const again = await startedConfiguration();
			clock.advance(CYCLE_MS);
			expect((await getJob(session.emulator, session.tokens.source, again)).status.code).toBe('Active');
		});
	});

	it('with the real clock (default Date.now) a started job turns Active by itself', async () => {
		const live = await startEmulator({ syncCycleMs: 50 });
		try {
			const liveTokens = await pairTokens(live);
			await configurePair(live, liveTokens);
			const config = await createConfiguration(live, liveTokens.source);
			await assign(live, liveTokens.source, config, ADATUM_USERS.alex);
			await graphCall(live, liveTokens.source, 'POST', `${JOB_PATH(config.servicePrincipalId, config.jobId)}/start`);
			// No timing is asserted: only that the cycle comes, well within the deadline.
			const deadline = Date.now() + 10_000;
			let code = '';
			while (code !== 'Active' && Date.now() < deadline) {
				await sleep(25);
				code = (await getJob(live, liveTokens.source, config)).status.code;
			}
			expect(code).toBe('Active');
			expect(live.syncedUsers(CONTOSO)).toHaveLength(1);
		} finally {
			await live.close();
		}
	});
});
