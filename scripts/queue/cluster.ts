// n8n in queue mode on loopback: Postgres, Redis, one main (`n8n start`) and workers (`n8n worker`), all on free ports,
// sharing the encryption key, the database and one nodes folder that holds the package.
import { mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';

import { n8nEnvironment } from '../e2e/n8nEnvironment';
import type { N8nServer } from '../e2e/n8nProcess';
import { N8nCli } from '../e2e/n8nProcess';
import type { Postgres } from './postgres';
import type { Redis } from './redis';

/** Queue mode settings every n8n process of the cluster gets. */
export function queueEnvironment(postgres: Postgres, redis: Redis, jobLock: JobLock): NodeJS.ProcessEnv {
	return {
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: postgres.host,
		DB_POSTGRESDB_PORT: String(postgres.port),
		DB_POSTGRESDB_DATABASE: postgres.database,
		DB_POSTGRESDB_USER: postgres.user,
		DB_POSTGRESDB_PASSWORD: '',
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: '127.0.0.1',
		QUEUE_BULL_REDIS_PORT: String(redis.port),
		QUEUE_WORKER_LOCK_DURATION: String(jobLock.lockDurationMs),
		QUEUE_WORKER_LOCK_RENEW_TIME: String(jobLock.lockRenewMs),
		QUEUE_WORKER_STALLED_INTERVAL: String(jobLock.stalledIntervalMs),
		// "Worker started execution N" is logged at info.
		N8N_LOG_LEVEL: 'info',
	};
}

/**
 * How soon a job whose worker died is noticed: Bull's job lock and stalled-job check. n8n's defaults are 60 s / 10 s /
 * 30 s; the test shortens them so that a killed worker's execution is settled in seconds, not minutes.
 */
export interface JobLock {
	lockDurationMs: number;
	lockRenewMs: number;
	stalledIntervalMs: number;
}

export interface QueueCluster {
	main: N8nServer;
	workers: N8nServer[];
	/** The CLI with the main's environment (imports, publish). */
	cli: N8nCli;
	/** Every CLI that started a process of the cluster (the main's and one per worker), for their port checks. */
	clis: N8nCli[];
	stop(): Promise<void>;
}

/**
 * A user folder per process (as on separate machines), each with `.n8n/nodes` pointing at the one nodes folder that
 * holds the package: what a volume mounted into the main and every worker container gives.
 */
export function userFolderWithSharedNodes(work: string, name: string, sharedNodesDir: string): string {
	const folder = path.join(work, name);
	mkdirSync(path.join(folder, '.n8n'), { recursive: true });
	symlinkSync(sharedNodesDir, path.join(folder, '.n8n', 'nodes'));
	return folder;
}

export interface ClusterOptions {
	bin: string;
	n8nVersion: string;
	work: string;
	sharedNodesDir: string;
	caPath: string;
	postgres: Postgres;
	redis: Redis;
	jobLock: JobLock;
	workers: number;
	workerConcurrency: number;
	/** Runs with the main's environment before the main starts (imports, publish). */
	prepare: (cli: N8nCli) => Promise<void>;
}

export async function startQueueCluster(options: ClusterOptions): Promise<QueueCluster> {
	const environment = (name: string) => ({
		...n8nEnvironment(userFolderWithSharedNodes(options.work, name, options.sharedNodesDir), options.caPath, options.n8nVersion),
		...queueEnvironment(options.postgres, options.redis, options.jobLock),
	});
	const cli = new N8nCli(options.bin, environment('main'));
	const clis = [cli];
	await options.prepare(cli);
	const started: N8nServer[] = [];
	const stop = async () => {
		await Promise.all(started.map((p) => p.stop()));
	};
	try {
		const main = await cli.start();
		started.push(main);
		const workers: N8nServer[] = [];
		for (let i = 1; i <= options.workers; i++) {
			const workerCli = new N8nCli(options.bin, environment(`worker${i}`));
			clis.push(workerCli);
			const worker = await workerCli.worker([`--concurrency=${options.workerConcurrency}`]);
			started.push(worker);
			workers.push(worker);
		}
		return { main, workers, cli, clis, stop };
	} catch (error) {
		await stop();
		throw error;
	}
}
