import type { Socket } from 'node:net';

import type { Directory } from './directory';
import type { DirectoryObjects } from './directory-objects';
import type { FaultInjector } from './faults';
import type { SigningKeys } from './signing-keys';
import type { GraphReadings } from './readings';
import type { PolicyStore } from './state';
import type { OnDemandLimiter } from './sync-on-demand';
import type { SyncReadings } from './sync-readings';
import type { SyncStore } from './sync-store';
import type { BatchCost, ProvisionOnDemandRateLimit, RecordedRequest } from './types';
import type { WriteThrottle } from './write-throttle';

/** Settings a test may change while the emulator runs; reset() puts the start options back. */
export interface EmulatorSettings {
	replicationLagMs: number;
	policySizeLimitBytes: number;
	batchCost: Required<BatchCost>;
	readings: GraphReadings;
	serverPageSize?: number;
	syncCycleMs: number;
	servicePrincipalReplicationMs: number;
	provisionOnDemandRateLimit: ProvisionOnDemandRateLimit;
	syncReadings: SyncReadings;
}

/** Everything a request handler may read or change; one per running emulator. */
export interface EmulatorContext {
	url: string;
	directory: Directory;
	store: PolicyStore;
	/** Users and groups per tenant (source directories, synchronized users in targets). */
	directoryObjects: DirectoryObjects;
	/** The source side of cross-tenant sync: applications, service principals, jobs, secrets, assignments. */
	sync: SyncStore;
	/** Clock of the sync features (StartOptions.syncClock). */
	syncClock: () => number;
	onDemandLimiter: OnDemandLimiter;
	keys: SigningKeys;
	faults: FaultInjector;
	throttle: WriteThrottle;
	settings: EmulatorSettings;
	tokenLifetimeSeconds: number;
	counters: { tokensIssued: number };
	/** The request log; batch parts are appended here as they run. */
	log: RecordedRequest[];
	/** Sockets of requests held open by a FaultRule with hang; destroyed by reset() and close(). */
	hungSockets: Set<Socket>;
}
