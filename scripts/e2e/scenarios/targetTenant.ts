// The target tenant's examples: onboarding a partner (dry runs → approval → apply, twice) by `n8n execute`, and the
// drift alert published and served by `n8n start`, its Cross-Tenant Sync Policy Trigger polling the emulator.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { IDataObject } from 'n8n-workflow';

import type { GraphEmulator } from '../../../test/emulator';
import { CONTOSO, NORTHWIND, WOODGROVE } from '../../../test/emulator/seed-ids';
import { check, tail } from '../checks';
import { finishedExecutions, lastExecutionId, storedItems } from '../n8nDatabase';
import { polls } from '../triggerPolls';
import type { N8nCli } from '../n8nProcess';
import { groupAlive, itemsOf } from '../n8nProcess';
import { activateCommandName, activateWorkflowArgs, deactivateWorkflowArgs, requestedN8nVersion } from '../n8nVersion';
import { bulkSeedWithDefaults } from '../seeds';
import type { WorkflowFile } from '../workflowFiles';
import { withManualStart } from '../workflowFiles';

const root = path.resolve(__dirname, '..', '..', '..');
const ONBOARD_ID = 'xtsOnboardPartn1';
const ONBOARD_APPROVED_ID = 'xtsOnboardPartn2';
const DRIFT_ALERT_ID = 'xtsDriftAlert001';
/** Each minute the trigger polls (at a random second); a changed partner shows in the poll after the change. */
const POLL_WAIT_MS = 240_000;

const writesOf = (emulator: GraphEmulator) =>
	emulator
		.graphRequests()
		.filter((r) => r.method !== 'GET')
		.map((r) => `${r.method} ${decodeURIComponent(r.path)} → ${r.status}`);

const partner = (emulator: GraphEmulator, tenantId: string) => emulator.partner(CONTOSO, tenantId) as IDataObject | undefined;

/** Makes the onboarding example startable by `n8n execute` in both phases (ticket not yet approved, approved) and imports them. */
async function importOnboarding(cli: N8nCli, work: string): Promise<void> {
	const example = JSON.parse(readFileSync(path.join(root, 'examples/onboard-partner.workflow.json'), 'utf8')) as WorkflowFile;
	const approved = structuredClone(example);
	approved.id = ONBOARD_APPROVED_ID;
	approved.name = `${example.name} (approved)`;
	approved.pinData!.Ticket[0].json.body = { ...(approved.pinData!.Ticket[0].json.body as IDataObject), approved: true };
	for (const flow of [withManualStart(example, 'Ticket'), withManualStart(approved, 'Ticket')]) {
		const file = path.join(work, `${flow.id}.workflow.json`);
		writeFileSync(file, JSON.stringify(flow));
		await cli.runOrThrow(['import:workflow', `--input=${file}`]);
	}
}

export async function onboardPartnerScenario(cli: N8nCli, emulator: GraphEmulator, work: string): Promise<void> {
	console.log('\nExample: onboard a partner tenant (target tenant: partner, sync policy, automatic consent)');
	await importOnboarding(cli, work);
	emulator.reset(bulkSeedWithDefaults(0));

	const asked = await cli.execute(ONBOARD_ID);
	check('onboarding, not yet approved: one approval message with the dry runs of all three steps, nothing written', () => {
		assert.equal(asked.status, 0, tail(asked.output));
		const [message] = itemsOf(asked, 'Ask the approver');
		assert.equal(message?.status, 'awaiting approval');
		assert.equal(message?.partnerTenantId, WOODGROVE);
		const [create, policy, consent] = message?.steps as IDataObject[];
		assert.deepEqual((create.request as IDataObject).method, 'POST');
		assert.deepEqual((create.request as IDataObject).body, { tenantId: WOODGROVE, automaticUserConsentSettings: { inboundAllowed: true } });
		assert.deepEqual(policy.change, { displayName: { from: null, to: 'Woodgrove Bank' }, 'userSyncInbound.isSyncAllowed': { from: null, to: true } });
		assert.equal((policy.request as IDataObject).method, 'PUT');
		assert.deepEqual(consent.change, { 'automaticUserConsentSettings.inboundAllowed': { from: null, to: true } });
		assert.deepEqual(writesOf(emulator), []);
		assert.equal(partner(emulator, WOODGROVE), undefined);
	});

	emulator.clearRequests();
	const applied = await cli.execute(ONBOARD_APPROVED_ID);
	check('onboarding, approved: the partner is created with automatic consent, then its sync policy allows inbound sync', () => {
		assert.equal(applied.status, 0, tail(applied.output));
		const [report] = itemsOf(applied, 'Report');
		assert.equal(report?.status, 'onboarded');
		assert.deepEqual([(report?.partner as IDataObject).action, (report?.syncPolicy as IDataObject).action], ['created', 'created']);
		assert.deepEqual(writesOf(emulator), [
			'POST /v1.0/policies/crossTenantAccessPolicy/partners → 201',
			`PUT /v1.0/policies/crossTenantAccessPolicy/partners/${WOODGROVE}/identitySynchronization → 204`,
		]);
		assert.deepEqual(partner(emulator, WOODGROVE)?.automaticUserConsentSettings, { inboundAllowed: true, outboundAllowed: false });
		assert.deepEqual(partner(emulator, WOODGROVE)?.identitySynchronization, { tenantId: WOODGROVE, displayName: 'Woodgrove Bank', userSyncInbound: { isSyncAllowed: true } });
	});

	emulator.clearRequests();
	const again = await cli.execute(ONBOARD_APPROVED_ID);
	check('onboarding, a second approval click: Skip If Unchanged reads, finds everything in place and writes nothing', () => {
		assert.equal(again.status, 0, tail(again.output));
		const [report] = itemsOf(again, 'Report');
		assert.equal(report?.status, 'already onboarded (nothing changed)');
		assert.deepEqual(writesOf(emulator), []);
	});
}

/** The items a node output in a stored execution (n8n keeps run data in SQLite, flatted). */
export async function driftAlertScenario(cli: N8nCli, emulator: GraphEmulator, userFolder: string): Promise<void> {
	console.log('\nExample: drift alert (Cross-Tenant Sync Policy Trigger, polled by n8n start)');
	const version = requestedN8nVersion();
	const published = await cli.run(activateWorkflowArgs(version, DRIFT_ALERT_ID));
	check(`${activateCommandName(version)} activates the drift alert`, () => assert.equal(published.status, 0, tail(published.output)));
	emulator.reset(bulkSeedWithDefaults(0));
	const before = lastExecutionId(userFolder, DRIFT_ALERT_ID);

	const server = await cli.start();
	try {
		// Activation runs the first poll: it records the state and starts nothing.
		await polls(emulator, 1, 180_000);
		console.log(`    n8n start on ${server.url}; the trigger's first poll recorded the baseline`);

		// Someone else turns off Northwind's inbound sync, and onboards Woodgrove in the desired state.
		const changed = bulkSeedWithDefaults(0);
		const partners = changed.partners[CONTOSO];
		const northwind = partners.find((p) => p.tenantId === NORTHWIND);
		if (!northwind) throw new Error('Northwind is no partner of Contoso in the seed');
		northwind.identitySynchronization = { ...northwind.identitySynchronization, userSyncInbound: { isSyncAllowed: false } };
		partners.push({
			tenantId: WOODGROVE,
			automaticUserConsentSettings: { inboundAllowed: true, outboundAllowed: false },
			identitySynchronization: { displayName: 'Woodgrove Bank', userSyncInbound: { isSyncAllowed: true } },
		});
		emulator.reset(changed);

		const [alert] = await finishedExecutions(userFolder, DRIFT_ALERT_ID, before, POLL_WAIT_MS);
		console.log(`    execution ${alert?.id ?? '–'} (${alert?.mode ?? '–'}) ${alert?.status ?? 'none'}; Graph writes: ${writesOf(emulator).join(', ') || 'none'}`);
		check('the trigger starts the workflow with the partners that changed since the last poll', () => {
			assert.equal(alert?.status, 'success', `execution: ${JSON.stringify(alert)}\n${tail(server.output())}`);
			assert.equal(alert.mode, 'trigger');
			const emitted = storedItems(userFolder, alert.id, 'Partner changed');
			assert.deepEqual(
				emitted.map((i) => [i.partnerTenantId, i.change]),
				[
					[NORTHWIND, 'changed'],
					[WOODGROVE, 'added'],
				],
			);
			assert.deepEqual(emitted[0].diff, { 'identitySynchronization.userSyncInbound.isSyncAllowed': { from: true, to: false } });
		});
		check('a change someone else made is restored (only what differs is written) and reported with before/after', () => {
			assert.deepEqual(writesOf(emulator), [`PATCH /v1.0/policies/crossTenantAccessPolicy/partners/${NORTHWIND}/identitySynchronization → 204`]);
			assert.deepEqual((partner(emulator, NORTHWIND)?.identitySynchronization as IDataObject).userSyncInbound, { isSyncAllowed: true });
			const [report] = storedItems(userFolder, alert.id, 'Report');
			assert.equal(report?.partnerTenantId, NORTHWIND);
			assert.deepEqual((report?.before as IDataObject).identitySynchronization, { displayName: 'Northwind', userSyncInbound: { isSyncAllowed: true } });
			assert.deepEqual((report?.after as IDataObject).identitySynchronization, { displayName: 'Northwind', userSyncInbound: { isSyncAllowed: false } });
			assert.deepEqual(report?.restored, { syncPolicy: 'updated', automaticUserConsent: 'unchanged' });
			assert.deepEqual(storedItems(userFolder, alert.id, 'In desired state').map((i) => i.partnerTenantId), [WOODGROVE]);
		});

		// The next poll sees the restore: a change in the desired state, so it is taken as ours and left alone.
		emulator.clearRequests();
		const [ours] = await finishedExecutions(userFolder, DRIFT_ALERT_ID, alert?.id ?? before, POLL_WAIT_MS);
		check('the next poll reports the restore itself, which the workflow recognises as its own change: nothing written', () => {
			assert.equal(ours?.status, 'success', `execution: ${JSON.stringify(ours)}`);
			assert.deepEqual(storedItems(userFolder, ours.id, 'Partner changed').map((i) => [i.partnerTenantId, i.change]), [[NORTHWIND, 'changed']]);
			assert.deepEqual(storedItems(userFolder, ours.id, 'In desired state').map((i) => i.partnerTenantId), [NORTHWIND]);
			assert.deepEqual(writesOf(emulator), []);
		});
	} finally {
		await server.stop();
		const unpublished = await cli.run(deactivateWorkflowArgs(version, DRIFT_ALERT_ID));
		check(`n8n ${deactivateWorkflowArgs(version, DRIFT_ALERT_ID)[0]} takes the drift alert down again`, () => assert.equal(unpublished.status, 0, tail(unpublished.output)));
	}
	check('n8n start and its task runner are stopped (their process group is empty)', () => assert.equal(groupAlive(server.pgid), false));
}
