// npm run bench: our node against two baselines, in one process, against the emulator. Prints tables; not a test.
import { execFileSync } from 'node:child_process';

import type { GraphEmulator } from '../test/emulator';
import { startEmulator } from '../test/emulator';
import { NODE_NAME, nodeWorkflow } from '../test/harness/nodeWorkflow';
import { nodeResult } from '../test/harness/runWorkflow';
import { bulkPartnerId, bulkSeed } from '../test/support/bulkSeed';
import { builtFile, inProcessN8nWithBuiltPackage } from '../test/support/builtPackage';
import { addCredential, APPS, CONTOSO, secretCredential } from '../test/support/fixtures';
import { trustEmulatorCertificate } from '../test/support/trustEmulator';
import { benchExecutorScale } from './bench/executorScale';

const SIZES = [10, 100, 1000];
const LATENCY_MS = 20;
const BUCKET = { capacity: 50, refillPerSecond: 100 };
const BODY = JSON.stringify({ userSyncInbound: { isSyncAllowed: true } });

interface Run {
	wallMs: number;
	roundTrips: number;
	ok: number;
	failed: number;
	tokens: number;
}

const ids = (n: number) => Array.from({ length: n }, (_, i) => bulkPartnerId(i));
const roundTrips = (emulator: GraphEmulator) => emulator.requests.filter((r) => r.kind === 'graph' ? !r.batch : r.kind === 'batch').length;

async function ours(emulator: GraphEmulator, n: number): Promise<Run> {
	const n8n = inProcessN8nWithBuiltPackage();
	const credential = addCredential(n8n, secretCredential(emulator));
	const workflow = nodeWorkflow({
		parameters: {
			resource: 'syncPolicy',
			operation: 'update',
			partnerTenantId: { __rl: true, mode: 'id', value: '={{ $json.tenantId }}' },
			updateFields: { isSyncAllowed: true },
			options: { maxRetries: 10 },
		},
		items: ids(n).map((tenantId) => ({ tenantId })),
		credential,
		continueOnFail: true,
	});
	const started = performance.now();
	const { items } = nodeResult(await n8n.execute(workflow), NODE_NAME);
	const wallMs = performance.now() - started;
	const ok = items.filter((i) => i.json.success === true).length;
	const tokens = emulator.requests.filter((r) => r.kind === 'token').length;
	return { wallMs, roundTrips: roundTrips(emulator), ok, failed: n - ok, tokens };
}

/** What an HTTP Request node does: one PATCH per item (all at once, or one after another), one token. */
async function baseline(emulator: GraphEmulator, n: number, allAtOnce: boolean): Promise<Run> {
	const token = emulator.mintAccessToken({ tenantId: CONTOSO, clientId: APPS.writer.clientId, roles: ['Policy.ReadWrite.CrossTenantAccess'] });
	const patch = async (tenantId: string) => {
		const response = await fetch(`${emulator.url}/v1.0/policies/crossTenantAccessPolicy/partners/${tenantId}/identitySynchronization`, {
			method: 'PATCH',
			headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
			body: BODY,
		});
		await response.arrayBuffer();
		return response.status < 300;
	};
	const started = performance.now();
	const results: boolean[] = [];
	if (allAtOnce) results.push(...(await Promise.all(ids(n).map(patch))));
	else for (const id of ids(n)) results.push(await patch(id));
	const ok = results.filter(Boolean).length;
	return { wallMs: performance.now() - started, roundTrips: roundTrips(emulator), ok, failed: n - ok, tokens: 0 };
}

/** n8n has n8n-workflow loaded before it loads community nodes: time our file on top of it. */
function coldRequireMs(file: string): number {
	const script = `require('n8n-workflow');const t=process.hrtime.bigint();require(${JSON.stringify(file)});console.log(Number(process.hrtime.bigint()-t)/1e6)`;
	const samples = Array.from({ length: 5 }, () => Number(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })));
	return samples.sort((a, b) => a - b)[2];
}

const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function main() {
	const emulator = await startEmulator({ policySizeLimitBytes: 1_000_000_000 });
	trustEmulatorCertificate(emulator.caCertPem);
	const fresh = (n: number) => {
		emulator.reset(bulkSeed(n));
		emulator.setFaults({ latencyMs: LATENCY_MS });
	};
	try {
		// Warm up both sides once (TLS, JIT, n8n's engine) so the first row is not a cold-start figure.
		fresh(10);
		await ours(emulator, 10);
		fresh(10);
		await baseline(emulator, 10, true);

		console.log(`\nUnthrottled, ${LATENCY_MS} ms latency per request (wall time / HTTP round trips)`);
		console.log('| N | ours | all-at-once baseline | sequential baseline | ours ÷ all-at-once time | round trips saved | tokens minted (ours) |');
		console.log('|---|---|---|---|---|---|---|');
		for (const n of SIZES) {
			fresh(n);
			const a = await ours(emulator, n);
			fresh(n);
			const b = await baseline(emulator, n, true);
			fresh(n);
			const c = await baseline(emulator, n, false);
			console.log(
				`| ${n} | ${fmt(a.wallMs)} / ${a.roundTrips} | ${fmt(b.wallMs)} / ${b.roundTrips} | ${fmt(c.wallMs)} / ${c.roundTrips} | ${(a.wallMs / b.wallMs).toFixed(2)}× | ${(b.roundTrips / a.roundTrips).toFixed(1)}× | ${a.tokens} |`,
			);
		}

		console.log(`\nThrottled: write bucket ${BUCKET.capacity} burst + ${BUCKET.refillPerSecond}/s, ${LATENCY_MS} ms latency`);
		console.log('| N | minimum the bucket allows | ours | ours ÷ minimum | ours: items lost | ours: round trips | all-at-once baseline: items failed |');
		console.log('|---|---|---|---|---|---|---|');
		for (const n of SIZES) {
			const minimumMs = (Math.max(0, n - BUCKET.capacity) / BUCKET.refillPerSecond) * 1000;
			fresh(n);
			emulator.setThrottling(BUCKET);
			const a = await ours(emulator, n);
			fresh(n);
			emulator.setThrottling(BUCKET);
			const b = await baseline(emulator, n, true);
			console.log(
				`| ${n} | ${fmt(minimumMs)} | ${fmt(a.wallMs)} | ${minimumMs > 0 ? `${(a.wallMs / minimumMs).toFixed(2)}×` : '–'} | ${a.failed} | ${a.roundTrips} | ${b.failed} of ${n} |`,
			);
		}

		console.log('\nCold require of the built files in a fresh process with n8n-workflow already loaded, as in n8n (median of 5)');
		console.log(`- node: ${coldRequireMs(builtFile('nodes/CrossTenantSyncPolicy/CrossTenantSyncPolicy.node.js')).toFixed(1)} ms`);
		console.log(`- credential: ${coldRequireMs(builtFile('credentials/MicrosoftEntraAppOnlyApi.credentials.js')).toFixed(1)} ms`);
	} finally {
		await emulator.close();
	}

	console.log('\nExecutor bookkeeping (zero-latency transport)');
	await benchExecutorScale();
}

main().then(
	() => process.exit(0),
	(error: unknown) => {
		console.error(error);
		process.exit(1);
	},
);
