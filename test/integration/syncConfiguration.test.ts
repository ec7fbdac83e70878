import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { callLog } from '../harness/graphLog';
import { NODE_NAME, nodeWorkflow } from '../harness/nodeWorkflow';
import { nodeResult } from '../harness/runWorkflow';
import { SYNC_READING_VARIANTS } from '../emulator/sync-readings';
import { configurePair, pairTokens } from '../emulator/sync-test-client';
import type { PairSettings } from '../emulator/sync-test-client';
import { ADATUM, ADATUM_GROUPS, ADATUM_USERS, addCredential, APPS, CONTOSO, secretCredential, useEmulatorSession } from '../support/fixtures';

const TEMPLATE = '518e5f48-1fc8-4c48-9387-9fdf28b0dfe7';
const SPS = '/v1.0/servicePrincipals';
const byId = (value: string) => ({ __rl: true, mode: 'id', value });
const byName = (value: string) => ({ __rl: true, mode: 'name', value });

/**
 * Sync Configuration in the source tenant (Adatum) against a target (Contoso), through real n8n-core and the
 * emulator's two tenants: the test connection reads Contoso's partner policy for Adatum.
 */
describe('Sync Configuration through real n8n-core against the emulator', () => {
	const session = useEmulatorSession();
	let source: { id: string; name: string };

	beforeEach(() => {
		source = addCredential(session.n8n, secretCredential(session.emulator, APPS.adatumWriter, ADATUM), 'adatum');
	});

	const pair = async (settings: PairSettings = {}) => {
		await configurePair(session.emulator, await pairTokens(session.emulator), settings);
		session.emulator.clearRequests();
	};
	const run = async (parameters: INodeParameters, credential = source, items?: IDataObject[]) =>
		nodeResult(await session.n8n.execute(nodeWorkflow({ parameters: { resource: 'syncConfiguration', ...parameters }, credential, items })), NODE_NAME);
	const create = (options: INodeParameters = {}, displayName = 'Contoso', targetTenantId = CONTOSO) => run({ operation: 'create', displayName, targetTenantId, options });
	const configurations = () => session.emulator.syncState(ADATUM).configurations;
	const created = async (options: INodeParameters = {}) => {
		const { items, error } = await create(options);
		expect(error).toBeUndefined();
		session.emulator.clearRequests();
		return items[0].json as { configurationId: string; jobId: string; applicationId: string; appId: string };
	};

	describe('Create', () => {
		it('instantiates the gallery app, tests the connection, creates the job and saves the secrets', async () => {
			await pair();
			const { items, error } = await create();
			expect(error).toBeUndefined();
			const [configuration] = configurations();
			const sp = configuration.servicePrincipal as IDataObject;
			const job = (configuration.jobs as IDataObject[])[0];
			expect(items[0].json).toMatchObject({
				success: true,
				operation: 'create',
				action: 'created',
				configurationId: sp.id,
				applicationId: (configuration.application as IDataObject).id,
				appId: sp.appId,
				displayName: 'Contoso',
				targetTenantId: CONTOSO,
				jobId: job.id,
				jobStatus: 'Paused',
			});
			expect(callLog(session.emulator).map((line) => line.replace(String(sp.id), '{sp}').replace(String(job.id), '{job}'))).toEqual([
				`GET ${SPS} → 200`,
				`POST /v1.0/applicationTemplates/${TEMPLATE}/instantiate → 201`,
				`GET ${SPS}/{sp} → 200`,
				`POST ${SPS}/{sp}/synchronization/jobs/validateCredentials → 204`,
				`POST ${SPS}/{sp}/synchronization/jobs → 201`,
				`PUT ${SPS}/{sp}/synchronization/secrets → 204`,
			]);
			expect(session.emulator.graphRequests()[0].query.$filter).toBe(`applicationTemplateId eq '${TEMPLATE}' and displayName eq 'Contoso'`);
			expect(configuration.secretKeys).toEqual(expect.arrayContaining(['CompanyId', 'AuthenticationType', 'SyncNotificationSettings', 'SyncAll']));
		});

		it('takes the target by verified domain, and starts the job when asked', async () => {
			await pair();
			const { items, error } = await create({ startJob: true }, 'Contoso', 'contoso.com');
			expect(error).toBeUndefined();
			expect(items[0].json).toMatchObject({ action: 'created', targetTenantId: CONTOSO, jobStatus: 'NotRun' });
			expect(((configurations()[0].jobs as IDataObject[])[0].schedule as IDataObject).state).toBe('Active');
		});

		it('a failed test connection deletes what the item created and names what is missing, in which tenant', async () => {
			await pair({ syncAllowed: false });
			const { error } = await create();
			expect(error?.message).toBe(`Tenant ${CONTOSO} does not yet allow cross-tenant synchronization from this tenant (the test connection failed) [item 0, AzureDirectoryB2BManagementPolicyCheckFailure]`);
			expect(error?.description).toContain('was deleted again: nothing half-made is left');
			expect(error?.description).toContain(`In the target tenant ${CONTOSO}, with its credential`);
			expect(error?.description).toMatch(/Graph detail: .*/);
			expect(configurations()).toEqual([]);
		});

		it('If Exists: Error fails naming the existing configuration; Use Existing outputs it and creates nothing', async () => {
			await pair();
			const first = await created();
			const { error } = await create();
			expect(error?.message).toContain(`A cross-tenant sync configuration named "Contoso" exists already (${first.configurationId})`);
			session.emulator.clearRequests();
			const { items } = await create({ ifExists: 'useExisting' });
			expect(items[0].json).toMatchObject({ action: 'existing', changed: false, configurationId: first.configurationId, jobId: first.jobId, targetTenantId: CONTOSO });
			expect(session.emulator.graphRequests().every((r) => r.method === 'GET')).toBe(true);
			expect(configurations()).toHaveLength(1);
		});

		it('dry run looks for an existing configuration and outputs the requests it would send, writing nothing', async () => {
			const { items, error } = await create({ dryRun: true, startJob: true });
			expect(error).toBeUndefined();
			expect(callLog(session.emulator)).toEqual([`GET ${SPS} → 200`]);
			const requests = (items[0].json.requests as IDataObject[]).map((r) => `${String(r.method)} ${String(r.url).replace(session.emulator.url, '')}`);
			expect(requests).toEqual([
				`POST /v1.0/applicationTemplates/${TEMPLATE}/instantiate`,
				`POST ${SPS}/{servicePrincipalId}/synchronization/jobs/validateCredentials`,
				`POST ${SPS}/{servicePrincipalId}/synchronization/jobs`,
				`PUT ${SPS}/{servicePrincipalId}/synchronization/secrets`,
				`POST ${SPS}/{servicePrincipalId}/synchronization/jobs/{jobId}/start`,
			]);
			expect(items[0].json).toMatchObject({ dryRun: true, action: 'created', displayName: 'Contoso', targetTenantId: CONTOSO });
			expect(configurations()).toEqual([]);
		});

		it('waits for a new service principal that Graph cannot read yet (replication)', async () => {
			await pair();
			session.emulator.setServicePrincipalReplicationMs(1200);
			const { items, error } = await create();
			expect(error).toBeUndefined();
			expect(items[0].json.action).toBe('created');
			expect(callLog(session.emulator).filter((line) => /GET \/v1\.0\/servicePrincipals\/[0-9a-f-]+ → 404/.test(line)).length).toBeGreaterThan(0);
		});

		describe.each(SYNC_READING_VARIANTS)('under $name', ({ readings }) => {
			it('creates the configuration, and a failed test connection leaves nothing behind', async () => {
				session.emulator.setSyncReadings(readings);
				await pair({ outboundAllowed: false });
				const { error } = await create();
				expect(error?.message).toContain('does not yet allow cross-tenant synchronization from this tenant');
				expect(configurations()).toEqual([]);
				const tokens = await pairTokens(session.emulator);
				// The source turns its outbound consent on: now the pair validates.
				await fetchGraph(tokens.source, 'PATCH', `/v1.0/policies/crossTenantAccessPolicy/partners/${CONTOSO}`, { automaticUserConsentSettings: { inboundAllowed: false, outboundAllowed: true } });
				const { items, error: second } = await create();
				expect(second).toBeUndefined();
				expect(items[0].json).toMatchObject({ action: 'created', jobStatus: 'Paused' });
				expect(configurations()[0].secretKeys).toContain('CompanyId');
			});
		});
	});

	const fetchGraph = async (token: string, method: string, path: string, body: unknown) => {
		const answer = await fetch(`${session.emulator.url}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
		expect(answer.status).toBeLessThan(300);
	};

	describe('Get, Get Many', () => {
		it('Get by ID and by name: the configuration with its job status', async () => {
			await pair();
			const { configurationId, jobId, appId } = await created();
			for (const configuration of [byId(configurationId), byName('Contoso')]) {
				const { items, error } = await run({ operation: 'get', configurationId: configuration });
				expect(error).toBeUndefined();
				expect(items[0].json).toMatchObject({ configurationId, displayName: 'Contoso', appId, jobId, jobStatus: 'Paused', quarantine: null, steadyStateLastAchievedTime: null, lastExecution: null });
				expect((items[0].json.job as IDataObject).id).toBe(jobId);
			}
		});

		it('an ID no configuration has fails the item, naming it', async () => {
			const { error } = await run({ operation: 'get', configurationId: byId('4b3f2d60-3e4f-4061-acbd-2e3f4a5b6c7d') });
			expect(error?.message).toBe('Microsoft Graph found no configuration 4b3f2d60-3e4f-4061-acbd-2e3f4a5b6c7d in this tenant [item 0, Request_ResourceNotFound]');
		});

		it('By Name: no configuration, or more than one, fails the item', async () => {
			await pair();
			const { error } = await run({ operation: 'get', configurationId: byName('Nobody') });
			expect(error?.message).toContain('No cross-tenant sync configuration is named "Nobody" in this tenant');
		});

		it('Get Many lists every configuration with its job', async () => {
			await pair();
			const first = await created();
			await create({}, 'Contoso (second)');
			const { items } = await run({ operation: 'getAll', returnAll: true });
			expect(items.map((i) => [i.json.displayName, i.json.jobStatus])).toEqual([
				['Contoso', 'Paused'],
				['Contoso (second)', 'Paused'],
			]);
			expect(items[0].json.configurationId).toBe(first.configurationId);
		});

		it('shows a quarantined job with its quarantine', async () => {
			await pair();
			const { configurationId } = await created({ startJob: true });
			const tokens = await pairTokens(session.emulator);
			await fetchGraph(tokens.target, 'PATCH', `/v1.0/policies/crossTenantAccessPolicy/partners/${ADATUM}/identitySynchronization`, { userSyncInbound: { isSyncAllowed: false } });
			session.emulator.runSyncCycle();
			const { items } = await run({ operation: 'get', configurationId: byId(configurationId) });
			expect(items[0].json).toMatchObject({ jobStatus: 'Quarantine', quarantine: { reason: 'EncounteredQuarantineException' } });
		});
	});

	describe('Assign, Unassign, Start, Pause, Restart', () => {
		it('assigns a user and a group (twice is unchanged), starts the job, and a cycle brings the members into the target', async () => {
			await pair();
			const { configurationId } = await created();
			const configuration = byId(configurationId);
			const assign = (principalId: string) => run({ operation: 'assign', configurationId: configuration, principalId });
			expect((await assign(ADATUM_USERS.alex)).items[0].json).toMatchObject({ action: 'assigned', principalId: ADATUM_USERS.alex, principalType: 'User' });
			expect((await assign(ADATUM_GROUPS.sales)).items[0].json).toMatchObject({ action: 'assigned', principalType: 'Group' });
			expect((await assign(ADATUM_USERS.alex)).items[0].json).toMatchObject({ action: 'unchanged', changed: false });

			expect((await run({ operation: 'start', configurationId: configuration })).items[0].json).toMatchObject({ action: 'started', previousStatus: 'Paused' });
			session.emulator.clearRequests();
			expect((await run({ operation: 'start', configurationId: configuration })).items[0].json).toMatchObject({ action: 'unchanged', changed: false });
			expect(session.emulator.graphRequests().every((r) => r.method === 'GET')).toBe(true);
			session.emulator.runSyncCycle();
			expect(session.emulator.syncedUsers(CONTOSO).map((u) => u.sourceObjectId).sort()).toEqual([ADATUM_USERS.alex, ADATUM_USERS.lee, ADATUM_USERS.megan].sort());

			expect((await run({ operation: 'pause', configurationId: configuration })).items[0].json).toMatchObject({ action: 'paused' });
			expect((await run({ operation: 'pause', configurationId: configuration })).items[0].json).toMatchObject({ action: 'unchanged' });
			expect((await run({ operation: 'unassign', configurationId: configuration, principalId: ADATUM_GROUPS.sales })).items[0].json).toMatchObject({ action: 'unassigned' });
			expect((await run({ operation: 'unassign', configurationId: configuration, principalId: ADATUM_GROUPS.sales })).items[0].json).toMatchObject({ action: 'unchanged' });
		});

		it('Restart sends the reset scope chosen, or Graph\'s default; a value Microsoft does not define is refused before sending', async () => {
			await pair();
			const { configurationId, jobId } = await created({ startJob: true });
			const { items } = await run({ operation: 'restart', configurationId: byId(configurationId), options: { resetScope: ['Watermark', 'QuarantineState'] } });
			expect(items[0].json).toMatchObject({ action: 'restarted', jobId });
			const restart = session.emulator.graphRequests().find((r) => r.path.endsWith('/restart'));
			expect(restart?.body).toEqual({ criteria: { resetScope: 'Watermark, QuarantineState' } });
			session.emulator.clearRequests();
			await run({ operation: 'restart', configurationId: byId(configurationId) });
			// No criteria: Graph's default scope (an empty JSON object, which n8n may send as no body at all).
			expect(session.emulator.graphRequests().find((r) => r.path.endsWith('/restart'))?.body ?? {}).toEqual({});
			session.emulator.clearRequests();
			const { error } = await run({ operation: 'restart', configurationId: byId(configurationId), options: { resetScope: '={{ "Everything" }}' } });
			expect(error?.message).toContain('Reset Scope must be a list of "Escrows", "ForceDeletes", "Full", "QuarantineState", "Watermark" (item 0, field "resetScope")');
			expect(session.emulator.requests).toEqual([]);
		});

		describe.each(SYNC_READING_VARIANTS)('under $name', ({ readings }) => {
			it('assigning twice is unchanged', async () => {
				session.emulator.setSyncReadings(readings);
				await pair();
				const { configurationId } = await created();
				await run({ operation: 'assign', configurationId: byId(configurationId), principalId: ADATUM_USERS.megan });
				const { items } = await run({ operation: 'assign', configurationId: byId(configurationId), principalId: ADATUM_USERS.megan });
				expect(items[0].json).toMatchObject({ action: 'unchanged' });
			});
		});
	});

	describe('Provision On Demand', () => {
		describe.each(SYNC_READING_VARIANTS)('under $name', ({ readings }) => {
			it('provisions an assigned member and reports Success; a guest is Skipped with the reason', async () => {
				session.emulator.setSyncReadings(readings);
				await pair();
				const { configurationId, jobId } = await created();
				await run({ operation: 'assign', configurationId: byId(configurationId), principalId: ADATUM_GROUPS.sales });
				const member = await run({ operation: 'provisionOnDemand', configurationId: byId(configurationId), userId: ADATUM_USERS.megan });
				expect(member.error).toBeUndefined();
				expect(member.items[0].json).toMatchObject({ success: true, operation: 'provisionOnDemand', configurationId, jobId, userId: ADATUM_USERS.megan, result: 'Success', action: 'Create' });
				expect(member.items[0].json.targetUserId).toBe(session.emulator.syncedUsers(CONTOSO)[0].id);
				expect((member.items[0].json.steps as unknown[]).length).toBeGreaterThan(0);
				const guest = await run({ operation: 'provisionOnDemand', configurationId: byId(configurationId), userId: ADATUM_USERS.gail });
				expect(guest.items[0].json).toMatchObject({ result: 'Skipped', errorCode: 'NotInternalMember' });
			});
		});

		it.each([['job'], ['app']] as const)('paces calls under Graph\'s 5 per 10 seconds (counted per %s) instead of meeting 429s: 7 users in one execution all provisioned', async (scope) => {
			session.emulator.setSyncReadings({ provisionOnDemandRateScope: scope });
			await pair();
			const { configurationId } = await created();
			await run({ operation: 'assign', configurationId: byId(configurationId), principalId: ADATUM_GROUPS.sales });
			await run({ operation: 'assign', configurationId: byId(configurationId), principalId: ADATUM_USERS.alex });
			session.emulator.clearRequests();
			const users = [ADATUM_USERS.alex, ADATUM_USERS.megan, ADATUM_USERS.lee, ADATUM_USERS.alex, ADATUM_USERS.megan, ADATUM_USERS.lee, ADATUM_USERS.alex];
			const { items, error } = await run({ operation: 'provisionOnDemand', configurationId: byId(configurationId), userId: '={{ $json.user }}' }, source, users.map((user) => ({ user })));
			expect(error).toBeUndefined();
			expect(items.map((i) => i.json.success)).toEqual(users.map(() => true));
			const onDemand = session.emulator.graphRequests().filter((r) => r.path.endsWith('/provisionOnDemand'));
			expect(onDemand.map((r) => r.status)).toEqual(users.map(() => 200));
		}, 60_000);
	});

	it('several items in one execution travel in $batch requests: two configurations started, each item its own result', async () => {
		await pair();
		const first = await created();
		const second = (await create({}, 'Contoso (second)')).items[0].json as { configurationId: string };
		session.emulator.clearRequests();
		const { items, error } = await run({ operation: 'start', configurationId: { __rl: true, mode: 'id', value: '={{ $json.id }}' } }, source, [{ id: first.configurationId }, { id: second.configurationId }]);
		expect(error).toBeUndefined();
		expect(items.map((i) => [i.pairedItem, i.json.action])).toEqual([
			[{ item: 0 }, 'started'],
			[{ item: 1 }, 'started'],
		]);
		expect(session.emulator.batchRequests().length).toBeGreaterThan(0);
		expect(session.emulator.graphRequests().filter((r) => r.path.endsWith('/start') && r.batch).map((r) => r.status)).toEqual([204, 204]);
	});

	describe('Delete, permissions, bad input', () => {
		it('Delete removes the configuration\'s application (job included); synchronized users stay', async () => {
			await pair();
			const { configurationId, appId } = await created({ startJob: true });
			await run({ operation: 'assign', configurationId: byId(configurationId), principalId: ADATUM_USERS.alex });
			session.emulator.runSyncCycle();
			const { items } = await run({ operation: 'delete', configurationId: byName('Contoso') });
			expect(items[0].json).toMatchObject({ success: true, operation: 'delete', configurationId, appId, action: 'deleted' });
			expect(configurations()).toEqual([]);
			expect(session.emulator.syncedUsers(CONTOSO)).toHaveLength(1);
		});

		it('a missing permission names the one the operation needs', async () => {
			await pair();
			const { configurationId } = await created();
			const reader = addCredential(session.n8n, secretCredential(session.emulator, APPS.adatumSyncReader, ADATUM), 'sync-reader');
			const { error } = await run({ operation: 'start', configurationId: byId(configurationId) }, reader);
			expect(error?.message).toContain('The app may not change synchronization jobs');
			expect(error?.description).toContain('Synchronization.ReadWrite.All or Application.ReadWrite.OwnedBy');
		});

		it.each([
			['a configuration that is not a GUID', { operation: 'get', configurationId: '={{ "not-a-guid" }}' }, 'Configuration "not-a-guid" is not an object ID GUID'],
			['a configuration given as a list', { operation: 'get', configurationId: '={{ ["4b3f2d60-3e4f-4061-acbd-2e3f4a5b6c7d"] }}' }, 'Configuration must be text, not a list'],
			['a principal that is not a GUID', { operation: 'assign', configurationId: byId(ADATUM), principalId: 'alex@adatum.com' }, 'User or Group ID "alex@adatum.com" is not an object ID GUID'],
			['a target that is neither GUID nor domain', { operation: 'create', displayName: 'Contoso', targetTenantId: 'contoso' }, 'Invalid Target Tenant in item 0: "contoso" is not a tenant ID GUID or a domain name'],
			['a switch that is not true/false', { operation: 'create', displayName: 'Contoso', targetTenantId: CONTOSO, options: { startJob: '={{ "yes" }}' } }, 'Start Job must be true or false, not "yes"'],
			['a display name with a line break', { operation: 'create', displayName: '={{ "Con\\ntoso" }}', targetTenantId: CONTOSO }, 'Display Name must not contain control characters'],
		])('%s fails the item before anything is sent', async (_label, parameters, message) => {
			const { error } = await run(parameters as INodeParameters);
			expect(error?.message).toContain(message);
			expect(session.emulator.requests).toEqual([]);
		});
	});
});
