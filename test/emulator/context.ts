import type { Directory } from './directory';
import type { FaultInjector } from './faults';
import type { SigningKeys } from './signing-keys';
import type { PolicyStore } from './state';

/** Everything a request handler may read or change; one per running emulator. */
export interface EmulatorContext {
	url: string;
	directory: Directory;
	store: PolicyStore;
	keys: SigningKeys;
	faults: FaultInjector;
	tokenLifetimeSeconds: number;
	counters: { tokensIssued: number };
}
