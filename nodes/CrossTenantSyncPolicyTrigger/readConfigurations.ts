import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import { runPlans } from '../CrossTenantSyncPolicy/executor/runPlans';
import { pagedList } from '../CrossTenantSyncPolicy/actions/pagedList';
import type { RequestSettings } from '../CrossTenantSyncPolicy/actions/requestSettings';
import { configurationOf } from '../CrossTenantSyncPolicy/actions/syncConfiguration/configurationRef';
import { jobSummary, withJobs } from '../CrossTenantSyncPolicy/actions/syncConfiguration/syncJob';
import { createGraphTransport } from '../CrossTenantSyncPolicy/transport/graphTransport';
import { configurationsPath, servicePrincipalPath } from '../CrossTenantSyncPolicy/transport/graphPaths';
import type { Snapshot } from './drift';
import { missingFrom } from './drift';
import { stillThere } from './readSnapshot';

/**
 * What the trigger watches of a configuration's job: its status code, whether and why it is quarantined (and since
 * when the series began: a new quarantine is a change; each retry within it moves currentBegan and the counters,
 * which are left out), and how its last execution ended. So a job that stays as it is emits nothing.
 */
export interface JobState extends IDataObject {
	displayName: string | null;
	jobId: string | null;
	jobStatus: string | null;
	quarantineReason: string | null;
	quarantineBegan: string | null;
	lastExecutionState: string | null;
}

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

export function jobState(configuration: IDataObject, job: IDataObject): JobState {
	const summary = jobSummary(job);
	const quarantine = (summary.quarantine ?? null) as IDataObject | null;
	return {
		displayName: text(configuration.displayName),
		jobId: text(summary.jobId),
		jobStatus: text(summary.jobStatus),
		quarantineReason: quarantine ? text(quarantine.reason) : null,
		quarantineBegan: quarantine ? text(quarantine.seriesBegan) : null,
		lastExecutionState: text((summary.lastExecution as IDataObject | null)?.state),
	};
}

export interface ConfigurationsRead {
	states: Snapshot<JobState>;
	/** The jobs as Graph returned them this poll, for the items' `job`. */
	jobs: Record<string, IDataObject>;
}

/**
 * Reads every cross-tenant sync configuration of the tenant with its job. A configuration of `previous` the list
 * lacks is read by ID before it counts as removed (as for partners: the list may have shifted while it was read).
 */
export async function readConfigurations(ctx: IPollFunctions, previous: Snapshot<JobState> | undefined, options: RequestSettings): Promise<ConfigurationsRead> {
	const transport = await createGraphTransport(ctx, { timeoutMs: options.timeoutMs });
	const read: ConfigurationsRead = { states: {}, jobs: {} };
	const list = { method: 'GET' as const, path: `${configurationsPath()}&$select=id,displayName,appId`, list: true };
	const start = {
		next: pagedList("The trigger's poll", list, Infinity, configurationOf, (configurations) =>
			withJobs(configurations, (found) => {
				for (const { configuration, job } of found) {
					const id = String(configuration.configurationId);
					read.states[id] = jobState(configuration, job);
					read.jobs[id] = job;
				}
				return { output: {} };
			}),
		),
	};
	const [result] = await runPlans(ctx, transport, [{ itemIndex: 0, operation: 'watch', subject: 'all configurations', start }], { batch: false, maxRetries: options.maxRetries, maxInFlight: 1 });
	if ('error' in result) throw result.error;
	if (previous === undefined) return read;
	for (const id of await stillThere(ctx, transport, missingFrom(read.states, previous), servicePrincipalPath, options)) read.states[id] = previous[id];
	return read;
}
