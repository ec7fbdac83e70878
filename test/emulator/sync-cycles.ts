import type { EmulatorContext } from './context';
import { newGuid } from './guid';
import { type ProvisionOutcome, provisionUser, usersInScope } from './sync-provisioning';
import { NEVER, type SyncJob, type TaskExecution } from './sync-store';
import { credentialsFrom, type PairProblem, pairProblems, synchronizationError } from './sync-validation';
import type { SyncCycleReport } from './types';

/**
 * Where a quarantined job points its admin. Graph fills troubleshootingUrl without documenting the value: this is
 * Microsoft's page on provisioning quarantine (our choice).
 */
export const TROUBLESHOOTING_URL = 'https://learn.microsoft.com/entra/identity/app-provisioning/application-provisioning-quarantine-status';
/** Graph's first retry of a quarantined job (application-provisioning-quarantine-status.md): used when no clock runs. */
const FIRST_QUARANTINE_RETRY_MS = 6 * 60 * 60 * 1000;

const iso = (ms: number) => new Date(ms).toISOString();

/** The next cycle of a job whose schedule is (or becomes) Active: one interval from `from`, none without a clock. */
export function scheduleNextCycle(ctx: EmulatorContext, job: SyncJob, from: number): void {
	const interval = ctx.settings.syncCycleMs;
	job.nextCycleAt = job.scheduleState === 'Active' && interval > 0 ? from + interval : undefined;
}

function execution(state: TaskExecution['state'], began: string, counts: Partial<TaskExecution> = {}): TaskExecution {
	return {
		activityIdentifier: newGuid(),
		countEntitled: 0,
		countEntitledForProvisioning: 0,
		countEscrowed: 0,
		countEscrowedRaw: 0,
		countExported: 0,
		countExports: 0,
		countImported: 0,
		countImportedDeltas: 0,
		countImportedReferenceDeltas: 0,
		error: null,
		state,
		timeBegan: began,
		timeEnded: began,
		...counts,
	};
}

function succeed(ctx: EmulatorContext, job: SyncJob, target: string, at: string, outcomes: ProvisionOutcome[]): void {
	const exported = outcomes.filter((o) => o.action !== 'None').length;
	const run = execution('Succeeded', at, {
		countEntitled: outcomes.length,
		countEntitledForProvisioning: outcomes.length,
		countImported: outcomes.length,
		countImportedDeltas: job.hasCompletedCycle ? exported : outcomes.length,
		countExported: exported,
		countExports: exported,
	});
	const synchronized = ctx.directoryObjects.syncedUsers(target).filter((u) => u.synchronizedFrom?.jobId === job.id).length;
	Object.assign(job.status, {
		code: 'Active',
		countSuccessiveCompleteFailures: 0,
		lastExecution: run,
		lastSuccessfulExecution: run,
		lastSuccessfulExecutionWithExports: exported > 0 ? run : job.status.lastSuccessfulExecutionWithExports,
		quarantine: null,
		steadyStateFirstAchievedTime: job.status.steadyStateFirstAchievedTime === NEVER ? at : job.status.steadyStateFirstAchievedTime,
		steadyStateLastAchievedTime: at,
		troubleshootingUrl: '',
		synchronizedEntryCountByType: [{ key: 'user to user', value: synchronized }],
	});
	job.hasCompletedCycle = true;
}

/**
 * A cycle that cannot reach the target puts the job into quarantine at once (reason EncounteredQuarantineException,
 * Microsoft's reason for bad credentials); each later failing attempt counts into the same series.
 */
function quarantine(ctx: EmulatorContext, job: SyncJob, atMs: number, problems: PairProblem[]): void {
	const at = iso(atMs);
	const error = synchronizationError(problems);
	const interval = ctx.settings.syncCycleMs;
	const nextAttempt = iso(atMs + (interval > 0 ? interval : FIRST_QUARANTINE_RETRY_MS));
	const previous = job.status.quarantine;
	Object.assign(job.status, {
		code: 'Quarantine',
		countSuccessiveCompleteFailures: job.status.countSuccessiveCompleteFailures + 1,
		lastExecution: execution('Failed', at, { error }),
		quarantine: previous
			? { ...previous, currentBegan: at, nextAttempt, seriesCount: previous.seriesCount + 1, error }
			: { currentBegan: at, nextAttempt, reason: 'EncounteredQuarantineException', seriesBegan: at, seriesCount: 0, error },
		troubleshootingUrl: TROUBLESHOOTING_URL,
	});
}

/**
 * One cycle of one job at `atMs`: checks the pair as validateCredentials does (from the saved secrets), then creates
 * or updates a target user for each source user in scope.
 */
export function runCycle(ctx: EmulatorContext, tenantId: string, job: SyncJob, atMs: number): SyncCycleReport {
	const report: SyncCycleReport = { tenantId, servicePrincipalId: job.servicePrincipalId, jobId: job.id, state: 'Succeeded', created: [], updated: [] };
	const credentials = credentialsFrom(ctx.sync.secrets(tenantId, job.servicePrincipalId));
	const problems = pairProblems(ctx, tenantId, credentials);
	if (problems.length > 0) {
		quarantine(ctx, job, atMs, problems);
		return { ...report, state: 'Failed', error: synchronizationError(problems) };
	}
	const target = (credentials.companyId ?? '').toLowerCase();
	const at = iso(atMs);
	const run = { sourceTenantId: tenantId, targetTenantId: target, servicePrincipalId: job.servicePrincipalId, job, at };
	const outcomes = usersInScope(ctx, tenantId, job.servicePrincipalId).map((user) => provisionUser(ctx, run, user));
	succeed(ctx, job, target, at, outcomes);
	for (const { action, user } of outcomes) {
		if (action === 'Create') report.created.push(user.id);
		if (action === 'Update') report.updated.push(user.id);
	}
	return report;
}

/**
 * Runs the cycles the clock says are due, once per job however many intervals passed (a late cycle, like one that
 * took longer than the interval), stamped with the last due time. Called before every Graph request and every
 * in-process read, so a cycle always sees the state from before the request that observes it: as a timer would,
 * without timers to clear.
 */
export function catchUpCycles(ctx: EmulatorContext): SyncCycleReport[] {
	const interval = ctx.settings.syncCycleMs;
	if (interval <= 0) return [];
	const now = ctx.syncClock();
	const reports: SyncCycleReport[] = [];
	for (const { tenantId, job } of ctx.sync.allJobs()) {
		if (job.scheduleState !== 'Active' || job.nextCycleAt === undefined || job.nextCycleAt > now) continue;
		const lastDue = job.nextCycleAt + Math.floor((now - job.nextCycleAt) / interval) * interval;
		reports.push(runCycle(ctx, tenantId, job, lastDue));
		job.nextCycleAt = lastDue + interval;
	}
	return reports;
}

/** One cycle now of every started job (schedule Active, quarantined ones included), or of the one named. */
export function runCyclesNow(ctx: EmulatorContext, jobId?: string): SyncCycleReport[] {
	catchUpCycles(ctx);
	const jobs = ctx.sync.allJobs().filter(({ job }) => jobId === undefined || job.id === jobId);
	if (jobId !== undefined && jobs.length === 0) throw new Error(`runSyncCycle(): no job ${jobId}.`);
	const now = ctx.syncClock();
	return jobs
		.filter(({ job }) => job.scheduleState === 'Active')
		.map(({ tenantId, job }) => {
			const report = runCycle(ctx, tenantId, job, now);
			scheduleNextCycle(ctx, job, now);
			return report;
		});
}
