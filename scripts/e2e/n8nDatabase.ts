// Reads executions straight from the n8n user folder's SQLite database (read-only; n8n may be running).
import { DatabaseSync } from 'node:sqlite';
import path from 'node:path';
import type { IDataObject } from 'n8n-workflow';

export interface StoredExecution {
	id: number;
	workflowId: string;
	mode: string;
	status: string;
	lastNodeExecuted?: string;
	error?: { message?: string; description?: string; node?: string };
}

/** n8n stores run data with `flatted`: a table of values; strings in objects and arrays are indexes into it. */
export function unflatten(text: string): unknown {
	const table = JSON.parse(text) as unknown[];
	const done = new Map<number, unknown>();
	const revive = (value: unknown): unknown => (typeof value === 'string' ? at(Number(value)) : value);
	const at = (index: number): unknown => {
		if (done.has(index)) return done.get(index);
		const entry = table[index];
		if (Array.isArray(entry)) {
			const list: unknown[] = [];
			done.set(index, list);
			for (const value of entry) list.push(revive(value));
			return list;
		}
		if (entry !== null && typeof entry === 'object') {
			const object: Record<string, unknown> = {};
			done.set(index, object);
			for (const [key, value] of Object.entries(entry)) object[key] = revive(value);
			return object;
		}
		return entry;
	};
	return at(0);
}

const FINISHED = ['success', 'error', 'crashed', 'canceled'];

/**
 * The user folder's database, read-only. While n8n writes, a read waits up to 10 s for its lock (n8n 2.x and, with
 * the E2E's DB_SQLITE_POOL_SIZE, 1.x keep the file in WAL mode, where readers rarely wait).
 */
export function openN8nDatabase(userFolder: string): DatabaseSync {
	return new DatabaseSync(path.join(userFolder, '.n8n', 'database.sqlite'), { readOnly: true, timeout: 10_000 });
}

function read(userFolder: string, workflowId: string, afterId: number): StoredExecution[] {
	const db = openN8nDatabase(userFolder);
	try {
		const rows = db
			.prepare(
				'SELECT e.id AS id, e.workflowId AS workflowId, e.mode AS mode, e.status AS status, d.data AS data FROM execution_entity e LEFT JOIN execution_data d ON d.executionId = e.id WHERE e.workflowId = ? AND e.id > ? ORDER BY e.id',
			)
			.all(workflowId, afterId) as Array<{ id: number; workflowId: string; mode: string; status: string; data: string | null }>;
		return rows.map((row) => {
			const run = row.data ? (unflatten(row.data) as { resultData?: { lastNodeExecuted?: string; error?: Record<string, unknown> } }) : undefined;
			const error = run?.resultData?.error;
			const node = error?.node as { name?: string } | undefined;
			return {
				id: row.id,
				workflowId: row.workflowId,
				mode: row.mode,
				status: row.status,
				lastNodeExecuted: run?.resultData?.lastNodeExecuted,
				error: error ? { message: error.message as string | undefined, description: error.description as string | undefined, node: node?.name } : undefined,
			};
		});
	} finally {
		db.close();
	}
}

/** The executions of a workflow after `afterId`, once all of them are finished (n8n may save one just after answering). */
export async function finishedExecutions(userFolder: string, workflowId: string, afterId: number, timeoutMs = 15_000): Promise<StoredExecution[]> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const executions = read(userFolder, workflowId, afterId);
		if ((executions.length > 0 && executions.every((e) => FINISHED.includes(e.status))) || Date.now() > deadline) return executions;
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

/** The newest execution id of a workflow (0 when none). */
export function lastExecutionId(userFolder: string, workflowId: string): number {
	return read(userFolder, workflowId, 0).reduce((max, e) => Math.max(max, e.id), 0);
}

/** Waits until the executions of a workflow after `afterId` number `count` and all have one of `statuses`. */
export async function executionsReaching(
	userFolder: string,
	workflowId: string,
	afterId: number,
	count: number,
	statuses: string[],
	timeoutMs = 30_000,
): Promise<StoredExecution[]> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const executions = read(userFolder, workflowId, afterId);
		if ((executions.length >= count && executions.every((e) => statuses.includes(e.status))) || Date.now() > deadline) return executions;
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

/** The items a node of a stored execution output (its first run, first output). */
export function storedItems(userFolder: string, executionId: number, node: string): IDataObject[] {
	const db = openN8nDatabase(userFolder);
	try {
		const row = db.prepare('SELECT data FROM execution_data WHERE executionId = ?').get(executionId) as { data: string } | undefined;
		const run = row ? (unflatten(row.data) as { resultData?: { runData?: Record<string, Array<{ data?: { main?: Array<Array<{ json: IDataObject }>> } }>> } }) : undefined;
		return (run?.resultData?.runData?.[node]?.[0]?.data?.main?.[0] ?? []).map((item) => item.json);
	} finally {
		db.close();
	}
}
