import { stableGuid } from './guid';
import type { EmulatorSeed } from './types';

/** Graph's "never" for steadyState…AchievedTime and the like. */
export const NEVER = '0001-01-01T00:00:00Z';

/** An application instantiated from a gallery template (the source tenant's cross-tenant sync configuration). */
export interface SyncApplication {
	id: string;
	appId: string;
	displayName: string;
	applicationTemplateId: string;
	createdDateTime: string;
	/** The msiam_access app role: the same id on the application and its service principal. */
	appRoleId: string;
	/** appid of the app that instantiated it: Application.ReadWrite.OwnedBy lets that app manage it. */
	ownerAppId: string;
}

export interface SyncServicePrincipal {
	id: string;
	appId: string;
	displayName: string;
	/** null for the service principals of the seed's app registrations. */
	applicationTemplateId: string | null;
	/** Set for instantiated ones (absent for the seed apps' service principals, which have no application object here). */
	applicationId?: string;
	appRoleId?: string;
	ownerAppId?: string;
	/** The clock's time before which this service principal answers 404 (replication after instantiate). */
	visibleAfter?: number;
}

export interface SynchronizationError {
	code: string;
	message: string;
	tenantActionable: boolean;
}

export interface TaskExecution {
	activityIdentifier: string | null;
	countEntitled: number;
	countEntitledForProvisioning: number;
	countEscrowed: number;
	countEscrowedRaw: number;
	countExported: number;
	countExports: number;
	countImported: number;
	countImportedDeltas: number;
	countImportedReferenceDeltas: number;
	error: SynchronizationError | null;
	state: 'Succeeded' | 'Failed' | 'EntryLevelErrors';
	timeBegan: string;
	timeEnded: string;
}

export interface Quarantine {
	currentBegan: string;
	nextAttempt: string;
	reason: string;
	seriesBegan: string;
	seriesCount: number;
	error: SynchronizationError;
}

export type JobStatusCode = 'NotConfigured' | 'NotRun' | 'Active' | 'Paused' | 'Quarantine';

export interface JobStatus {
	code: JobStatusCode;
	countSuccessiveCompleteFailures: number;
	escrowsPruned: boolean;
	lastExecution: TaskExecution | null;
	lastSuccessfulExecution: TaskExecution | null;
	lastSuccessfulExecutionWithExports: TaskExecution | null;
	quarantine: Quarantine | null;
	steadyStateFirstAchievedTime: string;
	steadyStateLastAchievedTime: string;
	troubleshootingUrl: string | null;
	progress: unknown[];
	synchronizedEntryCountByType: Array<{ key: string; value: number }>;
}

export interface SyncJob {
	id: string;
	servicePrincipalId: string;
	templateId: string;
	/** The id of the schema's USER_INBOUND_USER rule (provisionOnDemand names it). */
	ruleId: string;
	scheduleState: 'Disabled' | 'Active' | 'Paused';
	status: JobStatus;
	/** The clock's time of the next cycle (only while the schedule is Active and cycles run on the clock). */
	nextCycleAt?: number;
	/** Whether a cycle ever completed (start then answers Active rather than NotRun). */
	hasCompletedCycle: boolean;
}

export interface SyncSecret {
	key: string;
	value: string;
}

export interface AppRoleAssignment {
	id: string;
	appRoleId: string;
	createdDateTime: string;
	principalId: string;
	principalType: 'User' | 'Group';
	principalDisplayName: string;
	resourceId: string;
	resourceDisplayName: string;
}

interface TenantSync {
	applications: Map<string, SyncApplication>;
	servicePrincipals: Map<string, SyncServicePrincipal>;
	jobs: Map<string, SyncJob>;
	/** By service principal id. */
	secrets: Map<string, SyncSecret[]>;
	assignments: Map<string, AppRoleAssignment>;
}

export function newJobStatus(): JobStatus {
	return {
		code: 'Paused',
		countSuccessiveCompleteFailures: 0,
		escrowsPruned: false,
		lastExecution: null,
		lastSuccessfulExecution: null,
		lastSuccessfulExecutionWithExports: null,
		quarantine: null,
		steadyStateFirstAchievedTime: NEVER,
		steadyStateLastAchievedTime: NEVER,
		troubleshootingUrl: null,
		progress: [],
		synchronizedEntryCountByType: [],
	};
}

/**
 * The source tenant's side of cross-tenant sync, per tenant (the token's tid): applications, service principals,
 * jobs, secrets and app role assignments. Graph semantics live in the graph-sync-* routes.
 */
export class SyncStore {
	private tenants = new Map<string, TenantSync>();

	constructor(seed: EmulatorSeed) {
		this.load(seed);
	}

	/** Empties everything, then gives each seed app registration its service principal in its own tenant. */
	load(seed: EmulatorSeed): void {
		this.tenants.clear();
		for (const app of seed.apps) {
			const tenantId = app.tenantId.toLowerCase();
			const clientId = app.clientId.toLowerCase();
			// The same object id as the oid of the app's tokens (access-tokens.ts).
			const id = stableGuid('service-principal', tenantId, clientId);
			this.tenant(tenantId).servicePrincipals.set(id, { id, appId: clientId, displayName: app.displayName ?? clientId, applicationTemplateId: null });
		}
	}

	tenantIds(): string[] {
		return [...this.tenants.keys()];
	}

	applications(tenantId: string): SyncApplication[] {
		return [...this.tenant(tenantId).applications.values()];
	}

	application(tenantId: string, id: string): SyncApplication | undefined {
		return this.tenant(tenantId).applications.get(id.toLowerCase());
	}

	applicationByAppId(tenantId: string, appId: string): SyncApplication | undefined {
		return this.applications(tenantId).find((a) => a.appId === appId.toLowerCase());
	}

	servicePrincipals(tenantId: string): SyncServicePrincipal[] {
		return [...this.tenant(tenantId).servicePrincipals.values()];
	}

	servicePrincipal(tenantId: string, id: string): SyncServicePrincipal | undefined {
		return this.tenant(tenantId).servicePrincipals.get(id.toLowerCase());
	}

	servicePrincipalByAppId(tenantId: string, appId: string): SyncServicePrincipal | undefined {
		return this.servicePrincipals(tenantId).find((sp) => sp.appId === appId.toLowerCase());
	}

	addConfiguration(tenantId: string, application: SyncApplication, servicePrincipal: SyncServicePrincipal): void {
		const tenant = this.tenant(tenantId);
		tenant.applications.set(application.id, application);
		tenant.servicePrincipals.set(servicePrincipal.id, servicePrincipal);
	}

	/** Removes the application with its service principal, jobs, secrets and assignments (users already synchronized stay). */
	removeApplication(tenantId: string, applicationId: string): void {
		const tenant = this.tenant(tenantId);
		const application = tenant.applications.get(applicationId.toLowerCase());
		if (!application) return;
		tenant.applications.delete(application.id);
		for (const sp of this.servicePrincipals(tenantId).filter((s) => s.applicationId === application.id)) {
			tenant.servicePrincipals.delete(sp.id);
			tenant.secrets.delete(sp.id);
			for (const job of this.jobs(tenantId, sp.id)) tenant.jobs.delete(job.id);
			for (const assignment of this.assignments(tenantId, sp.id)) tenant.assignments.delete(assignment.id);
		}
	}

	jobs(tenantId: string, servicePrincipalId: string): SyncJob[] {
		return [...this.tenant(tenantId).jobs.values()].filter((j) => j.servicePrincipalId === servicePrincipalId.toLowerCase());
	}

	/** Job ids are case-sensitive strings like Azure2Azure.<hex>.<hex>; compared as Graph returns them. */
	job(tenantId: string, servicePrincipalId: string, jobId: string): SyncJob | undefined {
		const job = this.tenant(tenantId).jobs.get(jobId);
		return job && job.servicePrincipalId === servicePrincipalId.toLowerCase() ? job : undefined;
	}

	/** Every job of every tenant, for the cycle clock. */
	allJobs(): Array<{ tenantId: string; job: SyncJob }> {
		return [...this.tenants.entries()].flatMap(([tenantId, tenant]) => [...tenant.jobs.values()].map((job) => ({ tenantId, job })));
	}

	addJob(tenantId: string, job: SyncJob): void {
		this.tenant(tenantId).jobs.set(job.id, job);
	}

	removeJob(tenantId: string, jobId: string): void {
		this.tenant(tenantId).jobs.delete(jobId);
	}

	secrets(tenantId: string, servicePrincipalId: string): SyncSecret[] | undefined {
		return this.tenant(tenantId).secrets.get(servicePrincipalId.toLowerCase());
	}

	setSecrets(tenantId: string, servicePrincipalId: string, secrets: SyncSecret[]): void {
		this.tenant(tenantId).secrets.set(servicePrincipalId.toLowerCase(), secrets);
	}

	assignments(tenantId: string, servicePrincipalId: string): AppRoleAssignment[] {
		return [...this.tenant(tenantId).assignments.values()].filter((a) => a.resourceId === servicePrincipalId.toLowerCase());
	}

	addAssignment(tenantId: string, assignment: AppRoleAssignment): void {
		this.tenant(tenantId).assignments.set(assignment.id, assignment);
	}

	removeAssignment(tenantId: string, assignmentId: string): void {
		this.tenant(tenantId).assignments.delete(assignmentId);
	}

	private tenant(tenantId: string): TenantSync {
		const key = tenantId.toLowerCase();
		let tenant = this.tenants.get(key);
		if (!tenant) {
			tenant = { applications: new Map(), servicePrincipals: new Map(), jobs: new Map(), secrets: new Map(), assignments: new Map() };
			this.tenants.set(key, tenant);
		}
		return tenant;
	}
}
