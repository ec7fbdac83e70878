import { type Exchange, send } from './exchange';
import { validateSeed } from './seed';
import type { GraphReadings } from './readings';
import type { SyncReadings } from './sync-readings';
import type { BatchCost, Faults, GraphEmulator, ProvisionOnDemandRateLimit, ThrottlingConfig } from './types';

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };

function parseJson(raw: string): unknown {
	return raw.trim() === '' ? undefined : JSON.parse(raw);
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** POST /sync-settings: any of syncCycleMs, servicePrincipalReplicationMs, provisionOnDemandRateLimit (null: Graph's). */
function applySyncSettings(emulator: GraphEmulator, body: unknown): void {
	if (!isRecord(body)) throw new Error('Pass {syncCycleMs?, servicePrincipalReplicationMs?, provisionOnDemandRateLimit?}.');
	const known = ['syncCycleMs', 'servicePrincipalReplicationMs', 'provisionOnDemandRateLimit'];
	const unknown = Object.keys(body).filter((key) => !known.includes(key));
	if (unknown.length > 0) throw new Error(`Unknown sync settings: ${unknown.join(', ')}. Known: ${known.join(', ')}.`);
	const ms = (value: unknown) => (typeof value === 'number' ? value : Number.NaN);
	if ('syncCycleMs' in body) emulator.setSyncCycleMs(ms(body.syncCycleMs));
	if ('servicePrincipalReplicationMs' in body) emulator.setServicePrincipalReplicationMs(ms(body.servicePrincipalReplicationMs));
	if ('provisionOnDemandRateLimit' in body) {
		emulator.setProvisionOnDemandRateLimit((body.provisionOnDemandRateLimit ?? undefined) as ProvisionOnDemandRateLimit | undefined);
	}
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
			case 'GET /sync': {
				const tenant = ex.url.searchParams.get('tenant') ?? defaultTenant;
				if (!tenant) throw new Error('Pass ?tenant=<tenant id>.');
				send(ex, 200, JSON_HEADERS, emulator.syncState(tenant));
				return;
			}
			case 'POST /sync-settings':
				applySyncSettings(emulator, parseJson(ex.rawBody));
				send(ex, 204, JSON_HEADERS);
				return;
			case 'POST /sync-readings':
				emulator.setSyncReadings((parseJson(ex.rawBody) ?? undefined) as Partial<SyncReadings> | undefined);
				send(ex, 204, JSON_HEADERS);
				return;
			case 'POST /sync-cycle': {
				const body = parseJson(ex.rawBody);
				const jobId = isRecord(body) && typeof body.jobId === 'string' ? body.jobId : undefined;
				send(ex, 200, JSON_HEADERS, emulator.runSyncCycle({ jobId }));
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
					error: `Unknown admin route '${route}'. Known: GET /_emulator/requests, GET /_emulator/state?tenant=, GET /_emulator/info, POST /_emulator/faults, POST /_emulator/throttling, POST /_emulator/batch-cost, POST /_emulator/readings, POST /_emulator/replication-lag, POST /_emulator/reset, GET /_emulator/sync?tenant=, POST /_emulator/sync-settings, POST /_emulator/sync-readings, POST /_emulator/sync-cycle.`,
				});
		}
	} catch (error) {
		send(ex, 400, JSON_HEADERS, { error: error instanceof Error ? error.message : String(error) });
	}
}
