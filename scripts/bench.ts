// npm run bench: this node (defaults) side by side with n8n's HTTP Request node (defaults and tuned), in one
// process, against the emulator, under two $batch cost models; then the executor's bookkeeping at scale.
// Prints tables; not a test. `npm run bench -- --full` adds N = 10,000 against Graph's real write budget.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import os from 'node:os';

import { startEmulator } from '../test/emulator';
import { bulkSeed } from '../test/support/bulkSeed';
import { builtFile } from '../test/support/builtPackage';
import { trustEmulatorCertificate } from '../test/support/trustEmulator';
import { benchExecutorScale } from './bench/executorScale';
import type { Bucket, Contender, Measured } from './bench/sideBySide';
import { httpRequest, measure, N8N_VERSION, OURS } from './bench/sideBySide';

const { forgetSharedAccessTokens } = createRequire(__filename)(builtFile('credentials/entra/mintAccessToken.js')) as { forgetSharedAccessTokens(): void };
const { forgetSharedWriteBudgets } = createRequire(__filename)(builtFile('nodes/CrossTenantSyncPolicy/executor/pacer.js')) as { forgetSharedWriteBudgets(): void };
const FULL = process.argv.includes('--full');
/** `npm run bench -- --pacing`: only the node's pacing, unthrottled and under both readings of Graph's header (docs/pacing.md). */
const PACING_ONLY = process.argv.includes('--pacing');
const LATENCY_MS = 20;
const SIZES = FULL ? [10, 100, 1000, 10_000] : [10, 100, 1000];
/** Graph's identity write budget (3,000 per 150 s per app and tenant), scaled down so a run takes seconds. */
const SCALED_BUCKET: Bucket = { capacity: 50, refillPerSecond: 40 };
const GRAPH_BUCKET: Bucket = { capacity: 3000, refillPerSecond: 20 };
const COST_MODELS = [
	{ name: 'parallel parts', partConcurrency: Infinity, note: 'a $batch costs one latency for the envelope plus one for its parts, run side by side (optimistic)' },
	{ name: 'sequential parts', partConcurrency: 1, note: 'a $batch costs one latency for the envelope plus one per part, one after another (pessimistic)' },
];

/** Runs per row up to N = 1,000, so that a row shows its noise; N = 10,000 runs once (minutes per run). */
const RUNS = 3;
const runsAt = (n: number) => (n >= 10_000 ? 1 : RUNS);

const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** A row's runs; the one with the median wall time stands for them. */
interface Runs {
	median: Measured;
	all: Measured[];
}

/** The median run's value, and the range over the runs when they differ. */
function cell(runs: Runs, pick: (m: Measured) => number, show: (value: number) => string = String): string {
	const values = runs.all.map(pick);
	const [low, high] = [show(Math.min(...values)), show(Math.max(...values))];
	return low === high ? show(pick(runs.median)) : `${show(pick(runs.median))} [${low}–${high}]`;
}

function row(n: number, label: string, settings: string, runs: Runs, minimumMs?: number): string {
	const { median, all } = runs;
	const versusMinimum = minimumMs ? ` (${(median.wallMs / minimumMs).toFixed(2)}× min)` : '';
	const outcomes = all.every((m) => m.outcome === median.outcome) ? median.outcome : all.map((m) => m.outcome).join(', ');
	const columns = [
		`${cell(runs, (m) => m.wallMs, fmt)}${versusMinimum}`,
		cell(runs, (m) => m.roundTrips),
		cell(runs, (m) => m.throttled),
		cell(runs, (m) => m.applied),
		cell(runs, (m) => m.reported),
		outcomes,
		cell(runs, (m) => m.tokens),
	];
	return `| ${n} | ${label} | ${settings} | ${all.length} | ${columns.join(' | ')} |`;
}

/** Cold require of the built files in a fresh process with n8n-workflow already loaded, as in n8n (median of 5). */
function coldRequireMs(file: string): number {
	const script = `require('n8n-workflow');const t=process.hrtime.bigint();require(${JSON.stringify(file)});console.log(Number(process.hrtime.bigint()-t)/1e6)`;
	const samples = Array.from({ length: 5 }, () => Number(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })));
	return samples.sort((a, b) => a - b)[2];
}

/** The emulator's bucket, and whether admitted writes carry x-ms-throttle-limit-percentage (our reading of Graph). */
type ThrottledBucket = Bucket & { limitPercentageOnAdmitted?: boolean };

type RunRows = (contender: Contender, n: number, bucket?: ThrottledBucket, partConcurrency?: number) => Promise<Runs>;

/**
 * The node's pacing: unthrottled, then throttled under both readings of Graph's x-ms-throttle-limit-percentage (sent
 * on admitted writes above 80 %, or only with 429s; the pacer reads neither) and both $batch cost models.
 */
async function pacingRows(runs: RunRows): Promise<void> {
	console.log('\n## Pacing, unthrottled (cost model "parallel parts")');
	console.log('| N | node | non-default settings | runs | wall time | round trips | 429s | applied | reported | execution | tokens |');
	console.log('|---|---|---|---|---|---|---|---|---|---|---|');
	for (const n of [10, 100, 1000]) console.log(row(n, OURS.label, OURS.nonDefault, await runs(OURS, n)));
	for (const limitPercentageOnAdmitted of [true, false]) {
		for (const model of COST_MODELS) {
			const header = limitPercentageOnAdmitted ? 'admitted writes above 80 % carry it' : 'only 429s carry it';
			console.log(`\n## Pacing, throttled: x-ms-throttle-limit-percentage ${header}; cost model "${model.name}"`);
			console.log("| N | node | non-default settings | runs | wall time (× the bucket's minimum) | round trips | 429s | applied | reported | execution | tokens |");
			console.log('|---|---|---|---|---|---|---|---|---|---|---|');
			for (const n of [100, 600]) {
				const bucket = { ...SCALED_BUCKET, limitPercentageOnAdmitted };
				const minimumMs = (Math.max(0, n - bucket.capacity) / bucket.refillPerSecond) * 1000;
				console.log(`| ${n} | write bucket ${bucket.capacity} burst + ${bucket.refillPerSecond}/s: minimum ${fmt(minimumMs)} | | | | | | | | | |`);
				console.log(row(n, OURS.label, OURS.nonDefault, await runs(OURS, n, bucket, model.partConcurrency), minimumMs));
			}
		}
	}
}

async function main() {
	const emulator = await startEmulator({ policySizeLimitBytes: 1_000_000_000 });
	trustEmulatorCertificate(emulator.caCertPem);
	const run = async (contender: Contender, n: number, bucket?: ThrottledBucket, partConcurrency = Infinity) => {
		// Each run starts as in a fresh n8n process: forget the token and the write budgets its executions share.
		forgetSharedAccessTokens();
		forgetSharedWriteBudgets();
		emulator.reset(bulkSeed(n));
		emulator.setFaults({ latencyMs: LATENCY_MS });
		emulator.setBatchCost({ partConcurrency });
		emulator.setThrottling(bucket);
		return await measure(emulator, contender, n);
	};
	const runs = async (contender: Contender, n: number, bucket?: ThrottledBucket, partConcurrency = Infinity): Promise<Runs> => {
		const all: Measured[] = [];
		for (let i = 0; i < runsAt(n); i++) all.push(await run(contender, n, bucket, partConcurrency));
		const byWallTime = [...all].sort((a, b) => a.wallMs - b.wallMs);
		return { median: byWallTime[Math.floor(byWallTime.length / 2)], all };
	};
	console.log(`${new Date().toISOString().slice(0, 10)} · ${os.cpus().length} cores · Node ${process.version} · n8n-core in process, HTTP Request node from n8n ${N8N_VERSION}`);
	console.log(`Every request costs ${LATENCY_MS} ms at the emulator. Columns: wall time of the execution (a trigger with the items pinned,`);
	console.log('then the node; the token is minted in it), HTTP round trips ($batch + single),');
	console.log('429s Graph sent, items applied (emulator state), items reported as succeeded, the execution, tokens minted.');
	console.log(`Each row up to N = 1,000 is ${RUNS} runs: the run with the median wall time, [lowest–highest] of the runs where they differ.`);
	try {
		await run(OURS, 10); // warm-up: TLS, JIT, n8n's engine
		if (PACING_ONLY) return await pacingRows(runs);
		for (const model of COST_MODELS) {
			console.log(`\n## Unthrottled, cost model "${model.name}": ${model.note}`);
			console.log('| N | node | non-default settings | runs | wall time | round trips | 429s | applied | reported | execution | tokens |');
			console.log('|---|---|---|---|---|---|---|---|---|---|---|');
			const tuned = httpRequest('HTTP Request (tuned)', 'Batching 100 items / 0 ms; Retry On Fail 5 tries, 5,000 ms', { batching: { size: 100, intervalMs: 0 }, retry: true });
			const plain = httpRequest('HTTP Request', 'none', {});
			for (const n of SIZES) {
				for (const contender of [OURS, plain, tuned]) {
					console.log(row(n, contender.label, contender.nonDefault, await runs(contender, n, undefined, model.partConcurrency)));
				}
			}
		}
		for (const model of COST_MODELS) {
			console.log(`\n## Throttled, cost model "${model.name}"`);
			console.log('| N | node | non-default settings | runs | wall time (× the bucket\'s minimum) | round trips | 429s | applied | reported | execution | tokens |');
			console.log('|---|---|---|---|---|---|---|---|---|---|---|');
			for (const n of SIZES) {
				const bucket = n >= 10_000 ? GRAPH_BUCKET : SCALED_BUCKET;
				const minimumMs = (Math.max(0, n - bucket.capacity) / bucket.refillPerSecond) * 1000;
				const perBatch = 20;
				const tuned = httpRequest(
					'HTTP Request (tuned)',
					`Batching ${perBatch} items / ${Math.round((perBatch / bucket.refillPerSecond) * 1000)} ms (= the bucket's ${bucket.refillPerSecond}/s); Retry On Fail 5 tries, 5,000 ms`,
					{ batching: { size: perBatch, intervalMs: Math.round((perBatch / bucket.refillPerSecond) * 1000) }, retry: true },
				);
				console.log(`| ${n} | write bucket ${bucket.capacity} burst + ${bucket.refillPerSecond}/s: minimum ${fmt(minimumMs)} | | | | | | | | | |`);
				for (const contender of [OURS, httpRequest('HTTP Request', 'none', {}), tuned]) {
					console.log(row(n, contender.label, contender.nonDefault, await runs(contender, n, bucket, model.partConcurrency), minimumMs));
				}
			}
		}
		console.log('\nCold require of the built files in a fresh process with n8n-workflow already loaded, as in n8n (median of 5)');
		console.log(`- node: ${coldRequireMs(builtFile('nodes/CrossTenantSyncPolicy/CrossTenantSyncPolicy.node.js')).toFixed(1)} ms`);
		console.log(`- credential: ${coldRequireMs(builtFile('credentials/MicrosoftEntraAppOnlyApi.credentials.js')).toFixed(1)} ms`);
	} finally {
		await emulator.close();
	}

	console.log('\n## Executor bookkeeping (zero-latency transport)');
	await benchExecutorScale();
}

main().then(
	() => process.exit(0),
	(error: unknown) => {
		console.error(error);
		process.exit(1);
	},
);
