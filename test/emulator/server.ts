import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';

import { signAccessToken } from './access-tokens';
import { checkBatchCost } from './batch-cost';
import type { EmulatorContext } from './context';
import { Directory } from './directory';
import { DirectoryObjects } from './directory-objects';
import { FaultInjector } from './faults';
import { createRequestHandler } from './request-handler';
import { checkReadings } from './readings';
import { loadSeed } from './seed';
import { sharedSigningKeys } from './signing-keys';
import { PolicyStore } from './state';
import { catchUpCycles, runCyclesNow, scheduleNextCycle } from './sync-cycles';
import { OnDemandLimiter, checkOnDemandRateLimit } from './sync-on-demand';
import { checkSyncReadings } from './sync-readings';
import { syncStateDump, syncedUserDumps } from './sync-state';
import { SyncStore } from './sync-store';
import { type AppCertificate, appCertificateFor, credentialPem, sharedServerTls } from './tls';
import type { EmulatorSeed, GraphEmulator, RecordedRequest, StartOptions } from './types';
import { WriteThrottle, checkThrottling } from './write-throttle';

const DEFAULT_TOKEN_LIFETIME_SECONDS = 3599;
const DEFAULT_POLICY_SIZE_LIMIT_BYTES = 25 * 1024;
/** Seconds, not Graph's 40 minutes: a started job runs its first cycle 2 s after start. */
const DEFAULT_SYNC_CYCLE_MS = 2000;

function checkMilliseconds(ms: number, name: string): number {
	if (!Number.isFinite(ms) || ms < 0) throw new Error(`${name} must be a number >= 0, got ${ms}.`);
	return ms;
}

function checkSizeLimit(bytes: number): number {
	if (!Number.isInteger(bytes) || bytes < 1) throw new Error(`policySizeLimitBytes must be a positive integer, got ${bytes}.`);
	return bytes;
}

function startSettings(options: StartOptions) {
	return {
		replicationLagMs: checkMilliseconds(options.replicationLagMs ?? 0, 'replicationLagMs'),
		policySizeLimitBytes: checkSizeLimit(options.policySizeLimitBytes ?? DEFAULT_POLICY_SIZE_LIMIT_BYTES),
		batchCost: checkBatchCost(options.batchCost),
		readings: checkReadings(options.readings),
		serverPageSize: options.serverPageSize,
		syncCycleMs: checkMilliseconds(options.syncCycleMs ?? DEFAULT_SYNC_CYCLE_MS, 'syncCycleMs'),
		servicePrincipalReplicationMs: checkMilliseconds(options.servicePrincipalReplicationMs ?? 0, 'servicePrincipalReplicationMs'),
		provisionOnDemandRateLimit: checkOnDemandRateLimit(options.provisionOnDemandRateLimit),
		syncReadings: checkSyncReadings(options.syncReadings),
	};
}

async function generateCertificates(seed: EmulatorSeed, into: Map<string, AppCertificate>): Promise<void> {
	const certificateApps = seed.apps.filter((app) => app.certificate === 'generate');
	await Promise.all(
		certificateApps.map(async (app) => {
			into.set(app.clientId.toLowerCase(), await appCertificateFor(app.clientId));
		}),
	);
}

function missingCertificates(seed: EmulatorSeed, certificates: Map<string, AppCertificate>): string[] {
	return seed.apps.filter((a) => a.certificate === 'generate' && !certificates.has(a.clientId.toLowerCase())).map((a) => a.clientId);
}

export async function startEmulator(options: StartOptions = {}): Promise<GraphEmulator> {
	const host = options.host ?? '127.0.0.1';
	let seed = loadSeed(options.seed);
	const startThrottling = checkThrottling(options.throttling);
	const settings = startSettings(options);
	const certificates = new Map<string, AppCertificate>();
	const [tls, keys] = await Promise.all([options.tls ?? sharedServerTls(), sharedSigningKeys(), generateCertificates(seed, certificates)]);

	const server = createServer({ cert: tls.certPem, key: tls.keyPem });
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, host, () => {
			server.off('error', reject);
			resolve();
		});
	});
	const url = `https://${host}:${(server.address() as AddressInfo).port}`;

	const log: RecordedRequest[] = [];
	const ctx: EmulatorContext = {
		url,
		directory: new Directory(seed, certificates),
		store: new PolicyStore(seed),
		directoryObjects: new DirectoryObjects(seed),
		sync: new SyncStore(seed),
		syncClock: options.syncClock ?? Date.now,
		onDemandLimiter: new OnDemandLimiter(),
		keys,
		faults: new FaultInjector(),
		throttle: new WriteThrottle(startThrottling),
		settings: { ...settings },
		tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? DEFAULT_TOKEN_LIFETIME_SECONDS,
		counters: { tokensIssued: 0 },
		log,
		hungSockets: new Set(),
	};
	const releaseHungRequests = () => {
		for (const socket of ctx.hungSockets) socket.destroy();
		ctx.hungSockets.clear();
	};

	const certificateOf = (clientId: string): AppCertificate => {
		const certificate = certificates.get(clientId.toLowerCase());
		if (!certificate) throw new Error(`App ${clientId} is not a certificate app of this emulator's seed.`);
		return certificate;
	};

	const emulator: GraphEmulator = {
		url,
		caCertPem: tls.certPem,
		appCredentialPem: (clientId) => credentialPem(certificateOf(clientId)),
		appCertificateThumbprint: (clientId) => certificateOf(clientId).thumbprint,
		get requests() {
			return log;
		},
		clearRequests: () => {
			log.length = 0;
		},
		graphRequests: () => log.filter((r) => r.kind === 'graph'),
		batchRequests: () => log.filter((r) => r.kind === 'batch'),
		tokensIssued: () => ctx.counters.tokensIssued,
		state: (ownerTenantId) => ctx.store.dump(ownerTenantId),
		partner: (ownerTenantId, partnerTenantId) =>
			ctx.store.dump(ownerTenantId).partners.find((p) => p.tenantId === partnerTenantId.toLowerCase()),
		setFaults: (faults) => ctx.faults.set(faults),
		setReplicationLag: (ms) => {
			ctx.settings.replicationLagMs = checkMilliseconds(ms, 'replicationLagMs');
		},
		setPolicySizeLimit: (bytes) => {
			ctx.settings.policySizeLimitBytes = checkSizeLimit(bytes);
		},
		setServerPageSize: (size) => {
			ctx.settings.serverPageSize = size;
		},
		setThrottling: (config) => ctx.throttle.configure(config),
		throttleStats: () => ctx.throttle.counters(),
		setReadings: (readings) => {
			ctx.settings.readings = checkReadings(readings);
		},
		readings: () => ({ ...ctx.settings.readings }),
		setSyncReadings: (readings) => {
			ctx.settings.syncReadings = checkSyncReadings(readings);
		},
		syncReadings: () => ({ ...ctx.settings.syncReadings }),
		setSyncCycleMs: (ms) => {
			catchUpCycles(ctx);
			ctx.settings.syncCycleMs = checkMilliseconds(ms, 'syncCycleMs');
			const now = ctx.syncClock();
			for (const { job } of ctx.sync.allJobs()) scheduleNextCycle(ctx, job, now);
		},
		setServicePrincipalReplicationMs: (ms) => {
			ctx.settings.servicePrincipalReplicationMs = checkMilliseconds(ms, 'servicePrincipalReplicationMs');
		},
		setProvisionOnDemandRateLimit: (limit) => {
			ctx.settings.provisionOnDemandRateLimit = checkOnDemandRateLimit(limit);
		},
		runSyncCycle: (opts) => runCyclesNow(ctx, opts?.jobId),
		syncState: (tenantId) => {
			catchUpCycles(ctx);
			return syncStateDump(ctx, tenantId);
		},
		syncedUsers: (tenantId) => {
			catchUpCycles(ctx);
			return syncedUserDumps(ctx, tenantId);
		},
		setBatchCost: (cost) => {
			ctx.settings.batchCost = checkBatchCost(cost);
		},
		mintAccessToken: (opts) =>
			signAccessToken(keys, {
				url,
				tenantId: opts.tenantId,
				clientId: opts.clientId,
				roles: opts.roles,
				lifetimeSeconds: opts.expiresInSeconds ?? ctx.tokenLifetimeSeconds,
				audience: opts.audience,
				signWithForeignKey: opts.signWithForeignKey,
			}),
		reset: (nextSeed) => {
			if (nextSeed) {
				const loaded = loadSeed(nextSeed);
				const missing = missingCertificates(loaded, certificates);
				// Certificates are generated asynchronously at start; reset() is synchronous.
				if (missing.length > 0) throw new Error(`reset(): certificate apps ${missing.join(', ')} were not in the seed at start.`);
				seed = loaded;
				ctx.directory = new Directory(seed, certificates);
			}
			ctx.store.load(seed);
			ctx.directoryObjects.load(seed);
			ctx.sync.load(seed);
			ctx.onDemandLimiter.clear();
			ctx.faults.clear();
			releaseHungRequests();
			ctx.throttle.reset(startThrottling);
			ctx.settings = { ...settings };
			ctx.counters.tokensIssued = 0;
			log.length = 0;
		},
		close: () =>
			new Promise<void>((resolve) => {
				releaseHungRequests();
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};

	server.on('request', createRequestHandler(ctx, emulator));
	return emulator;
}
