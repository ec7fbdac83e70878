import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { syncJobPath } from '../../transport/graphPaths';
import { successOutput } from '../outputs';
import { ParameterReader } from '../parameters';
import type { ItemPlan } from '../../plan';
import { forConfiguration, planConfiguration, readConfigurationRef } from './configurationRef';
import { jobSummary, withJob } from './syncJob';

export interface JobAction {
	operation: 'start' | 'pause' | 'restart';
	/** What the output's `action` says when the call was sent. */
	done: 'started' | 'paused' | 'restarted';
	/** The body Graph receives (a batch part needs one, so it is at least {}). */
	body: IDataObject;
	/** True when the job already is where the action would take it: nothing is sent (`action: "unchanged"`). */
	alreadyThere?(job: IDataObject): boolean;
}

/**
 * Start, Pause and Restart: read the configuration's job, then POST the action to it — or, when the job already is
 * where the action would take it, send nothing (Microsoft asks not to start a running job again).
 */
export function planJobAction(ctx: IExecuteFunctions, itemIndex: number, action: JobAction): ItemPlan {
	const configuration = readConfigurationRef(new ParameterReader(ctx, itemIndex));
	return {
		itemIndex,
		operation: action.operation,
		...planConfiguration(configuration),
		start: forConfiguration(configuration, (configurationId) => ({
			next: withJob(configurationId, (job) => {
				const before = { configurationId, jobId: job.id, previousStatus: jobSummary(job).jobStatus };
				if (action.alreadyThere?.(job)) return { output: { success: true, operation: action.operation, ...before, changed: false, action: 'unchanged' } };
				return {
					next: {
						call: { method: 'POST', path: `${syncJobPath(configurationId, String(job.id))}/${action.operation}`, body: action.body },
						onSuccess: (reply) => ({ output: successOutput(action.operation, { configurationId }, reply, { jobId: job.id, previousStatus: before.previousStatus, action: action.done }) }),
					},
				};
			}),
		})),
	};
}
