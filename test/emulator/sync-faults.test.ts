import { performance } from 'node:perf_hooks';

import {
	INSTANTIATE_PATH,
	JOB_PATH,
	SP_PATH,
	TestClock,
	assign,
	configurePair,
	createConfiguration,
	onDemandBody,
	pairTokens,
	userRuleId,
} from './sync-test-client';
import { ADATUM, ADATUM_USERS, CONTOSO, graphCall, graphCode } from './test-client';
import { useEmulator } from './session';

describe('emulated Graph: faults, throttling, $batch and reset() on the sync routes', () => {
	const clock = new TestClock();

	const session = useEmulator({ syncClock: clock.read, syncCycleMs: 1000, servicePrincipalReplicationMs: 0 }, async (emulator) => ({ tokens: await pairTokens(emulator) }));

	it('a failure rule matches a sync path: 503 with Retry-After, nothing applied; afterApplying applies, then answers the rule', async () => {
		session.emulator.setFaults({ failures: [{ pathIncludes: '/instantiate', status: 503, count: 1, retryAfterSeconds: 2 }] });
		const refused = await graphCall(session.emulator, session.tokens.source, 'POST', INSTANTIATE_PATH, { displayName: 'x' });
		expect([refused.status, graphCode(refused), refused.headers['retry-after']]).toEqual([503, 'ServiceUnavailable', '2']);
		expect(session.emulator.syncState(ADATUM).configurations).toEqual([]);

		const config = await createConfiguration(session.emulator, session.tokens.source);
		session.emulator.setFaults({ failures: [{ pathIncludes: '/start', status: 504, count: 1, afterApplying: true }] });
		const lost = await graphCall(session.emulator, session.tokens.source, 'POST', `${JOB_PATH(config.servicePrincipalId, config.jobId)}/start`);
		expect(lost.status).toBe(504);
		expect(session.emulator.syncState(ADATUM).configurations[0].jobs[0]).toMatchObject({ schedule: { state: 'Active' } });
		expect(session.emulator.graphRequests().at(-1)).toMatchObject({ status: 204, faulted: 'replaced', answeredStatus: 504 });
	});

	it('latencyMs applies to sync requests too', async () => {
		session.emulator.setFaults({ latencyMs: 150 });
		const began = performance.now();
		await graphCall(session.emulator, session.tokens.source, 'GET', '/v1.0/servicePrincipals');
		expect(performance.now() - began).toBeGreaterThanOrEqual(140);
	});

	it('write throttling counts sync writes (per app and tenant); reads stay free', async () => {
		session.emulator.setThrottling({ capacity: 2, refillPerSecond: 0.1 });
		expect((await graphCall(session.emulator, session.tokens.source, 'POST', INSTANTIATE_PATH, { displayName: 'a' })).status).toBe(201);
		expect((await graphCall(session.emulator, session.tokens.source, 'POST', INSTANTIATE_PATH, { displayName: 'b' })).status).toBe(201);
		const throttled = await graphCall(session.emulator, session.tokens.source, 'POST', INSTANTIATE_PATH, { displayName: 'c' });
		expect([throttled.status, graphCode(throttled), throttled.headers['x-ms-throttle-scope']]).toEqual([
			429,
			'TooManyRequests',
			`Tenant_Application/Write/be625093-7a1b-4c2d-8e3f-4a5b6c7d8e9f/${ADATUM}`,
		]);
		expect((await graphCall(session.emulator, session.tokens.source, 'GET', '/v1.0/servicePrincipals')).status).toBe(200);
		expect(session.emulator.syncState(ADATUM).configurations).toHaveLength(2);
		// Contoso's writer has its own bucket.
		expect((await graphCall(session.emulator, session.tokens.target, 'POST', '/v1.0/policies/crossTenantAccessPolicy/partners', { tenantId: ADATUM })).status).toBe(201);
	});

	it('sync calls run as $batch parts, each authorized and answered on its own', async () => {
		await configurePair(session.emulator, session.tokens);
		const config = await createConfiguration(session.emulator, session.tokens.source);
		const body = { appRoleId: config.appRoleId, resourceId: config.servicePrincipalId, principalId: ADATUM_USERS.alex };
		const batch = await graphCall(session.emulator, session.tokens.source, 'POST', '/v1.0/$batch', {
			requests: [
				{ id: '1', method: 'POST', url: `/servicePrincipals/${config.servicePrincipalId}/appRoleAssignedTo`, headers: { 'Content-Type': 'application/json' }, body },
				// A POST part needs a body and Content-Type in a batch (the whole batch is 400 otherwise), even start's.
				{ id: '2', method: 'POST', url: `/servicePrincipals/${config.servicePrincipalId}/synchronization/jobs/${config.jobId}/start`, dependsOn: ['1'], headers: { 'Content-Type': 'application/json' }, body: {} },
				{ id: '3', method: 'GET', url: `/servicePrincipals/${config.servicePrincipalId}/synchronization/jobs/${config.jobId}`, dependsOn: ['2'] },
				{ id: '4', method: 'GET', url: '/users' },
			],
		});
		expect(batch.status).toBe(200);
		const parts = batch.json<{ responses: Array<{ id: string; status: number; body?: { status?: { code: string } } }> }>().responses;
		expect(parts.map((p) => [p.id, p.status])).toEqual([
			['1', 201],
			['2', 204],
			['3', 200],
			['4', 403],
		]);
		expect(parts[2].body?.status?.code).toBe('NotRun');
	});

	it('reset() restores the sync side: configurations, synchronized users, the on-demand window, the clock settings, the readings', async () => {
		await configurePair(session.emulator, session.tokens);
		const config = await createConfiguration(session.emulator, session.tokens.source);
		await assign(session.emulator, session.tokens.source, config, ADATUM_USERS.alex);
		await graphCall(session.emulator, session.tokens.source, 'POST', `${JOB_PATH(config.servicePrincipalId, config.jobId)}/start`);
		const ruleId = await userRuleId(session.emulator, session.tokens.source, config);
		for (let i = 0; i < 5; i++) await graphCall(session.emulator, session.tokens.source, 'POST', `${JOB_PATH(config.servicePrincipalId, config.jobId)}/provisionOnDemand`, onDemandBody(ruleId, ADATUM_USERS.alex));
		session.emulator.setSyncCycleMs(0);
		session.emulator.setServicePrincipalReplicationMs(10_000);
		session.emulator.setProvisionOnDemandRateLimit({ requests: 1, windowMs: 1 });
		session.emulator.setSyncReadings({ validateCredentialsUrl: 'job' });

		session.emulator.reset();
		expect(session.emulator.syncState(ADATUM)).toEqual({ tenantId: ADATUM, configurations: [], synchronizedUsers: [] });
		expect(session.emulator.syncedUsers(CONTOSO)).toEqual([]);
		expect(session.emulator.syncReadings().validateCredentialsUrl).toBe('both');
		const again = await createConfiguration(session.emulator, session.tokens.source);
		// Replication lag back to 0, cycle back to 1000 ms.
		expect((await graphCall(session.emulator, session.tokens.source, 'GET', SP_PATH(again.servicePrincipalId))).status).toBe(200);
		await configurePair(session.emulator, session.tokens);
		await assign(session.emulator, session.tokens.source, again, ADATUM_USERS.alex);
		await graphCall(session.emulator, session.tokens.source, 'POST', `${JOB_PATH(again.servicePrincipalId, again.jobId)}/start`);
		clock.advance(1000);
		expect(session.emulator.syncedUsers(CONTOSO)).toHaveLength(1);
		// The window is empty and Graph's 5 per 10 s again.
		const againRule = await userRuleId(session.emulator, session.tokens.source, again);
		for (let i = 0; i < 5; i++) {
			const answer = await graphCall(session.emulator, session.tokens.source, 'POST', `${JOB_PATH(again.servicePrincipalId, again.jobId)}/provisionOnDemand`, onDemandBody(againRule, ADATUM_USERS.alex));
			expect(answer.status).toBe(200);
		}
	});
});
