import type { IDataObject } from 'n8n-workflow';

import { syncJobsPath } from '../../transport/graphPaths';
import type { PlanStep, StepOutcome } from '../../plan';
import { withoutODataAnnotations } from '../../plan';

/** The provisioning job template of Microsoft's cross-tenant sync gallery app. */
export const JOB_TEMPLATE_ID = 'Azure2Azure';

/** Graph's "never" in job timestamps. */
const NEVER = '0001-01-01T00:00:00Z';

const objectOrNull = (value: unknown): IDataObject | null => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as IDataObject) : null);

/** A job as the node outputs it: the fields a workflow branches on, and Graph's whole job object under `job`. */
export function jobSummary(job: IDataObject): IDataObject {
	const status = objectOrNull(job.status) ?? {};
	const steadyState = status.steadyStateLastAchievedTime;
	return {
		jobId: job.id,
		jobStatus: status.code ?? null,
		schedule: job.schedule ?? null,
		lastExecution: status.lastExecution ?? null,
		quarantine: status.quarantine ?? null,
		steadyStateLastAchievedTime: typeof steadyState === 'string' && steadyState !== NEVER ? steadyState : null,
		job,
	};
}

/** Reads the configuration's provisioning job (the Azure2Azure one) and continues with it. */
export function withJob(configurationId: string, continueWith: (job: IDataObject) => StepOutcome): PlanStep {
	return {
		call: { method: 'GET', path: syncJobsPath(configurationId), list: true },
		onSuccess: (reply) => {
			const jobs = ((reply.body as { value: unknown[] }).value ?? []).map(withoutODataAnnotations);
			const job = jobs.find((j) => j.templateId === JOB_TEMPLATE_ID) ?? jobs[0];
			if (!job) throw new Error(`Configuration ${configurationId} has no provisioning job; Sync Configuration → Create makes one`);
			return continueWith(job);
		},
	};
}

/** The job's schedule is on and it is not in quarantine: starting it again would restart nothing. */
export function isRunning(job: IDataObject): boolean {
	return objectOrNull(job.schedule)?.state === 'Active' && objectOrNull(job.status)?.code !== 'Quarantine';
}

export function isPaused(job: IDataObject): boolean {
	return objectOrNull(job.schedule)?.state === 'Paused';
}

/**
 * Each configuration's job, read one after another (Graph lists no jobs across service principals); a configuration
 * deleted meanwhile (404) is left out.
 */
export function withJobs(
	configurations: IDataObject[],
	continueWith: (found: Array<{ configuration: IDataObject; job: IDataObject }>) => StepOutcome,
	found: Array<{ configuration: IDataObject; job: IDataObject }> = [],
): StepOutcome {
	const [configuration, ...rest] = configurations;
	if (!configuration) return continueWith(found);
	const step = withJob(String(configuration.configurationId), (job) => withJobs(rest, continueWith, [...found, { configuration, job }]));
	return { next: { ...step, onFailure: (failure) => (failure.statusCode === 404 ? withJobs(rest, continueWith, found) : undefined) } };
}
