import type { GraphReadings } from './readings';
import type { SyncReadings } from './sync-readings';

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
	/** Beta only, like the two below. */
	externalCloudAuthorizedApplicationId?: string | null;
	groupSyncInbound?: { isSyncAllowed: boolean };
	roleEnabledGroupSyncInbound?: { isSyncAllowed: boolean };
}

export interface SeedPartner {
	tenantId: string;
	isServiceProvider?: boolean | null;
	identitySynchronization?: SeedSyncPolicy;
	[extra: string]: unknown;
}

/** A user of a tenant's directory. Only members (userType Member) are ever synchronized to another tenant. */
export interface SeedUser {
	id: string;
	userPrincipalName: string;
	displayName: string;
	userType: 'Member' | 'Guest';
	mail?: string | null;
	accountEnabled?: boolean;
}

/** A security group; `members` are the object ids of its direct members (users or groups). */
export interface SeedGroup {
	id: string;
	displayName: string;
	members: string[];
}

export interface SeedDirectory {
	users?: SeedUser[];
	groups?: SeedGroup[];
}

export interface EmulatorSeed {
	tenants: SeedTenant[];
	apps: RegisteredApp[];
	/** Keyed by the owner (calling) tenant id. */
	partners: Record<string, SeedPartner[]>;
	/** Users and groups, keyed by tenant id (the source side of cross-tenant sync reads them). */
	directory?: Record<string, SeedDirectory>;
}

/** 'batch' is the outer POST /$batch; each of its parts is logged as its own 'graph' request. */
export type RequestKind = 'token' | 'metadata' | 'graph' | 'batch' | 'admin';

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
	/** Set on the parts of a JSON batch: the outer request's id and the part's id. */
	batch?: { requestId: string; partId: string };
	/**
	 * How a fault shaped the answer. 'reset' (socket destroyed, Faults.resetAfterApplying) and 'replaced' (a FaultRule
	 * with afterApplying) mean the request was applied but its answer was lost. 'redirected' (FaultRule.location),
	 * 'raw' (FaultRule.rawBody) and 'hung' (FaultRule.hang) are set whether or not the rule has afterApplying.
	 * `status` is the real outcome when the request ran (afterApplying, 'reset'), else what was answered (0 when
	 * hung); `answeredStatus` is what the client got (0 = nothing).
	 */
	faulted?: FaultKind;
	answeredStatus?: number;
	/** Set on an outer $batch request whose answer Faults.batchAnswers shaped. */
	batchShape?: BatchShapeRecord;
}

export type FaultKind = 'reset' | 'replaced' | 'redirected' | 'raw' | 'hung';

/** What Faults.batchAnswers did to one $batch answer; part ids as the client sent them. */
export interface BatchShapeRecord {
	/** Parts ran last to first (BatchAnswerShape.reverseOrder). */
	reversed: boolean;
	/** Parts that ran but whose answers were left out. */
	dropped: string[];
	/** Parts whose answer was followed by a failing copy. */
	duplicated: string[];
}

export interface FaultRule {
	method?: string;
	pathIncludes?: string;
	status: number;
	count: number;
	retryAfterSeconds?: number;
	code?: string;
	/** Run the request first (a write is applied), then answer with this rule's status instead of the real answer. */
	afterApplying?: boolean;
	/** Answer `status` (a 3xx) with this Location header and no body. On a batch part: part status and headers. */
	location?: string;
	/**
	 * Answer `status` (any, e.g. 200 from a proxy's sign-in page) with exactly this body text instead of a Graph error.
	 * On a batch part the body is this text as a JSON string, or the parsed value when contentType is JSON and it parses.
	 */
	rawBody?: string;
	/** Content type of rawBody; default `text/html; charset=utf-8`. Only with rawBody. */
	contentType?: string;
	/**
	 * Never answer: the request stays open until the client gives up (or reset()/close()). `status` is not sent.
	 * Matches single requests and, with a `$batch` pathIncludes, the outer batch request; never batch parts.
	 */
	hang?: boolean;
}

/** Shapes the answers of the next `count` $batch requests whose parts run. */
export interface BatchAnswerShape {
	count: number;
	/** The last n answers of `responses` are left out (their parts still ran). */
	dropParts?: number;
	/** The first n answers of `responses` are each followed by a copy with the same id and duplicateStatus. */
	duplicateParts?: number;
	/** Status of the copies (body: Graph error `generalException`). Default 500. */
	duplicateStatus?: number;
	/** Ready parts run last to first; `responses` lists them in run order. */
	reverseOrder?: boolean;
}

/**
 * Answers late: a matching request runs when it arrives (it reads and changes state then), and its answer is sent
 * `delayMs` later. Meanwhile other requests run, so a test can make two executions or two polls overlap.
 */
export interface SlowAnswerRule {
	method?: string;
	pathIncludes?: string;
	count: number;
	delayMs: number;
}

export interface Faults {
	/**
	 * L: what one request costs before it is answered. A single request waits L; a $batch waits L for its envelope,
	 * then L per part with at most BatchCost.partConcurrency parts at a time.
	 */
	latencyMs?: number;
	failures?: FaultRule[];
	/** The next N Graph requests get their socket destroyed without an answer. */
	resetConnections?: number;
	/** The next N Graph write requests (or $batch requests with a write part) are applied, then their socket is destroyed. */
	resetAfterApplying?: number;
	batchAnswers?: BatchAnswerShape;
	/** Single requests (or, with a `$batch` pathIncludes, whole batches) whose answer comes late; see SlowAnswerRule. */
	slowAnswers?: SlowAnswerRule[];
	/**
	 * The next N partner lists answer the first page again whatever their skip token, with a nextLink that differs
	 * only in a query parameter Graph would ignore: a list that never ends unless the client notices.
	 */
	repeatingPages?: number;
}

/**
 * Token bucket per (appid, tid) of the bearer token; every write takes one token. Graph's identity write limit
 * (3,000 per 150 s per app and tenant) is `{capacity: 3000, refillPerSecond: 20}`. The bucket refills continuously.
 */
export interface ThrottlingConfig {
	capacity: number;
	refillPerSecond: number;
	/**
	 * Whether admitted writes carry `x-ms-throttle-limit-percentage` once the bucket is more than 80 % used (our
	 * reading of Graph's throttling page, default true); false: only 429s carry the throttle headers.
	 */
	limitPercentageOnAdmitted?: boolean;
}

export interface ThrottleStats {
	admitted: number;
	rejected: number;
	/** Write answers (single or batch part) that carried `x-ms-throttle-limit-percentage`: used > 0.8, and every 429. */
	withLimitPercentage: number;
}

/**
 * What the parts of a $batch cost, with L = Faults.latencyMs. The envelope costs L; then each part costs L, with at
 * most `partConcurrency` parts running at a time. Parts start in the order they run (request order, dependsOn,
 * Faults.batchAnswers.reverseOrder), a part starts only once its dependencies are done, and a part refused for a
 * failed dependency (424) costs nothing.
 */
export interface BatchCost {
	/**
	 * Integer >= 1, or Infinity. Default (absent or Infinity): "parts in parallel", a batch without dependsOn costs 2L,
	 * each dependsOn level one more L. 1: "parts one after another", a batch of 20 costs 21L.
	 */
	partConcurrency?: number;
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
	/** For this long after POST …/partners, the new partner answers 404 as if not yet replicated. Default 0. */
	replicationLagMs?: number;
	/** Page size of partner lists that ask for no $top (server-driven paging); default: one page. */
	serverPageSize?: number;
	/** Cap on JSON.stringify(partners incl. sync policies) per owner tenant. Default 25600 (25 KB). */
	policySizeLimitBytes?: number;
	/** Write throttling; default off. */
	throttling?: ThrottlingConfig;
	/** What $batch parts cost under Faults.latencyMs; default: parts in parallel (partConcurrency Infinity). */
	batchCost?: BatchCost;
	/** Graph answers the reference does not pin down (readings.ts); default DEFAULT_READINGS. */
	readings?: Partial<GraphReadings>;
	/**
	 * How often a started sync job runs a cycle, in ms of the sync clock (Graph: every 40 minutes). Default 2000.
	 * 0: cycles run only when runSyncCycle() (or POST /_emulator/sync-cycle) asks.
	 */
	syncCycleMs?: number;
	/** For this long after instantiate, the new service principal answers 404 (not yet replicated). Default 0. */
	servicePrincipalReplicationMs?: number;
	/** provisionOnDemand's limit; default Graph's documented 5 requests per 10 s. */
	provisionOnDemandRateLimit?: ProvisionOnDemandRateLimit;
	/** Source-side sync answers Microsoft leaves open (sync-readings.ts); default DEFAULT_SYNC_READINGS. */
	syncReadings?: Partial<SyncReadings>;
	/**
	 * The clock (ms since the epoch) of the sync features: cycles, service principal replication, the provisionOnDemand
	 * window and the times jobs report. Default Date.now. Tests pass one they advance by hand.
	 */
	syncClock?: () => number;
}

export interface ProvisionOnDemandRateLimit {
	requests: number;
	windowMs: number;
}

/** What one sync cycle of one job did. */
export interface SyncCycleReport {
	/** The source tenant. */
	tenantId: string;
	servicePrincipalId: string;
	jobId: string;
	state: 'Succeeded' | 'Failed';
	/** Object ids of the users created in the target tenant. */
	created: string[];
	updated: string[];
	/** Set when the cycle failed (the job is then in quarantine). */
	error?: { code: string; message: string; tenantActionable: boolean };
}

/** A user cross-tenant sync created in a target tenant: Graph's user properties plus where it came from. */
export interface SyncedUserDump {
	id: string;
	displayName: string;
	userPrincipalName: string;
	mail: string | null;
	userType: string;
	accountEnabled: boolean;
	createdDateTime: string | null;
	externalUserState: string | null;
	externalUserStateChangeDateTime: string | null;
	sourceTenantId: string;
	sourceObjectId: string;
	servicePrincipalId: string;
	jobId: string;
	lastSynchronizedDateTime: string;
}

/** One cross-tenant sync configuration of a source tenant, as Graph would show its parts (secrets: keys only). */
export interface SyncConfigurationDump {
	application: Record<string, unknown>;
	servicePrincipal: Record<string, unknown>;
	/** True while the service principal answers 404 (servicePrincipalReplicationMs). */
	replicating: boolean;
	/** Graph's job objects, each with `nextCycleAt` (ISO time of its next cycle on the sync clock, or null). */
	jobs: Array<Record<string, unknown>>;
	/** The saved secrets' keys (values are never shown, as Graph never returns them); null when none were saved. */
	secretKeys: string[] | null;
	assignments: Array<Record<string, unknown>>;
}

export interface SyncStateDump {
	tenantId: string;
	/** The tenant's configurations as a source tenant. */
	configurations: SyncConfigurationDump[];
	/** The users synchronized into the tenant as a target tenant. */
	synchronizedUsers: SyncedUserDump[];
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
	/** Single Graph operations, whether sent alone or as $batch parts (kind 'graph'). */
	graphRequests(): RecordedRequest[];
	/** The outer POST /$batch requests (kind 'batch'). */
	batchRequests(): RecordedRequest[];
	tokensIssued(): number;
	state(ownerTenantId: string): PartnerStateDump;
	/** One partner of state(ownerTenantId), or undefined. */
	partner(ownerTenantId: string, partnerTenantId: string): Record<string, unknown> | undefined;
	setFaults(f: Faults): void;
	setReplicationLag(ms: number): void;
	/** Server-driven page size for partner lists without $top (undefined: everything in one page). */
	setServerPageSize(size: number | undefined): void;
	setPolicySizeLimit(bytes: number): void;
	/** undefined turns write throttling off. Resets the buckets (not the counters). */
	setThrottling(config: ThrottlingConfig | undefined): void;
	throttleStats(): ThrottleStats;
	/** undefined (or `{}`) puts back the default: parts in parallel. Applies to batches that start afterwards. */
	setBatchCost(cost: BatchCost | undefined): void;
	/** Chooses how undocumented answers are read (readings.ts); missing keys take the defaults. reset() restores the start options. */
	setReadings(readings: Partial<GraphReadings> | undefined): void;
	readings(): GraphReadings;
	/** Source-side sync readings (sync-readings.ts); missing keys take the defaults. reset() restores the start options. */
	setSyncReadings(readings: Partial<SyncReadings> | undefined): void;
	syncReadings(): SyncReadings;
	/** The sync cycle interval (see StartOptions.syncCycleMs); started jobs run their next cycle one new interval from now. */
	setSyncCycleMs(ms: number): void;
	/** Replication lag of service principals instantiated from now on. */
	setServicePrincipalReplicationMs(ms: number): void;
	/** undefined puts back Graph's 5 per 10 s. Calls already counted stay counted. */
	setProvisionOnDemandRateLimit(limit: ProvisionOnDemandRateLimit | undefined): void;
	/**
	 * Runs one cycle now (at the sync clock's time) of every started job (schedule Active, quarantined ones included),
	 * or of the job named (throws if there is none); first any cycles the clock says are due. Jobs not started run nothing.
	 */
	runSyncCycle(options?: { jobId?: string }): SyncCycleReport[];
	/** A tenant's sync configurations (as source) and synchronized users (as target), after any due cycles. */
	syncState(tenantId: string): SyncStateDump;
	/** The users cross-tenant sync created in `targetTenantId`, after any due cycles. */
	syncedUsers(targetTenantId: string): SyncedUserDump[];
	mintAccessToken(opts: MintAccessTokenOptions): string;
	/**
	 * Restores the seeded state (or loads a new seed object or path), clears log, faults, the token count and the
	 * throttle counters, and puts replication lag, size limit, throttling and batch cost back to the start options.
	 * The sync side likewise: configurations and synchronized users are gone, the directory is the seed's, the
	 * provisionOnDemand window is empty, and cycle interval, service principal lag, rate limit and sync readings are
	 * the start options again.
	 * Requests held open by a hang fault lose their connection.
	 */
	reset(seed?: EmulatorSeed | string): void;
	close(): Promise<void>;
}
