import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { NODE_NAME, nodeWorkflow } from '../harness/nodeWorkflow';
import { nodeResult } from '../harness/runWorkflow';
import { TRIGGER_NODE_NAME, triggerWorkflow } from '../harness/triggerWorkflow';
import { configurePair, pairTokens } from '../emulator/sync-test-client';
import { ADATUM, ADATUM_USERS, addCredential, APPS, CONTOSO, secretCredential, useEmulatorSession } from '../support/fixtures';

const SYNC_POLICY = `/v1.0/policies/crossTenantAccessPolicy/partners/${ADATUM}/identitySynchronization`;

/** The trigger's Sync Job Changed event in the source tenant (Adatum), through n8n-core's poll path. */
describe('Cross-Tenant Sync Policy Trigger: Sync Job Changed', () => {
	const session = useEmulatorSession();
	let source: { id: string; name: string };
	let configurationId: string;

	const node = async (parameters: INodeParameters) => {
		const { items, error } = nodeResult(await session.n8n.execute(nodeWorkflow({ parameters: { resource: 'syncConfiguration', ...parameters }, credential: source })), NODE_NAME);
		expect(error).toBeUndefined();
		return items[0].json;
	};
	const poller = (options: INodeParameters = {}) => session.n8n.poller(triggerWorkflow({ parameters: { event: 'syncJobChanged', options }, credential: source }), TRIGGER_NODE_NAME);
	const emitted = async (trigger: ReturnType<typeof poller>) => ((await trigger.poll())?.[0] ?? []).map((i) => i.json);
	const setTargetSync = async (isSyncAllowed: boolean) => {
		const tokens = await pairTokens(session.emulator);
		const answer = await fetch(`${session.emulator.url}${SYNC_POLICY}`, {
			method: 'PATCH',
			headers: { authorization: `Bearer ${tokens.target}`, 'content-type': 'application/json' },
			body: JSON.stringify({ userSyncInbound: { isSyncAllowed } }),
		});
		expect(answer.status).toBe(204);
	};

	beforeEach(async () => {
		source = addCredential(session.n8n, secretCredential(session.emulator, APPS.adatumWriter, ADATUM), 'adatum');
		session.emulator.setSyncCycleMs(0);
		await configurePair(session.emulator, await pairTokens(session.emulator));
		configurationId = String((await node({ operation: 'create', displayName: 'Contoso', targetTenantId: CONTOSO, options: { startJob: true } })).configurationId);
		await node({ operation: 'assign', configurationId: { __rl: true, mode: 'id', value: configurationId }, principalId: ADATUM_USERS.alex });
	});

	it('records a baseline, then emits a job that goes into quarantine (reason and troubleshooting link) and out again, once each', async () => {
		const trigger = poller();
		expect(await trigger.poll()).toBeNull();
		session.emulator.runSyncCycle();
		const [healthy] = await emitted(trigger);
		expect(healthy).toMatchObject({ configurationId, displayName: 'Contoso', change: 'changed', diff: { jobStatus: { from: 'NotRun', to: 'Active' }, lastExecutionState: { from: 'Failed', to: 'Succeeded' } } });
		expect(await trigger.poll()).toBeNull();

		await setTargetSync(false);
		session.emulator.runSyncCycle();
		const items = await emitted(trigger);
		expect(items).toHaveLength(1);
		const [quarantined] = items;
		expect(quarantined).toMatchObject({
			configurationId,
			displayName: 'Contoso',
			change: 'changed',
			before: { jobStatus: 'Active', quarantineReason: null },
			after: { jobStatus: 'Quarantine', quarantineReason: 'EncounteredQuarantineException', lastExecutionState: 'Failed' },
		});
		expect(quarantined.jobId).toEqual(expect.stringMatching(/^Azure2Azure\./));
		expect(((quarantined.job as IDataObject).status as IDataObject).troubleshootingUrl).toEqual(expect.any(String));
		// Retries in quarantine change counters only: nothing new to report.
		session.emulator.runSyncCycle();
		expect(await trigger.poll()).toBeNull();

		await setTargetSync(true);
		session.emulator.runSyncCycle();
		const [recovered] = await emitted(trigger);
		expect(recovered).toMatchObject({ change: 'changed', diff: { jobStatus: { from: 'Quarantine', to: 'Active' }, quarantineReason: { from: 'EncounteredQuarantineException', to: null } } });
	});

	it('a configuration deleted is removed (confirmed by a GET), one created is added', async () => {
		const trigger = poller();
		await trigger.poll();
		await node({ operation: 'delete', configurationId: { __rl: true, mode: 'id', value: configurationId } });
		await node({ operation: 'create', displayName: 'Contoso (again)', targetTenantId: CONTOSO });
		const items = await emitted(trigger);
		expect(items.map((i) => [i.displayName, i.change])).toEqual([
			['Contoso (again)', 'added'],
			['Contoso', 'removed'],
		]);
		expect(items[1]).toMatchObject({ configurationId, after: null, job: null });
	});

	it('Emit All On First Poll emits every configuration as added; Fetch Test Event shows the shape and records nothing', async () => {
		const [item] = await emitted(poller({ emitAllOnFirstPoll: true }));
		expect(item).toMatchObject({ configurationId, change: 'added', before: null, after: { displayName: 'Contoso', jobStatus: 'NotRun' } });
		const trigger = poller();
		const sample = ((await trigger.poll('manual'))?.[0] ?? []).map((i) => i.json);
		expect(sample).toHaveLength(1);
		expect(await trigger.poll()).toBeNull();
	});

	it('overlapping polls: a poll overtaken by a newer one emits and records nothing', async () => {
		const trigger = poller();
		await trigger.poll();
		session.emulator.setFaults({ slowAnswers: [{ method: 'GET', pathIncludes: '/servicePrincipals?', count: 1, delayMs: 1500 }] });
		const older = trigger.poll();
		await new Promise((resolve) => setTimeout(resolve, 300));
		session.emulator.runSyncCycle();
		const newer = await trigger.poll();
		expect((newer?.[0] ?? []).map((i) => i.json.change)).toEqual(['changed']);
		expect(await older).toBeNull();
		expect(await trigger.poll()).toBeNull();
	});

	it('saved workflows without an event keep watching partners', async () => {
		const partners = session.n8n.poller(triggerWorkflow({ parameters: {}, credential: source }), TRIGGER_NODE_NAME);
		await partners.poll();
		expect(session.emulator.graphRequests().some((r) => r.path === '/v1.0/policies/crossTenantAccessPolicy/partners')).toBe(true);
	});
});
