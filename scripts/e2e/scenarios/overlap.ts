// Things that overlap, inside real n8n: a merge whose partner is created by someone else meanwhile, a credential
// refused before any request under "Continue (using error output)", and (with n8n start) two polls that overlap.
import assert from 'node:assert/strict';

import type { GraphEmulator } from '../../../test/emulator';
import { APPS, CONTOSO, NORTHWIND, WOODGROVE } from '../../../test/emulator/seed-ids';
import { trustEmulatorCertificate } from '../../../test/support/trustEmulator';
import { check, tail } from '../checks';
import { finishedExecutions, lastExecutionId, storedItems } from '../n8nDatabase';
import type { N8nCli } from '../n8nProcess';
import { groupAlive, itemsOf } from '../n8nProcess';
import { activateWorkflowArgs, deactivateWorkflowArgs } from '../n8nVersion';
import { bulkSeedWithDefaults } from '../seeds';
import { polls } from '../triggerPolls';

const OVERLAPS_ID = 'xtsE2eOverlaps01';
const OVERLAPPING_POLLS_ID = 'xtsE2eOverPolls1';
/** Longer than the trigger's one-minute interval: the next poll starts while this one still waits for Graph. */
const HELD_POLL_MS = 75_000;
const PARTNERS = '/v1.0/policies/crossTenantAccessPolicy/partners';

/** Someone outside n8n (the portal, a script) writing Graph directly. */
async function otherWriter(emulator: GraphEmulator, method: string, path: string, body: unknown): Promise<void> {
	trustEmulatorCertificate(emulator.caCertPem);
	const token = emulator.mintAccessToken({ tenantId: CONTOSO, clientId: APPS.writer.clientId, roles: ['Policy.ReadWrite.CrossTenantAccess'] });
	const answer = await fetch(`${emulator.url}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
	if (answer.status >= 300) throw new Error(`${method} ${path} answered ${answer.status}`);
}

export async function overlapScenario(cli: N8nCli, emulator: GraphEmulator, version: string): Promise<void> {
	console.log('\nOverlaps: a partner created meanwhile, a credential refused before any request');
	emulator.reset(bulkSeedWithDefaults(0));
	// Woodgrove is created by someone else moments before, with outbound consent on, and is not yet replicated.
	emulator.setReplicationLag(3000);
	await otherWriter(emulator, 'POST', PARTNERS, { tenantId: WOODGROVE, automaticUserConsentSettings: { inboundAllowed: false, outboundAllowed: true } });
	const run = await cli.execute(OVERLAPS_ID);
	emulator.setReplicationLag(0);
	check('the overlaps workflow succeeds', () => assert.equal(run.status, 0, tail(run.output)));
	check('Create Partner If Missing meets "already exists": the partner is read and merged, so a member nobody touched keeps its value', () => {
		const [item] = itemsOf(run, 'Merge under fallback');
		assert.equal(item?.action, 'updated');
		assert.deepEqual(item?.kept, ['automaticUserConsentSettings.outboundAllowed']);
		assert.deepEqual(emulator.partner(CONTOSO, WOODGROVE)?.automaticUserConsentSettings, { inboundAllowed: true, outboundAllowed: true });
	});
	// n8n 1.x routes to the error output only items whose json is {error} or {error, message}: there the error items
	// stay on the Success output — as errors, never as the input items passed through.
	const routesDetails = Number(version.split('.')[0]) >= 2;
	check('a credential refused before any request: each input item gets its error item, none reaches Success as it came in, nothing is sent', () => {
		const onSuccess = itemsOf(run, 'After refusal: success');
		const failed = routesDetails ? itemsOf(run, 'After refusal: error') : onSuccess;
		if (routesDetails) assert.deepEqual(onSuccess, []);
		assert.equal(failed.length, 2);
		for (const item of failed) assert.match(String(item.error), /must use https/);
		assert.equal(emulator.graphRequests().filter((r) => r.path.includes('identitySynchronization')).length, 0);
	});
}

const isPoll = (r: { method: string; query: Record<string, string> }) => r.method === 'GET' && r.query.$select === 'tenantId,automaticUserConsentSettings';

/**
 * Two polls that overlap (n8n starts a poll each minute whether or not the last one is done): one poll's list is held
 * past the interval after it read the old state, the change lands, the next poll reports it; the held poll must then
 * neither report the change backwards nor record its stale state.
 */
export async function overlappingPollsScenario(cli: N8nCli, emulator: GraphEmulator, version: string, userFolder: string): Promise<void> {
	console.log('\nOverlapping polls (n8n start, one-minute polls, one poll held past the next)');
	const published = await cli.run(activateWorkflowArgs(version, OVERLAPPING_POLLS_ID));
	check('the overlapping-polls workflow is activated', () => assert.equal(published.status, 0, tail(published.output)));
	emulator.reset(bulkSeedWithDefaults(0));
	const before = lastExecutionId(userFolder, OVERLAPPING_POLLS_ID);
	const server = await cli.start();
	try {
		await polls(emulator, 1, 180_000);
		emulator.setFaults({ slowAnswers: [{ method: 'GET', pathIncludes: '/partners?', count: 1, delayMs: HELD_POLL_MS }] });
		await polls(emulator, 2, 180_000);
		// The held poll has read Northwind's sync allowed; now someone turns it off.
		await otherWriter(emulator, 'PATCH', `${PARTNERS}/${NORTHWIND}/identitySynchronization`, { userSyncInbound: { isSyncAllowed: false } });
		const held = emulator.graphRequests().filter(isPoll)[1];
		console.log('    one poll holds the old state; waiting for the next poll, the held answer and one more poll (≈ 2.5 min)');
		await polls(emulator, 4, held.at + HELD_POLL_MS + 120_000 - Date.now());
		const executions = await finishedExecutions(userFolder, OVERLAPPING_POLLS_ID, before, 30_000);
		check('the polls overlapped: the next poll started before the held one was answered', () => {
			const next = emulator.graphRequests().filter(isPoll)[2];
			assert.ok(next.at < held.at + HELD_POLL_MS, `next poll ${next.at - held.at} ms after the held one`);
		});
		check('one real change is reported exactly once; the held poll reports nothing backwards and records nothing stale', () => {
			assert.equal(executions.length, 1, `executions: ${JSON.stringify(executions)}`);
			const emitted = storedItems(userFolder, executions[0].id, 'Partner changed');
			assert.deepEqual(
				emitted.map((i) => [i.partnerTenantId, i.change, i.diff]),
				[[NORTHWIND, 'changed', { 'identitySynchronization.userSyncInbound.isSyncAllowed': { from: true, to: false } }]],
			);
		});
	} finally {
		await server.stop();
		const unpublished = await cli.run(deactivateWorkflowArgs(version, OVERLAPPING_POLLS_ID));
		check('the overlapping-polls workflow is taken down again', () => assert.equal(unpublished.status, 0, tail(unpublished.output)));
	}
	check('n8n start is stopped (its process group is empty)', () => assert.equal(groupAlive(server.pgid), false));
}
