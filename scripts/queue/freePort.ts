import { createServer } from 'node:net';

/** A free TCP port on 127.0.0.1 (listened on with port 0, then released). */
export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() => (address !== null && typeof address === 'object' ? resolve(address.port) : reject(new Error('no TCP port'))));
		});
	});
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `ready` every 250 ms until it holds; throws with `describe()` after `timeoutMs`. */
export async function waitFor(what: string, ready: () => boolean | Promise<boolean>, describe: () => string, timeoutMs = 60_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!(await ready())) {
		if (Date.now() > deadline) throw new Error(`${what} not ready within ${timeoutMs / 1000} s:\n${describe().slice(-3000)}`);
		await sleep(250);
	}
}
