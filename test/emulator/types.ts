export interface RegisteredApp {
	tenantId: string;
	clientId: string;
	displayName?: string;
	secret?: string;
	secretExpired?: boolean;
	certificate?: 'generate';
	roles: string[];
}

export interface SeedTenant {
	tenantId: string;
	displayName?: string;
	domains?: string[];
}

export interface SeedSyncPolicy {
	displayName?: string | null;
	userSyncInbound?: { isSyncAllowed: boolean };
}

export interface SeedPartner {
	tenantId: string;
	isServiceProvider?: boolean | null;
	identitySynchronization?: SeedSyncPolicy;
	[extra: string]: unknown;
}

export interface EmulatorSeed {
	tenants: SeedTenant[];
	apps: RegisteredApp[];
	/** Keyed by the owner (calling) tenant id. */
	partners: Record<string, SeedPartner[]>;
}

export type RequestKind = 'token' | 'metadata' | 'graph' | 'admin';

export interface RecordedRequest {
	id: string;
	method: string;
	path: string;
	query: Record<string, string>;
	headers: Record<string, string>;
	body: unknown;
	rawBody: string;
	status: number;
	kind: RequestKind;
	tenantId?: string;
	at: number;
}

export interface FaultRule {
	method?: string;
	pathIncludes?: string;
	status: number;
	count: number;
	retryAfterSeconds?: number;
	code?: string;
}

export interface Faults {
	latencyMs?: number;
	failures?: FaultRule[];
	/** The next N Graph requests get their socket destroyed without an answer. */
	resetConnections?: number;
}

export interface TlsMaterial {
	certPem: string;
	keyPem: string;
}

export interface StartOptions {
	seed?: EmulatorSeed | string;
	port?: number;
	host?: '127.0.0.1';
	tokenLifetimeSeconds?: number;
	tls?: TlsMaterial;
}

export interface MintAccessTokenOptions {
	tenantId: string;
	clientId: string;
	roles: string[];
	expiresInSeconds?: number;
	signWithForeignKey?: boolean;
	audience?: string;
}

export interface PartnerStateDump {
	partners: Array<Record<string, unknown>>;
}

export interface GraphEmulator {
	url: string;
	caCertPem: string;
	appCredentialPem(clientId: string): string;
	appCertificateThumbprint(clientId: string): string;
	requests: RecordedRequest[];
	clearRequests(): void;
	graphRequests(): RecordedRequest[];
	tokensIssued(): number;
	state(ownerTenantId: string): PartnerStateDump;
	setFaults(f: Faults): void;
	mintAccessToken(opts: MintAccessTokenOptions): string;
	/** Restores the seeded state (or loads a new seed object or path), clears log, faults and the token count. */
	reset(seed?: EmulatorSeed | string): void;
	close(): Promise<void>;
}
