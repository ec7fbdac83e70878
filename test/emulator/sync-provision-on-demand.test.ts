import {
	JOB_PATH,
	TestClock,
	assign,
	configurePair,
	createConfiguration,
	getJob,
	onDemandBody,
	pairTokens,
	userRuleId,
	type Configuration,
} from './sync-test-client';
import { ADATUM, ADATUM_GROUPS, ADATUM_USERS, CONTOSO, SYNC_PATH, graphCall, graphCode } from './test-client';
import { useEmulator } from './session';

interface OnDemandResult {
	action: string;
	provisioningSteps: Array<{ name: string; type: string; status: string; description: string }>;
	statusInfo: { status: string; errorCode: string | null; reason: string | null };
	sourceIdentity: { id: string | null };
	targetIdentity: { id: string | null };
}

describe('emulated Graph: provisionOnDemand', () => {
	let config: Configuration;
	let ruleId: string;
	const clock = new TestClock();

	const session = useEmulator({ syncClock: clock.read, syncCycleMs: 0 }, async (emulator) => ({ tokens: await pairTokens(emulator) }));
	beforeEach(async () => {
		await configurePair(session.emulator, session.tokens);
		config = await createConfiguration(session.emulator, session.tokens.source);
		ruleId = await userRuleId(session.emulator, session.tokens.source, config);
		await assign(session.emulator, session.tokens.source, config, ADATUM_USERS.alex);
		await assign(session.emulator, session.tokens.source, config, ADATUM_GROUPS.sales);
	});

	const provision = (objectId: string, objectTypeName = 'User', rule = ruleId, target = config) =>
		graphCall(session.emulator, session.tokens.source, 'POST', `${JOB_PATH(target.servicePrincipalId, target.jobId)}/provisionOnDemand`, onDemandBody(rule, objectId, objectTypeName));
	/** The result under the default reading: key names the type, value a JSON array of one result. */
	const result = async (objectId: string) => {
		const answer = await provision(objectId);
		expect(answer.status).toBe(200);
		const body = answer.json<{ '@odata.context': string; key: string; value: string }>();
		expect(body['@odata.context']).toBe(`${session.emulator.url}/v1.0/$metadata#microsoft.graph.stringKeyStringValuePair`);
		expect(body.key).toBe('Microsoft.Identity.Health.CPP.Common.DataContracts.SyncFabric.StatusInfo');
		const results = JSON.parse(body.value) as OnDemandResult[];
		expect(results).toHaveLength(1);
		return results[0];
	};

	it('provisions one assigned user now, before the job is even started (200, Success, Create)', async () => {
		const created = await result(ADATUM_USERS.alex);
		expect(created.action).toBe('Create');
		expect(created.statusInfo).toMatchObject({ status: 'Success', errorCode: null });
		expect(created.provisioningSteps.map((s) => [s.name, s.status])).toEqual([
			['EntryImport', 'Success'],
			['EntrySynchronizationScoping', 'Success'],
			['EntryExportAdd', 'Success'],
		]);
		const synced = session.emulator.syncedUsers(CONTOSO);
		expect(synced).toEqual([expect.objectContaining({ sourceObjectId: ADATUM_USERS.alex, userType: 'Member', externalUserState: 'Accepted', jobId: config.jobId })]);
		expect(created.targetIdentity.id).toBe(synced[0].id);
		// The job itself did not run.
		expect((await getJob(session.emulator, session.tokens.source, config)).status).toMatchObject({ code: 'Paused', lastExecution: null });
	});

	it('a direct member of an assigned group is in scope; a second call finds nothing to do (Skipped, RedundantExport)', async () => {
		expect((await result(ADATUM_USERS.megan)).statusInfo.status).toBe('Success');
		const again = await result(ADATUM_USERS.megan);
		expect(again.statusInfo).toMatchObject({ status: 'Skipped', errorCode: 'RedundantExport' });
		expect(again.provisioningSteps.at(-1)).toMatchObject({ name: 'EntrySynchronizationSkip', status: 'Skipped' });
		expect(session.emulator.syncedUsers(CONTOSO)).toHaveLength(1);
	});

	it.each([
		['an unassigned member', ADATUM_USERS.diego, 'NotEffectivelyEntitled'],
		['a guest, even in an assigned group', ADATUM_USERS.gail, 'NotInternalMember'],
	])('%s is not in scope: 200 with a Skipped result saying why, nothing created', async (_name, objectId, errorCode) => {
		const skipped = await result(objectId);
		expect(skipped.statusInfo).toMatchObject({ status: 'Skipped', errorCode, reason: expect.any(String) });
		expect(skipped.provisioningSteps.map((s) => [s.name, s.status])).toEqual([
			['EntryImport', 'Success'],
			['EntrySynchronizationScoping', 'Skipped'],
		]);
		expect(session.emulator.syncedUsers(CONTOSO)).toEqual([]);
	});

	it('when Contoso does not allow sync: 200 with a Failed result naming the policy; an unknown user: Failed SourceObjectNotFound', async () => {
		await graphCall(session.emulator, session.tokens.target, 'PATCH', SYNC_PATH(ADATUM), { userSyncInbound: { isSyncAllowed: false } });
		const failed = await result(ADATUM_USERS.alex);
		expect(failed.statusInfo).toMatchObject({
			status: 'Failed',
			errorCode: 'AzureDirectoryB2BManagementPolicyCheckFailure',
			reason: expect.stringMatching(/userSyncInbound\.isSyncAllowed/),
		});
		expect((await result('99999999-9999-4999-8999-999999999999')).statusInfo).toMatchObject({ status: 'Failed', errorCode: 'SourceObjectNotFound' });
		expect(session.emulator.syncedUsers(CONTOSO)).toEqual([]);
	});

	it('refuses groups (unsupported for cross-tenant sync), another rule id, malformed bodies (400)', async () => {
		// Every call counts against the 5 per 10 s, malformed ones too: this test is about the 400s.
		session.emulator.setProvisionOnDemandRateLimit({ requests: 100, windowMs: 10_000 });
		const bad = async (answer: Promise<{ status: number; text: string }>) => {
			const reply = await answer;
			return `${reply.status} ${JSON.parse(reply.text).error.code as string}`;
		};
		expect(await bad(provision(ADATUM_GROUPS.sales, 'Group'))).toBe('400 BadRequest');
		expect(await bad(provision(ADATUM_USERS.alex, 'User', '00000000-0000-4000-8000-000000000000'))).toBe('400 BadRequest');
		expect(await bad(provision(ADATUM_USERS.alex, 'Device'))).toBe('400 BadRequest');
		const path = `${JOB_PATH(config.servicePrincipalId, config.jobId)}/provisionOnDemand`;
		expect(await bad(graphCall(session.emulator, session.tokens.source, 'POST', path, { parameters: [] }))).toBe('400 BadRequest');
		expect(await bad(graphCall(session.emulator, session.tokens.source, 'POST', path, { parameters: [{ ruleId, subjects: [] }] }))).toBe('400 BadRequest');
		expect(await bad(graphCall(session.emulator, session.tokens.source, 'POST', path, { ...onDemandBody(ruleId, ADATUM_USERS.alex), extra: 1 }))).toBe('400 BadRequest');
		// objectTypeName is read case-insensitively (the reference's second example sends "user").
		expect((await provision(ADATUM_USERS.alex, 'user')).status).toBe(200);
	});

	describe('5 requests per 10 seconds', () => {
		it('the sixth call within 10 s is 429 TooManyRequests with Retry-After, provisions nothing; the window slides', async () => {
			for (let i = 0; i < 5; i++) {
				expect((await provision(ADATUM_USERS.lee)).status).toBe(200);
				clock.advance(1000);
			}
			// Calls at t = 0 … 4 s; now t = 5 s: the first leaves the window at t = 10 s.
			const refused = await provision(ADATUM_USERS.alex);
			expect([refused.status, graphCode(refused), refused.headers['retry-after']]).toEqual([429, 'TooManyRequests', '5']);
			expect(session.emulator.syncedUsers(CONTOSO).map((u) => u.sourceObjectId)).toEqual([ADATUM_USERS.lee]);
			clock.advance(4999);
			expect((await provision(ADATUM_USERS.alex)).headers['retry-after']).toBe('1');
			clock.advance(1);
			expect((await provision(ADATUM_USERS.alex)).status).toBe(200);
			expect((await provision(ADATUM_USERS.alex)).status).toBe(429);
		});

		it('counts per job under the default reading: another job has its own window', async () => {
			for (let i = 0; i < 5; i++) await provision(ADATUM_USERS.lee);
			expect((await provision(ADATUM_USERS.lee)).status).toBe(429);
			const other = await createConfiguration(session.emulator, session.tokens.source, { displayName: 'Contoso 2' });
			await assign(session.emulator, session.tokens.source, other, ADATUM_USERS.alex);
			const otherRule = await userRuleId(session.emulator, session.tokens.source, other);
			expect((await provision(ADATUM_USERS.alex, 'User', otherRule, other)).status).toBe(200);
		});

		it('provisionOnDemandRateLimit (setter, admin route; also a StartOption) changes the limit', async () => {
			session.emulator.setProvisionOnDemandRateLimit({ requests: 1, windowMs: 60_000 });
			expect((await provision(ADATUM_USERS.lee)).status).toBe(200);
			const refused = await provision(ADATUM_USERS.lee);
			expect([refused.status, refused.headers['retry-after']]).toEqual([429, '60']);
			expect((await graphCall(session.emulator, undefined, 'POST', '/_emulator/sync-settings', { provisionOnDemandRateLimit: null })).status).toBe(204);
			// The calls counted stay counted, now measured against 5 per 10 s: 60 s have not passed but only one call was made.
			expect((await provision(ADATUM_USERS.lee)).status).toBe(200);
			expect(() => session.emulator.setProvisionOnDemandRateLimit({ requests: 0, windowMs: 1 })).toThrow(/provisionOnDemandRateLimit/);
			expect((await graphCall(session.emulator, undefined, 'POST', '/_emulator/sync-settings', { provisionOnDemandRateLimit: { requests: 2 } })).status).toBe(400);
		});
	});
});
