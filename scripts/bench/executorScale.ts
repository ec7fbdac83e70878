// The executor's bookkeeping at scale: N plans through the real runPlans against a zero-latency in-memory transport,
// so that what is timed is the executor itself (dispatcher heap and lanes, per-partner queues, admission), not Graph.
// Part of `npm run bench`; runs alone with `npx tsx scripts/bench/executorScale.ts`.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

import type { IExecuteFunctions, INode } from 'n8n-workflow';

import type { GraphAnswer, GraphCall, ItemPlan, PlanStep } from '../../nodes/CrossTenantSyncPolicy/plan';
import { runPlans } from '../../nodes/CrossTenantSyncPolicy/executor/runPlans';
import { syncPolicyPath, tenantByDomainPath } from '../../nodes/CrossTenantSyncPolicy/transport/graphPaths';
import type { GraphTransport } from '../../nodes/CrossTenantSyncPolicy/transport/graphTransport';

export const DEFAULT_SCALE_SIZES = [10_000, 100_000, 200_000];

const OPTIONS = { batch: true, maxRetries: 5, maxInFlight: 4 };
/** Partners that ~1 % of the items share, so that per-partner queues hold long chains. */
const SHARED_PARTNERS = Array.from({ length: 5 }, (_, k) => `ffffffff-0000-4000-8000-${String(k).padStart(12, '0')}`);
/** Read memory every this many round trips (zero-latency answers resolve as microtasks: no timer fires mid-run). */
const SAMPLE_EVERY = 16;
const MB = 1024 * 1024;

export interface ScaleRow {
	size: number;
	ms: number;
	usPerItem: number;
	/** HTTP round trips the transport saw: JSON batches, plus calls sent alone. */
	batches: number;
	singles: number;
	calls: number;
	/** Peak heapUsed / rss above the baseline taken (after a forced GC when available) just before runPlans. */
	peakHeapMB: number;
	peakRssMB: number;
}

const partnerId = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
const sharedOf = (i: number) => SHARED_PARTNERS[Math.floor(i / 100) % SHARED_PARTNERS.length];

function patchStep(itemIndex: number, tenantId: string): PlanStep {
	return {
		call: { method: 'PATCH', path: syncPolicyPath(tenantId), version: 'v1.0', body: { itemIndex, userSyncInbound: { isSyncAllowed: true } } },
		onSuccess: () => ({ output: { success: true, action: 'updated', partnerTenantId: tenantId } }),
	};
}

/**
 * Plans like the Update operation's (one PATCH per item), mostly on distinct partners; besides:
 * ~1 % on a handful of shared partners (some in upper case), a few that settle without a request, a few that
 * resolve a domain first (so later items wait for admission), and 2 % GETs (the read lane).
 */
export function buildScalePlans(size: number): ItemPlan[] {
	return Array.from({ length: size }, (_, itemIndex): ItemPlan => {
		const base = { itemIndex, operation: 'update', subjectField: 'partnerTenantId' as const };
		if (itemIndex % 2000 === 137) {
			const partner = sharedOf(itemIndex);
			return { ...base, subject: partner, subjectId: partner, start: { output: { success: true, action: 'unchanged', partnerTenantId: partner } } };
		}
		if (itemIndex % 5000 === 1234) {
			const k = Math.floor(itemIndex / 5000) % SHARED_PARTNERS.length;
			const domain = `shared${k}.example.com`;
			return {
				...base,
				subject: domain,
				start: {
					next: {
						call: { method: 'GET', path: tenantByDomainPath(domain) },
						onSuccess: () => ({ resolved: SHARED_PARTNERS[k], then: { next: patchStep(itemIndex, SHARED_PARTNERS[k]) } }),
					},
				},
			};
		}
		if (itemIndex % 100 === 37) {
			const partner = itemIndex % 200 === 37 ? sharedOf(itemIndex).toUpperCase() : sharedOf(itemIndex);
			return { ...base, subject: partner, subjectId: partner, start: { next: patchStep(itemIndex, partner) } };
		}
		const partner = partnerId(itemIndex);
		if (itemIndex % 50 === 11) {
			return {
				...base,
				subject: partner,
				subjectId: partner,
				start: { next: { call: { method: 'GET', path: syncPolicyPath(partner) }, onSuccess: (reply) => ({ output: { success: true, policy: reply.body as object } }) } },
			};
		}
		return { ...base, subject: partner, subjectId: partner, start: { next: patchStep(itemIndex, partner) } };
	});
}

interface CountingTransport extends GraphTransport {
	batches: number;
	singles: number;
	calls: number;
	/** Item indexes of the writes to shared partners, in the order they were sent, per lower-cased partner. */
	sharedWrites: Map<string, number[]>;
}

/** Answers every call at once, in memory: 204 for writes, 200 with an object for reads. */
function zeroLatencyTransport(onRoundTrip: (n: number) => void): CountingTransport {
	const sharedSet = new Set(SHARED_PARTNERS);
	const answer = (call: GraphCall): GraphAnswer => {
		transport.calls++;
		if (call.method === 'GET') {
			const domain = /domainName='shared(\d+)\./.exec(call.path);
			const body = domain ? { tenantId: SHARED_PARTNERS[Number(domain[1])] } : { displayName: 'policy', userSyncInbound: { isSyncAllowed: false } };
			return { kind: 'answered', statusCode: 200, body, headers: {}, requestId: 'r' };
		}
		const partner = call.path.split('/')[4]?.toLowerCase();
		if (partner && sharedSet.has(partner)) {
			const list = transport.sharedWrites.get(partner) ?? [];
			list.push(Number(call.body?.itemIndex));
			transport.sharedWrites.set(partner, list);
		}
		return { kind: 'answered', statusCode: 204, body: undefined, headers: {}, requestId: 'r' };
	};
	const transport: CountingTransport = {
		batches: 0,
		singles: 0,
		calls: 0,
		sharedWrites: new Map(),
		writeBudget: 'in-memory',
		directory: 'in-memory',
		urlOf: (call) => call.absoluteUrl ?? `https://graph.microsoft.com/${call.version ?? 'v1.0'}${call.path}`,
		async send(call) {
			onRoundTrip(++transport.singles + transport.batches);
			return answer(call);
		},
		async sendBatch(calls: GraphCall[]) {
			onRoundTrip(transport.singles + ++transport.batches);
			return calls.map(answer);
		},
	};
	return transport;
}

/** A forced full GC for honest baselines: global.gc under --expose-gc, else the same function through V8's flag. */
function gcFunction(): (() => void) | undefined {
	if (globalThis.gc) return () => globalThis.gc?.();
	try {
		setFlagsFromString('--expose-gc');
		return runInNewContext('gc') as () => void;
	} catch {
		return undefined;
	}
}

const fakeContext = (): IExecuteFunctions => {
	const node = { name: 'Cross-Tenant Sync Policy', type: 'n8n-nodes-cross-tenant-sync.crossTenantSyncPolicy', parameters: {} } as unknown as INode;
	return { getNode: () => node } as unknown as IExecuteFunctions;
};

async function runOnce(size: number, gc: (() => void) | undefined): Promise<ScaleRow> {
	const plans = buildScalePlans(size);
	gc?.();
	const baseline = process.memoryUsage();
	let peakHeap = baseline.heapUsed;
	let peakRss = baseline.rss;
	const sample = () => {
		const now = process.memoryUsage();
		peakHeap = Math.max(peakHeap, now.heapUsed);
		peakRss = Math.max(peakRss, now.rss);
	};
	const transport = zeroLatencyTransport((n) => {
		if (n % SAMPLE_EVERY === 0) sample();
	});
	// Only fires if the run ever yields to the event loop (it should not with this transport); harmless either way.
	const timer = setInterval(sample, 5);
	const started = performance.now();
	let results: Awaited<ReturnType<typeof runPlans>>;
	try {
		results = await runPlans(fakeContext(), transport, plans, OPTIONS);
	} finally {
		clearInterval(timer);
	}
	const ms = performance.now() - started;
	sample();

	// Fail loudly: one result per plan, every one a success, and items on a shared partner written in input order.
	if (results.length !== size) throw new Error(`executor scale: ${size} plans gave ${results.length} results`);
	const seen = new Uint8Array(size);
	for (const result of results) {
		if (result.itemIndex < 0 || result.itemIndex >= size || seen[result.itemIndex]++) throw new Error(`executor scale: item ${result.itemIndex} has a duplicate or foreign result`);
		if ('error' in result) throw new Error(`executor scale: item ${result.itemIndex} failed: ${result.error.message}`);
	}
	for (const [partner, order] of transport.sharedWrites) {
		const outOfOrder = order.findIndex((itemIndex, i) => i > 0 && itemIndex <= order[i - 1]);
		if (outOfOrder >= 0) throw new Error(`executor scale: writes to ${partner} out of input order (item ${order[outOfOrder]} after ${order[outOfOrder - 1]})`);
	}

	return {
		size,
		ms,
		usPerItem: (ms * 1000) / size,
		batches: transport.batches,
		singles: transport.singles,
		calls: transport.calls,
		peakHeapMB: (peakHeap - baseline.heapUsed) / MB,
		peakRssMB: (peakRss - baseline.rss) / MB,
	};
}

/** Runs each size once (after a 10k warm-up so the first row is not a cold JIT figure) and prints a table. */
export async function benchExecutorScale(sizes: number[] = DEFAULT_SCALE_SIZES): Promise<ScaleRow[]> {
	const gc = gcFunction();
	await runOnce(10_000, gc);
	const rows: ScaleRow[] = [];
	for (const size of sizes) rows.push(await runOnce(size, gc));

	console.log(`runPlans(batch, maxRetries ${OPTIONS.maxRetries}, maxInFlight ${OPTIONS.maxInFlight}); zero-latency in-memory transport: measures the executor's bookkeeping only`);
	console.log('| N | runPlans time | µs / item | round trips (batches + single) | calls | peak heapUsed above baseline | peak rss above baseline |');
	console.log('|---|---|---|---|---|---|---|');
	for (const r of rows) {
		console.log(
			`| ${r.size} | ${r.ms.toFixed(0)} ms | ${r.usPerItem.toFixed(2)} | ${r.batches} + ${r.singles} | ${r.calls} | ${r.peakHeapMB.toFixed(1)} MB | ${r.peakRssMB.toFixed(1)} MB |`,
		);
	}
	const first = rows.reduce((a, b) => (b.size < a.size ? b : a));
	const last = rows.reduce((a, b) => (b.size > a.size ? b : a));
	if (last.size > first.size) {
		console.log(
			`µs/item at ${last.size} ÷ at ${first.size}: ${(last.usPerItem / first.usPerItem).toFixed(2)} (linear ≈ 1; quadratic would be ≈ ${(last.size / first.size).toFixed(0)})`,
		);
	}
	console.log(
		`Memory: process.memoryUsage() read every ${SAMPLE_EVERY} round trips and at the end, minus a baseline taken after building the plans${gc ? ' and a forced GC' : ' (no forced GC available)'}; heapUsed includes garbage not yet collected. The first large row also pays for growing V8's heap.`,
	);
	return rows;
}

if (require.main === module) {
	benchExecutorScale().then(
		() => process.exit(0),
		(error: unknown) => {
			console.error(error);
			process.exit(1);
		},
	);
}
