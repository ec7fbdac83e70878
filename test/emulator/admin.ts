import { type Exchange, send } from './exchange';
import { validateSeed } from './seed';
import type { GraphReadings } from './readings';
import type { BatchCost, Faults, GraphEmulator, ThrottlingConfig } from './types';

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };

function parseJson(raw: string): unknown {
	return raw.trim() === '' ? undefined : JSON.parse(raw);
}

/** /_emulator/* : control and inspection for out-of-process users (demo script, CLI). No authentication. */
export function handleAdmin(emulator: GraphEmulator, ex: Exchange, defaultTenant: string | undefined): void {
	const route = `${ex.req.method} /${ex.segments.slice(1).join('/')}`;
	try {
		switch (route) {
			case 'GET /requests':
				send(ex, 200, JSON_HEADERS, emulator.requests.filter((r) => r !== ex.record));
				return;
			case 'GET /state': {
				const tenant = ex.url.searchParams.get('tenant') ?? defaultTenant;
				if (!tenant) throw new Error('Pass ?tenant=<owner tenant id>.');
				send(ex, 200, JSON_HEADERS, emulator.state(tenant));
				return;
			}
			case 'GET /info':
				send(ex, 200, JSON_HEADERS, {
					url: emulator.url,
					tokensIssued: emulator.tokensIssued(),
					graphRequests: emulator.graphRequests().length,
					batchRequests: emulator.batchRequests().length,
					throttle: emulator.throttleStats(),
				});
				return;
			case 'POST /faults':
				emulator.setFaults((parseJson(ex.rawBody) ?? {}) as Faults);
				send(ex, 204, JSON_HEADERS);
				return;
			case 'POST /throttling':
				emulator.setThrottling((parseJson(ex.rawBody) ?? undefined) as ThrottlingConfig | undefined);
				send(ex, 204, JSON_HEADERS);
				return;
			case 'POST /batch-cost':
				// JSON has no Infinity: null, {} or a missing partConcurrency mean parts in parallel.
				emulator.setBatchCost((parseJson(ex.rawBody) ?? undefined) as BatchCost | undefined);
				send(ex, 204, JSON_HEADERS);
				return;
			case 'POST /readings':
				emulator.setReadings((parseJson(ex.rawBody) ?? undefined) as Partial<GraphReadings> | undefined);
				send(ex, 204, JSON_HEADERS);
				return;
			case 'POST /replication-lag': {
				const ms = (parseJson(ex.rawBody) as { ms?: unknown } | undefined)?.ms;
				emulator.setReplicationLag(typeof ms === 'number' ? ms : Number.NaN);
				send(ex, 204, JSON_HEADERS);
				return;
			}
			case 'POST /reset': {
				const seed = parseJson(ex.rawBody);
				emulator.reset(seed === undefined ? undefined : validateSeed(seed));
				send(ex, 204, JSON_HEADERS);
				return;
			}
			default:
				send(ex, 404, JSON_HEADERS, {
					error: `Unknown admin route '${route}'. Known: GET /_emulator/requests, GET /_emulator/state?tenant=, GET /_emulator/info, POST /_emulator/faults, POST /_emulator/throttling, POST /_emulator/batch-cost, POST /_emulator/readings, POST /_emulator/replication-lag, POST /_emulator/reset.`,
				});
		}
	} catch (error) {
		send(ex, 400, JSON_HEADERS, { error: error instanceof Error ? error.message : String(error) });
	}
}
