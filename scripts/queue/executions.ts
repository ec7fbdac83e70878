import { unflatten } from '../e2e/n8nDatabase';
import type { N8nServer } from '../e2e/n8nProcess';
import type { Postgres } from './postgres';

export interface QueueExecution {
	id: number;
	status: string;
	mode: string;
}

/** A workflow's executions after `afterId`, from n8n's Postgres database. */
export function executionsAfter(postgres: Postgres, workflowId: string, afterId: number): QueueExecution[] {
	return postgres
		.query(`select id, status, mode from execution_entity where "workflowId" = '${workflowId}' and id > ${afterId} order by id`)
		.map(([id, status, mode]) => ({ id: Number(id), status, mode }));
}

export function lastExecutionId(postgres: Postgres, workflowId: string): number {
	return Number(postgres.query(`select coalesce(max(id), 0) from execution_entity where "workflowId" = '${workflowId}'`)[0]?.[0] ?? 0);
}

/** The execution ids a worker's log says it started ("Worker started execution N (job M)"). */
export function executionsStartedBy(worker: N8nServer): number[] {
	return [...worker.output().matchAll(/Worker started execution (\d+) \(job/g)].map((m) => Number(m[1]));
}

/** The error n8n stored with an execution (its run data's resultData.error.message). */
export function storedError(postgres: Postgres, executionId: number): string | undefined {
	const [row] = postgres.query(`select data from execution_data where "executionId" = ${executionId}`);
	if (!row?.[0]) return undefined;
	const run = unflatten(row[0]) as { resultData?: { error?: { message?: string } } };
	return run.resultData?.error?.message;
}
