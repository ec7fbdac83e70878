// The whole job, both tenants, inside real n8n: the tenant-pair onboarding example run by `n8n execute` with two
// credentials, then the quarantine alert example published and polled by `n8n start`.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { IDataObject } from 'n8n-workflow';

import type { GraphEmulator } from '../../../test/emulator';
import { ADATUM, ADATUM_USERS, APPS, CONTOSO } from '../../../test/emulator/seed-ids';
import { trustEmulatorCertificate } from '../../../test/support/trustEmulator';
import { check, tail } from '../checks';
import { finishedExecutions, lastExecutionId, storedItems } from '../n8nDatabase';
import type { N8nCli } from '../n8nProcess';
import { groupAlive, itemsOf } from '../n8nProcess';
import { activateWorkflowArgs, deactivateWorkflowArgs } from '../n8nVersion';
import { bulkSeedWithDefaults } from '../seeds';
import type { WorkflowFile } from '../workflowFiles';
import { withManualStart } from '../workflowFiles';

const ONBOARD_PAIR_ID = 'xtsOnboardPair01';
const SYNC_JOB_ALERT_ID = 'xtsSyncJobAlert1';
const isConfigurationsPoll = (r: { method: string; path: string }) => r.method === 'GET' && r.path === '/v1.0/servicePrincipals';

export async function tenantPairScenario(cli: N8nCli, emulator: GraphEmulator, version: string, work: string, userFolder: string, example: (file: string) => WorkflowFile): Promise<void> {
	console.log('\nExample: onboard a tenant pair (target Contoso, source Adatum; two credentials)');
	const file = path.join(work, `${ONBOARD_PAIR_ID}.workflow.json`);
	writeFileSync(file, JSON.stringify(withManualStart(example('onboard-tenant-pair.workflow.json'), 'Ticket')));
	await cli.runOrThrow(['import:workflow', `--input=${file}`]);
	emulator.reset(bulkSeedWithDefaults(0));
	emulator.setSyncCycleMs(0);

	const first = await cli.execute(ONBOARD_PAIR_ID);
	check('the approved ticket configures both tenants, assigns the group, provisions the test user and starts the job', () => {
		assert.equal(first.status, 0, tail(first.output));
		const [report] = itemsOf(first, 'Report');
		assert.deepEqual(report?.target, { tenantId: CONTOSO, partner: 'created', syncPolicy: 'created' });
		const source = report?.source as IDataObject;
		assert.equal(source.partner, 'created');
		assert.equal((source.configuration as IDataObject).action, 'created');
		assert.equal(source.group, 'assigned');
		assert.deepEqual({ ...(source.testUser as IDataObject), targetUserId: undefined }, { userId: ADATUM_USERS.megan, result: 'Success', reason: null, targetUserId: undefined });
		assert.equal(source.job, 'started');
		assert.deepEqual(emulator.partner(CONTOSO, ADATUM)?.automaticUserConsentSettings, { inboundAllowed: true, outboundAllowed: false });
		assert.deepEqual((emulator.partner(CONTOSO, ADATUM)?.identitySynchronization as IDataObject)?.userSyncInbound, { isSyncAllowed: true });
		assert.deepEqual(emulator.partner(ADATUM, CONTOSO)?.automaticUserConsentSettings, { inboundAllowed: false, outboundAllowed: true });
		assert.deepEqual(emulator.syncedUsers(CONTOSO).map((u) => u.sourceObjectId), [ADATUM_USERS.megan]);
	});
	check('each tenant was written with its own credential: the target\'s policy with Contoso\'s app, the configuration with Adatum\'s', () => {
		const tenantsOf = (match: (path: string) => boolean) => new Set(emulator.graphRequests().filter((r) => r.method !== 'GET' && match(r.path)).map((r) => r.tenantId));
		assert.deepEqual([...tenantsOf((p) => p.includes(`/partners/${ADATUM}`))], [CONTOSO]);
		assert.deepEqual([...tenantsOf((p) => p.includes('/servicePrincipals/') || p.includes('/applicationTemplates/'))], [ADATUM]);
	});
	emulator.runSyncCycle();
	check('the first cycle brings the group\'s members (not its guest) into the target', () => {
		assert.deepEqual(emulator.syncedUsers(CONTOSO).map((u) => u.sourceObjectId).sort(), [ADATUM_USERS.lee, ADATUM_USERS.megan].sort());
	});

	const again = await cli.execute(ONBOARD_PAIR_ID);
	check('approved again: everything is in place; the configuration is reused and nothing new is created', () => {
		assert.equal(again.status, 0, tail(again.output));
		const [report] = itemsOf(again, 'Report');
		assert.deepEqual(report?.target, { tenantId: CONTOSO, partner: 'unchanged', syncPolicy: 'unchanged' });
		const source = report?.source as IDataObject;
		assert.deepEqual([source.partner, (source.configuration as IDataObject).action, source.group, source.job], ['unchanged', 'existing', 'unchanged', 'unchanged']);
		assert.equal(emulator.syncState(ADATUM).configurations.length, 1);
	});

	console.log('\nExample: alert on a quarantined sync job (Sync Job Changed, polled by n8n start)');
	const published = await cli.run(activateWorkflowArgs(version, SYNC_JOB_ALERT_ID));
	check('the sync-job alert is activated', () => assert.equal(published.status, 0, tail(published.output)));
	const before = lastExecutionId(userFolder, SYNC_JOB_ALERT_ID);
	emulator.clearRequests();
	const server = await cli.start();
	try {
		// The activation poll records the baseline once it has read the list and each job: change nothing before.
		const jobsRead = () => emulator.graphRequests().some((r) => r.method === 'GET' && r.path.endsWith('/synchronization/jobs') && r.status !== 0);
		await waitFor(() => emulator.graphRequests().some(isConfigurationsPoll) && jobsRead(), 180_000, 'the activation poll');
		await new Promise((resolve) => setTimeout(resolve, 2_000));
		// The target turns sync off; the next cycle quarantines the job.
		await asTarget(emulator, 'PATCH', `/v1.0/policies/crossTenantAccessPolicy/partners/${ADATUM}/identitySynchronization`, { userSyncInbound: { isSyncAllowed: false } });
		emulator.runSyncCycle();
		const [alert] = await finishedExecutions(userFolder, SYNC_JOB_ALERT_ID, before, 240_000);
		check('the next poll starts one execution whose message names the configuration, the reason and Microsoft\'s troubleshooting link', () => {
			assert.equal(alert?.status, 'success', `execution: ${JSON.stringify(alert)}\n${tail(server.output())}`);
			const [message] = storedItems(userFolder, alert.id, 'Alert message');
			assert.equal(message?.subject, 'Cross-tenant sync "Contoso" is in quarantine');
			assert.equal(message?.reason, 'EncounteredQuarantineException');
			assert.match(String(message?.error), /not configured in the target tenant/);
			assert.match(String(message?.troubleshootingUrl), /^https:\/\/learn\.microsoft\.com\//);
		});
	} finally {
		await server.stop();
		const unpublished = await cli.run(deactivateWorkflowArgs(version, SYNC_JOB_ALERT_ID));
		check('the sync-job alert is taken down again', () => assert.equal(unpublished.status, 0, tail(unpublished.output)));
	}
	check('n8n start is stopped (its process group is empty)', () => assert.equal(groupAlive(server.pgid), false));
}

async function waitFor(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error(`${what} did not come within ${timeoutMs / 1000} s`);
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

/** The target tenant's admin, outside n8n. */
async function asTarget(emulator: GraphEmulator, method: string, path: string, body: unknown): Promise<void> {
	trustEmulatorCertificate(emulator.caCertPem);
	const token = emulator.mintAccessToken({ tenantId: CONTOSO, clientId: APPS.writer.clientId, roles: ['Policy.ReadWrite.CrossTenantAccess'] });
	const answer = await fetch(`${emulator.url}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
	if (answer.status >= 300) throw new Error(`${method} ${path} answered ${answer.status}`);
}
