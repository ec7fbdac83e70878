import type { Socket } from 'node:net';

import type { Directory } from './directory';
import type { FaultInjector } from './faults';
import type { SigningKeys } from './signing-keys';
import type { GraphReadings } from './readings';
import type { PolicyStore } from './state';
import type { BatchCost, RecordedRequest } from './types';
import type { WriteThrottle } from './write-throttle';

/** Everything a request handler may read or change; one per running emulator. */
export interface EmulatorContext {
	url: string;
	directory: Directory;
	store: PolicyStore;
	keys: SigningKeys;
	faults: FaultInjector;
	throttle: WriteThrottle;
	settings: { replicationLagMs: number; policySizeLimitBytes: number; batchCost: Required<BatchCost>; readings: GraphReadings; serverPageSize?: number };
	tokenLifetimeSeconds: number;
	counters: { tokensIssued: number };
	/** The request log; batch parts are appended here as they run. */
	log: RecordedRequest[];
	/** Sockets of requests held open by a FaultRule with hang; destroyed by reset() and close(). */
	hungSockets: Set<Socket>;
}
