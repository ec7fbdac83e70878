// A throwaway Redis for queue mode: loopback only, a free port, nothing saved to disk.
import { execFileSync } from 'node:child_process';

import { spawnGroup, stopGroup } from '../e2e/n8nProcess';
import { freePort, waitFor } from './freePort';

export interface Redis {
	port: number;
	stop(): Promise<void>;
}

export async function startRedis(workDir: string): Promise<Redis> {
	const port = await freePort();
	const redis = spawnGroup('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', workDir], process.env);
	await waitFor(
		`redis-server on port ${port}`,
		() => {
			try {
				return execFileSync('redis-cli', ['-h', '127.0.0.1', '-p', String(port), 'ping'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() === 'PONG';
			} catch {
				return false;
			}
		},
		redis.output,
	);
	return { port, stop: () => stopGroup(redis.pgid, 10_000) };
}
