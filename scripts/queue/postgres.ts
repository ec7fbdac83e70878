// A throwaway PostgreSQL cluster for queue mode: initdb in a temp folder, loopback only, a free port, trust auth.
// Postgres refuses to run as root: as root, it runs as a system user made for it (POSTGRES_RUN_AS, default xts-postgres).
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { spawnGroup, stopGroup } from '../e2e/n8nProcess';
import { freePort, waitFor } from './freePort';

export interface Postgres {
	host: string;
	port: number;
	user: string;
	database: string;
	dataDir: string;
	/** Runs SQL with psql; rows as arrays of column texts. */
	query(sql: string): string[][];
	stop(): Promise<void>;
}

/** Debian's PostgreSQL 15 server binaries (PG_BIN overrides). */
function binDir(): string {
	const dir = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';
	if (!existsSync(path.join(dir, 'initdb'))) throw new Error(`no initdb in ${dir}: install postgresql-15 (scripts/queue/ensure-tools.sh) or set PG_BIN`);
	return dir;
}

/** The command prefix that runs a server binary as a non-root user (none when this script is not root). */
function runAs(): { prefix: string[]; uid?: number; gid?: number } {
	if (process.getuid?.() !== 0) return { prefix: [] };
	const user = process.env.POSTGRES_RUN_AS ?? 'xts-postgres';
	try {
		execFileSync('id', ['-u', user], { stdio: 'ignore' });
	} catch {
		execFileSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', user], { stdio: 'inherit' });
	}
	const id = (flag: string) => Number(execFileSync('id', [flag, user], { encoding: 'utf8' }).trim());
	return { prefix: ['runuser', '-u', user, '--'], uid: id('-u'), gid: id('-g') };
}

export async function startPostgres(): Promise<Postgres> {
	const bin = binDir();
	const as = runAs();
	// Its own temp folder (not inside the caller's, which may be private to root), owned by the user postgres runs as.
	const dataDir = mkdtempSync(path.join(tmpdir(), 'xts-queue-pg-'));
	if (as.uid !== undefined && as.gid !== undefined) chownSync(dataDir, as.uid, as.gid);
	const user = 'n8n';
	const command = (name: string, args: string[]) => (as.prefix.length > 0 ? [as.prefix[0], [...as.prefix.slice(1), path.join(bin, name), ...args]] : [path.join(bin, name), args]) as [string, string[]];
	const [initdb, initdbArgs] = command('initdb', ['-D', path.join(dataDir, 'data'), '-U', user, '--auth=trust', '--encoding=UTF8', '--no-locale', '--no-sync']);
	execFileSync(initdb, initdbArgs, { stdio: ['ignore', 'ignore', 'inherit'] });

	const port = await freePort();
	// fsync off: a test cluster that is thrown away after the run.
	const [postgres, postgresArgs] = command('postgres', ['-D', path.join(dataDir, 'data'), '-p', String(port), '-h', '127.0.0.1', '-k', dataDir, '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=200']);
	const server = spawnGroup(postgres, postgresArgs, process.env);
	const psql = (database: string, sql: string) =>
		execFileSync('psql', ['-h', '127.0.0.1', '-p', String(port), '-U', user, '-d', database, '-v', 'ON_ERROR_STOP=1', '-AtF', '\t', '-c', sql], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
	await waitFor(
		`postgres on port ${port}`,
		() => {
			try {
				psql('postgres', 'select 1');
				return true;
			} catch {
				return false;
			}
		},
		server.output,
	);
	const database = 'n8n';
	psql('postgres', `create database ${database}`);
	return {
		host: '127.0.0.1',
		port,
		user,
		database,
		dataDir,
		query: (sql) =>
			psql(database, sql)
				.split('\n')
				.filter((line) => line !== '')
				.map((line) => line.split('\t')),
		// SIGINT to the postmaster is its fast shutdown (SIGTERM would wait for clients). Its children put themselves
		// in process groups of their own, so the postmaster itself must end them.
		stop: async () => {
			const postmaster = Number(readFileSync(path.join(dataDir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
			try {
				process.kill(postmaster, 'SIGINT');
			} catch {
				// already gone
			}
			await waitFor('postgres to stop', () => !existsSync(path.join(dataDir, 'data', 'postmaster.pid')), () => server.output(), 20_000).catch(() => undefined);
			await stopGroup(server.pgid, 5_000);
		},
	};
}
