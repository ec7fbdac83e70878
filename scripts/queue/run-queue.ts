// npm run test:queue: the packed package in n8n's queue mode (Redis, Postgres, a main and two workers), against the
// Graph emulator. Executions come in through an active workflow's production webhook, several at once.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { GraphEmulator } from '../../test/emulator';
import { startEmulator } from '../../test/emulator';
import { CONTOSO } from '../../test/emulator/seed-ids';
import { bulkPartnerId, bulkSeed } from '../../test/support/bulkSeed';
import { check, printSummary, runSuite, scenario, tail } from '../e2e/checks';
import { e2eCredentials } from '../e2e/credentials';
import { activateWorkflowArgs, provisionN8n } from '../e2e/n8nVersion';
import type { N8nServer } from '../e2e/n8nProcess';
import { groupAlive, N8N_DEFAULT_PORTS, portMismatches, stopGroup } from '../e2e/n8nProcess';
import { waitForWebhook } from '../e2e/productionWebhook';
import type { QueueCluster } from './cluster';
import { startQueueCluster } from './cluster';
import { executionsAfter, executionsStartedBy, lastExecutionId, storedError } from './executions';
import { sleep, waitFor } from './freePort';
import { installLikeN8n } from '../e2e/installLikeN8n';
import type { Postgres } from './postgres';
import { startPostgres } from './postgres';
import { startRedis } from './redis';
import type { WebhookAnswer } from './webhook';
import { postWebhook } from './webhook';

const root = path.resolve(__dirname, '..', '..');
const WORKFLOW_ID = 'xtsQueueBulkHook';
const WEBHOOK_PATH = 'xts-queue-bulk';
const WORKERS = 2;
const WORKER_CONCURRENCY = 3;
const PARTNERS = 1200;
const TOKEN_LIFETIME_S = 3600;
/** Shortened from n8n's 60 s / 10 s / 30 s so that a dead worker's job is noticed within seconds. */
const JOB_LOCK = { lockDurationMs: 10_000, lockRenewMs: 2_000, stalledIntervalMs: 5_000 };

/** Several executions at once, unthrottled: which workers run them, and that every item is applied. */
const SPREAD = { executions: 8, itemsEach: 25, firstPartner: 0 };
/** Concurrent bulk executions sharing one write bucket (scaled down from Graph's: the same shape, a shorter run). */
const SHARED_BUCKET = { executions: 4, itemsEach: 150, firstPartner: 200, capacity: 20, refillPerSecond: 20 };
/** One execution long enough to kill its worker halfway. */
const KILLED = { items: 240, firstPartner: 800, capacity: 20, refillPerSecond: 20 };

interface Bulk {
	from: number;
	count: number;
	isSyncAllowed: boolean;
	skipIfUnchanged?: boolean;
}

function packPackage(into: string): string {
	const [packed] = JSON.parse(execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', into], { cwd: root, encoding: 'utf8' })) as Array<{ filename: string }>;
	return path.join(into, packed.filename);
}

function isSyncAllowed(emulator: GraphEmulator, partner: number): boolean | undefined {
	const policy = emulator.partner(CONTOSO, bulkPartnerId(partner))?.identitySynchronization as { userSyncInbound?: { isSyncAllowed?: boolean } } | undefined;
	return policy?.userSyncInbound?.isSyncAllowed;
}

/** Partners in [from, from + count) whose inbound user sync is not `expected`. */
function wrongPartners(emulator: GraphEmulator, from: number, count: number, expected: boolean): number[] {
	return Array.from({ length: count }, (_, i) => from + i).filter((p) => isSyncAllowed(emulator, p) !== expected);
}

function items(answer: WebhookAnswer): Array<Record<string, unknown>> {
	return Array.isArray(answer.body) ? (answer.body as Array<Record<string, unknown>>) : [];
}

function assertAllReported(answer: WebhookAnswer, count: number): void {
	assert.equal(answer.status, 200, answer.text.slice(0, 500));
	const reported = items(answer);
	assert.equal(reported.length, count, `items in the answer: ${reported.length}`);
	const failed = reported.filter((i) => i.success !== true);
	assert.deepEqual(failed.slice(0, 3), [], `${failed.length} items not successful`);
}

function tokenRequests(emulator: GraphEmulator): number {
	return emulator.requests.filter((r) => r.kind === 'token').length;
}

function writes(emulator: GraphEmulator) {
	return emulator.graphRequests().filter((r) => r.method !== 'GET');
}

async function fire(main: N8nServer, bulks: Bulk[]): Promise<{ answers: WebhookAnswer[]; ms: number }> {
	const started = Date.now();
	const answers = await Promise.all(bulks.map((bulk) => postWebhook(main, WEBHOOK_PATH, bulk)));
	return { answers, ms: Date.now() - started };
}

async function spreadScenario(cluster: QueueCluster, emulator: GraphEmulator, postgres: Postgres): Promise<void> {
	const { executions, itemsEach, firstPartner } = SPREAD;
	console.log(`\n${executions} webhook calls at once, ${itemsEach} partners each, no write limit`);
	emulator.setFaults({ latencyMs: 20 });
	const before = lastExecutionId(postgres, WORKFLOW_ID);
	const bulks = Array.from({ length: executions }, (_, i) => ({ from: firstPartner + i * itemsEach, count: itemsEach, isSyncAllowed: true }));
	const { answers, ms } = await fire(cluster.main, bulks);
	const stored = executionsAfter(postgres, WORKFLOW_ID, before);
	const perWorker = cluster.workers.map((w) => executionsStartedBy(w).filter((id) => id > before));
	console.log(`    answers: ${answers.map((a) => a.status).join(', ')} in ${(ms / 1000).toFixed(1)} s; executions per worker: ${perWorker.map((ids) => ids.length).join(' / ')}`);
	check('every webhook call answers 200 with every item applied and reported', () => answers.forEach((a) => assertAllReported(a, itemsEach)));
	check('the emulator holds every change', () => assert.deepEqual(wrongPartners(emulator, firstPartner, executions * itemsEach, true), []));
	check(`n8n stored ${executions} webhook executions, all successful`, () =>
		assert.deepEqual(
			stored.map((e) => `${e.mode} ${e.status}`),
			Array.from({ length: executions }, () => 'webhook success'),
		),
	);
	check('both workers ran executions, and the main ran none (each stored execution was started by exactly one worker)', () => {
		assert.ok(perWorker.every((ids) => ids.length > 0), `executions per worker: ${perWorker.map((ids) => ids.length).join(' / ')}`);
		assert.deepEqual(perWorker.flat().sort((a, b) => a - b), stored.map((e) => e.id));
	});
	check('the package loads on every worker (no "Unrecognized node type" anywhere)', () => {
		for (const process of [cluster.main, ...cluster.workers]) assert.doesNotMatch(process.output(), /Unrecognized node type/);
	});
	emulator.setFaults({});
}

async function sharedBucketScenario(cluster: QueueCluster, emulator: GraphEmulator, postgres: Postgres): Promise<void> {
	const { executions, itemsEach, firstPartner, capacity, refillPerSecond } = SHARED_BUCKET;
	const total = executions * itemsEach;
	const minimumS = (total - capacity) / refillPerSecond;
	console.log(`\n${executions} bulk executions at once sharing one write bucket (${capacity} burst, ${refillPerSecond}/s): ${total} writes, minimum ${minimumS.toFixed(2)} s`);
	emulator.setThrottling({ capacity, refillPerSecond });
	const before = lastExecutionId(postgres, WORKFLOW_ID);
	const writesBefore = writes(emulator).length;
	const bulks = Array.from({ length: executions }, (_, i) => ({ from: firstPartner + i * itemsEach, count: itemsEach, isSyncAllowed: true }));
	const { answers, ms } = await fire(cluster.main, bulks);
	const sent = writes(emulator).slice(writesBefore);
	const throttled = sent.filter((r) => r.status === 429).length;
	const perWorker = cluster.workers.map((w) => executionsStartedBy(w).filter((id) => id > before).length);
	console.log(`    answers: ${answers.map((a) => `${a.status} after ${(a.ms / 1000).toFixed(1)} s${a.status === 200 ? '' : ` (${a.text.slice(0, 200)})`}`).join(', ')}`);
	// A figure, not a check: speed is the bench's to measure, a test asserts what a user would notice.
	console.log(
		`    wall time ${(ms / 1000).toFixed(2)} s = ${(ms / 1000 / minimumS).toFixed(2)} × the minimum; writes sent ${sent.length} (429: ${throttled}); executions per worker: ${perWorker.join(' / ')}`,
	);
	emulator.setThrottling(undefined);
	check('every execution answers 200 with every item applied and reported (nothing lost to throttling)', () => answers.forEach((a) => assertAllReported(a, itemsEach)));
	check('the emulator holds every change', () => assert.deepEqual(wrongPartners(emulator, firstPartner, total, true), []));
	check('the executions ran on both workers', () => assert.ok(perWorker.every((n) => n > 0), perWorker.join(' / ')));
}

/** Which worker started the newest execution after `afterId` (polls their logs). */
async function workerRunning(cluster: QueueCluster, afterId: number): Promise<N8nServer> {
	let found: N8nServer | undefined;
	await waitFor(
		'an execution on a worker',
		() => {
			found = cluster.workers.find((w) => executionsStartedBy(w).some((id) => id > afterId));
			return found !== undefined;
		},
		() => cluster.workers.map((w) => tail(w.output(), 500)).join('\n'),
	);
	return found as N8nServer;
}

async function killedWorkerScenario(cluster: QueueCluster, emulator: GraphEmulator, postgres: Postgres, n8nVersion: string): Promise<void> {
	const { items: count, firstPartner, capacity, refillPerSecond } = KILLED;
	console.log(`\nA worker killed (SIGKILL) mid-execution: ${count} writes through a bucket of ${capacity} burst, ${refillPerSecond}/s`);
	emulator.setThrottling({ capacity, refillPerSecond });
	const before = lastExecutionId(postgres, WORKFLOW_ID);
	const bulk: Bulk = { from: firstPartner, count, isSyncAllowed: true };
	let early: WebhookAnswer | undefined;
	const answer = postWebhook(cluster.main, WEBHOOK_PATH, bulk).then((a) => (early = a));
	const victim = await workerRunning(cluster, before).catch((error: unknown) => {
		throw new Error(`${String(error)}\nwebhook answer so far: ${early ? `HTTP ${early.status} ${early.text.slice(0, 300)}` : 'none'}\nmain: ${tail(cluster.main.output(), 1500)}`);
	});
	await waitFor(
		'a third of the writes applied',
		() => count - wrongPartners(emulator, firstPartner, count, true).length >= count / 3,
		() => tail(victim.output()),
	);
	const killedAt = Date.now();
	process.kill(-victim.pgid, 'SIGKILL');
	const appliedAtKill = count - wrongPartners(emulator, firstPartner, count, true).length;
	const [executionId] = executionsStartedBy(victim).filter((id) => id > before);
	const statuses: string[] = [];
	let status = '';
	await waitFor(
		'the killed execution to be settled',
		() => {
			const now = executionsAfter(postgres, WORKFLOW_ID, before).find((e) => e.id === executionId)?.status ?? 'missing';
			if (now !== status) statuses.push(`${now} at +${((Date.now() - killedAt) / 1000).toFixed(1)} s`);
			status = now;
			return !['new', 'running'].includes(status);
		},
		() => `execution ${executionId}: ${statuses.join(' → ')}`,
		180_000,
	).catch((error: unknown) => console.log(`    ${String(error)}`));
	const answered = await answer;
	await sleep(2_000);
	const appliedAfter = count - wrongPartners(emulator, firstPartner, count, true).length;
	const others = cluster.workers.filter((w) => w !== victim).map((w) => executionsStartedBy(w).filter((id) => id > before));
	console.log(`    execution ${executionId}: killed with ${appliedAtKill}/${count} applied; status ${statuses.join(' → ')}; stored error: ${storedError(postgres, executionId) ?? 'none'}`);
	console.log(`    webhook answer: HTTP ${answered.status} after ${(answered.ms / 1000).toFixed(1)} s: ${answered.text.slice(0, 200)}`);
	console.log(`    applied after the kill settled: ${appliedAfter}/${count}; executions the other worker started meanwhile: ${others.flat().join(', ') || 'none'}`);
	// What n8n does with a stalled job differs by version: 2.x sets Bull's maxStalledCount to 0, 1.x leaves Bull's 1.
	if (n8nVersion.startsWith('1.')) {
		check('n8n 1.x: the other worker runs the killed execution again from the start, and it succeeds', () => {
			assert.deepEqual(others.flat(), [executionId]);
			assert.equal(status, 'success');
			assert.equal(answered.status, 200, answered.text.slice(0, 300));
		});
	} else {
		check('n8n 2.x: the killed execution is marked failed, no other worker re-runs it, the webhook answers 500', () => {
			assert.equal(status, 'error');
			assert.deepEqual(others.flat(), []);
			assert.equal(answered.status, 500, answered.text.slice(0, 300));
		});
	}
	check('the killed worker is gone (its process group is empty)', () => assert.equal(groupAlive(victim.pgid), false));

	emulator.setThrottling(undefined);
	const rerun = await postWebhook(cluster.main, WEBHOOK_PATH, { ...bulk, skipIfUnchanged: true });
	const reported = items(rerun);
	const unchanged = reported.filter((i) => i.action === 'unchanged').length;
	const updated = reported.filter((i) => i.action === 'updated').length;
	console.log(`    re-run with Skip If Unchanged: HTTP ${rerun.status}, ${updated} updated, ${unchanged} unchanged`);
	check('re-running with Skip If Unchanged converges: every partner of the run is right, only the missing ones were written', () => {
		assertAllReported(rerun, count);
		assert.equal(updated + unchanged, count);
		assert.equal(unchanged, appliedAfter);
		assert.deepEqual(wrongPartners(emulator, firstPartner, count, true), []);
	});
	check('no partner outside the runs changed', () => assert.deepEqual(wrongPartners(emulator, firstPartner + count, PARTNERS - firstPartner - count, false), []));
	cluster.workers.splice(cluster.workers.indexOf(victim), 1);
	await stopGroup(victim.pgid, 0);
}

async function main(): Promise<number> {
	const started = Date.now();
	const work = mkdtempSync(path.join(tmpdir(), 'xts-queue-'));
	const emulator = await startEmulator({ seed: bulkSeed(PARTNERS), policySizeLimitBytes: 1_000_000_000, tokenLifetimeSeconds: TOKEN_LIFETIME_S });
	const stops: Array<() => Promise<void>> = [];
	try {
		const { version, bin } = provisionN8n();
		console.log(`n8n ${version} (${bin})`);
		const sharedNodesDir = path.join(work, 'shared-nodes');
		mkdirSync(sharedNodesDir);
		installLikeN8n(packPackage(work), sharedNodesDir);
		const caPath = path.join(work, 'emulator-ca.pem');
		writeFileSync(caPath, emulator.caCertPem);

		const postgres = await startPostgres();
		stops.push(async () => {
			await postgres.stop();
			rmSync(postgres.dataDir, { recursive: true, force: true });
		});
		const redis = await startRedis(work);
		stops.push(redis.stop);
		console.log(`Postgres on 127.0.0.1:${postgres.port}, Redis on 127.0.0.1:${redis.port}`);

		const credentialsFile = path.join(work, 'credentials.json');
		writeFileSync(credentialsFile, JSON.stringify(e2eCredentials(emulator)));
		const workflowFile = path.join(root, 'test/queue/workflows/bulk-webhook.workflow.json');
		const cluster = await startQueueCluster({
			bin,
			n8nVersion: version,
			work,
			sharedNodesDir,
			caPath,
			postgres,
			redis,
			jobLock: JOB_LOCK,
			workers: WORKERS,
			workerConcurrency: WORKER_CONCURRENCY,
			prepare: async (cli) => {
				await cli.runOrThrow(['import:credentials', `--input=${credentialsFile}`]);
				writeFileSync(path.join(work, 'workflow.json'), readFileSync(workflowFile, 'utf8'));
				await cli.runOrThrow(['import:workflow', `--input=${path.join(work, 'workflow.json')}`]);
				await cli.runOrThrow(activateWorkflowArgs(version, WORKFLOW_ID));
			},
		});
		stops.push(cluster.stop);
		await waitForWebhook(cluster.main, WEBHOOK_PATH);
		console.log(`n8n main on ${cluster.main.url}, ${cluster.workers.length} workers (concurrency ${WORKER_CONCURRENCY} each); webhook POST ${cluster.main.url}/webhook/${WEBHOOK_PATH}`);

		const allProcesses = [cluster.main, ...cluster.workers];
		await scenario('the spread scenario', () => spreadScenario(cluster, emulator, postgres));
		await scenario('the shared write bucket scenario', () => sharedBucketScenario(cluster, emulator, postgres));
		await scenario('the killed worker scenario', () => killedWorkerScenario(cluster, emulator, postgres, version));

		const tokens = tokenRequests(emulator);
		const runS = (Date.now() - started) / 1000;
		const allowed = WORKERS * Math.ceil(runS / TOKEN_LIFETIME_S);
		console.log(`\nTokens minted at the emulator across the run: ${tokens} (${WORKERS} workers, token lifetime ${TOKEN_LIFETIME_S} s, run ${runS.toFixed(0)} s)`);
		check(`at most one token per worker per token lifetime (≤ ${allowed})`, () => assert.ok(tokens >= 1 && tokens <= allowed, `${tokens} token requests`));
		check(`every n8n process listened only on the free ports chosen for it, never on ${N8N_DEFAULT_PORTS.join('/')}`, () => {
			assert.deepEqual(portMismatches(cluster.clis.flatMap((c) => c.processes)).mismatches, []);
			for (const p of allProcesses) assert.doesNotMatch(p.output(), /port 567[89] is already in use/);
		});
	} finally {
		for (const stop of stops.reverse()) await stop().catch((error: unknown) => console.error(error));
		await emulator.close();
		if (process.env.KEEP_QUEUE !== '1') rmSync(work, { recursive: true, force: true });
	}
	console.log(`test:queue took ${((Date.now() - started) / 1000).toFixed(0)} s`);
	return printSummary('queue') ? 0 : 1;
}

runSuite('queue', main);
