// A production webhook whose payload sets Dry Run: the string "true" must not write, "yes" must be refused.
import assert from 'node:assert/strict';

import type { GraphEmulator } from '../../../test/emulator';
import { CONTOSO, FABRIKAM } from '../../../test/emulator/seed-ids';
import { check, tail } from '../checks';
import type { StoredExecution } from '../n8nDatabase';
import { finishedExecutions, lastExecutionId } from '../n8nDatabase';
import type { N8nCli, N8nServer } from '../n8nProcess';
import { waitForWebhook } from '../productionWebhook';
import { groupAlive } from '../n8nProcess';
import { activateCommandName, activateWorkflowArgs, requestedN8nVersion } from '../n8nVersion';
import { seedWithUserSync } from '../seeds';

const WORKFLOW_ID = 'xtsE2eWebhookDry';
const WEBHOOK_PATH = 'xts-e2e-sync-change';
const NODE = 'Set user sync';

interface Answer {
	status: number;
	body: unknown;
	text: string;
}

async function post(server: N8nServer, payload: unknown): Promise<Answer> {
	const response = await fetch(`${server.url}/webhook/${WEBHOOK_PATH}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(payload),
		signal: AbortSignal.timeout(120_000),
	});
	const text = await response.text();
	let body: unknown;
	try {
		body = JSON.parse(text);
	} catch {
		body = undefined;
	}
	return { status: response.status, body, text };
}

interface Call {
	answer: Answer;
	writes: string[];
	policyBefore: unknown;
	policyAfter: unknown;
	executions: StoredExecution[];
}

const policy = (emulator: GraphEmulator) => emulator.partner(CONTOSO, FABRIKAM)?.identitySynchronization;

/** One webhook call against a fresh emulator state where Contoso allows inbound user sync from Fabrikam. */
async function call(server: N8nServer, emulator: GraphEmulator, userFolder: string, dryRun: unknown): Promise<Call> {
	emulator.reset(seedWithUserSync(FABRIKAM, true));
	const policyBefore = structuredClone(policy(emulator));
	const afterId = lastExecutionId(userFolder, WORKFLOW_ID);
	const answer = await post(server, { partner: FABRIKAM, isSyncAllowed: false, dryRun });
	const executions = await finishedExecutions(userFolder, WORKFLOW_ID, afterId);
	const writes = emulator
		.graphRequests()
		.filter((r) => r.method !== 'GET')
		.map((r) => `${r.method} ${r.path} → ${r.status}`);
	const execution = executions.map((e) => `execution ${e.id} (${e.mode}) ${e.status}${e.error ? `: ${e.error.message ?? ''}` : ''}`).join(', ');
	console.log(`    dryRun ${JSON.stringify(dryRun)}: HTTP ${answer.status} ${answer.text.slice(0, 300)}`);
	console.log(`      Graph writes: ${writes.join(', ') || 'none'}; ${execution || 'no execution found'}`);
	return { answer, writes, policyBefore, policyAfter: policy(emulator), executions };
}

function assertNothingWritten(c: Call): void {
	assert.deepEqual(c.writes, [], 'Graph received a write');
	assert.deepEqual(c.policyAfter, c.policyBefore, 'the policy changed');
}

function assertDryRunAnswer(c: Call): void {
	assert.equal(c.answer.status, 200, c.answer.text);
	const body = c.answer.body as Record<string, unknown> | undefined;
	assert.equal(body?.dryRun, true, `the answer has no dryRun: true: ${c.answer.text}`);
	assert.deepEqual(body?.diff, { 'userSyncInbound.isSyncAllowed': { from: true, to: false } });
	assert.deepEqual(
		c.executions.map((e) => [e.mode, e.status]),
		[['webhook', 'success']],
	);
}

/**
 * The workflow is imported like the others, activated with `n8n publish:workflow` on 2.x (2.41.1 refuses
 * `import:workflow --activeState=fromJson` outside queue/multi-main mode) or `n8n update:workflow --active=true` on 1.x,
 * and served by `n8n start` on free ports.
 */
export async function webhookDryRunScenario(cli: N8nCli, emulator: GraphEmulator, userFolder: string): Promise<void> {
	console.log('\nProduction webhook: Dry Run set from the payload');
	const version = requestedN8nVersion();
	const published = await cli.run(activateWorkflowArgs(version, WORKFLOW_ID));
	check(`${activateCommandName(version)} activates the webhook workflow`, () => assert.equal(published.status, 0, tail(published.output)));

	const server = await cli.start();
	try {
		await waitForWebhook(server, WEBHOOK_PATH);
		console.log(`    n8n start on ${server.url}, webhook POST ${server.url}/webhook/${WEBHOOK_PATH}`);

		const control = await call(server, emulator, userFolder, true);
		check('webhook, dryRun true (JSON boolean): answers the dry run, writes nothing', () => {
			assertDryRunAnswer(control);
			assertNothingWritten(control);
		});

		const text = await call(server, emulator, userFolder, 'true');
		check('webhook, dryRun "true" (string): Graph receives no write and the policy is unchanged', () => assertNothingWritten(text));
		check('webhook, dryRun "true" (string): the answer is the dry run (dryRun: true, the change from true to false)', () => assertDryRunAnswer(text));

		const yes = await call(server, emulator, userFolder, 'yes');
		check('webhook, dryRun "yes": Graph receives no write and the policy is unchanged', () => assertNothingWritten(yes));
		check('webhook, dryRun "yes": the answer is an error (the execution failed in our node, naming dryRun), not a success', () => {
			assert.ok(yes.answer.status >= 400, `HTTP ${yes.answer.status}: ${yes.answer.text}`);
			assert.notEqual((yes.answer.body as Record<string, unknown> | undefined)?.success, true);
			const [execution] = yes.executions;
			assert.equal(execution?.status, 'error', `execution: ${JSON.stringify(execution)}`);
			assert.equal(execution.error?.node, NODE);
			assert.match(`${execution.error?.message ?? ''} ${execution.error?.description ?? ''}`, /dry ?run/i);
		});
	} finally {
		await server.stop();
	}
	check('n8n start and its task runner are stopped (their process group is empty)', () => assert.equal(groupAlive(server.pgid), false));
}
