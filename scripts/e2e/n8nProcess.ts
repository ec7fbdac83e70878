// Every n8n the E2E starts: its own free ports, its own process group (n8n spawns task runners), stopped at the end.
import { spawn } from 'node:child_process';
import type { Server } from 'node:net';
import { createServer } from 'node:net';
import path from 'node:path';
import type { IDataObject, IRun } from 'n8n-workflow';

/** n8n's default editor and task broker ports: no n8n the tests start may listen on them (another n8n may). */
export const N8N_DEFAULT_PORTS = [5678, 5679];

/**
 * Every port n8n 2.41.1 can bind (read from @n8n/config and n8n's own code): the editor/API, the task broker
 * (`n8n execute` starts one too), the worker health server (queue mode only) and the engine-v2 module's two
 * servers (off by default). Internal task runners get a fixed environment from n8n and bind nothing; the
 * Python runner is not installed here.
 */
export interface N8nPorts {
	N8N_PORT: number;
	N8N_RUNNERS_BROKER_PORT: number;
	QUEUE_HEALTH_CHECK_PORT: number;
	N8N_ENGINE_PORT: number;
	N8N_ENGINE_CONTROL_PLANE_PORT: number;
}

const PORT_VARIABLES: Array<keyof N8nPorts> = ['N8N_PORT', 'N8N_RUNNERS_BROKER_PORT', 'QUEUE_HEALTH_CHECK_PORT', 'N8N_ENGINE_PORT', 'N8N_ENGINE_CONTROL_PLANE_PORT'];

function listen(port: number): Promise<Server> {
	return new Promise((resolve, reject) => {
		const server = createServer((socket) => socket.destroy());
		server.once('error', reject);
		server.listen(port, '127.0.0.1', () => resolve(server));
	});
}

function close(server: Server): Promise<void> {
	return new Promise((resolve) => server.close(() => resolve()));
}

/** Free ports, one per variable: all listened on at once (port 0, so no two are the same), then released. */
export async function freeN8nPorts(): Promise<N8nPorts> {
	const servers = await Promise.all(PORT_VARIABLES.map(() => listen(0)));
	const ports = servers.map((s) => {
		const address = s.address();
		if (address === null || typeof address === 'string') throw new Error('no TCP port');
		return address.port;
	});
	await Promise.all(servers.map(close));
	return Object.fromEntries(PORT_VARIABLES.map((name, i) => [name, ports[i]])) as unknown as N8nPorts;
}

export function portEnvironment(ports: N8nPorts): NodeJS.ProcessEnv {
	return Object.fromEntries(Object.entries(ports).map(([name, port]) => [name, String(port)]));
}

// Process groups: n8n is started detached (its own group), so stopping it also stops the task runners it spawned.
const groups = new Set<number>();
let cleanupInstalled = false;

function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
	try {
		process.kill(-pgid, signal);
		return true;
	} catch {
		return false;
	}
}

export function groupAlive(pgid: number): boolean {
	return signalGroup(pgid, 0);
}

function killAllGroups(): void {
	for (const pgid of groups) signalGroup(pgid, 'SIGKILL');
	groups.clear();
}

function installCleanup(): void {
	if (cleanupInstalled) return;
	cleanupInstalled = true;
	process.on('exit', killAllGroups);
	for (const signal of ['SIGINT', 'SIGTERM'] as const) {
		process.on(signal, () => {
			killAllGroups();
			process.exit(130);
		});
	}
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** SIGTERM to the whole group, SIGKILL to what is left after `graceMs`; resolves once the group is empty. */
export async function stopGroup(pgid: number, graceMs = 20_000): Promise<void> {
	signalGroup(pgid, 'SIGTERM');
	const deadline = Date.now() + graceMs;
	while (groupAlive(pgid) && Date.now() < deadline) await sleep(200);
	if (groupAlive(pgid)) signalGroup(pgid, 'SIGKILL');
	for (let i = 0; i < 50 && groupAlive(pgid); i++) await sleep(100);
	groups.delete(pgid);
}

export interface GroupProcess {
	pgid: number;
	exited: Promise<number>;
	stdout: () => string;
	stderr: () => string;
	output: () => string;
}

/**
 * Starts a command detached, in its own process group (stopped with stopGroup, and killed when this script exits),
 * collecting its output.
 */
export function spawnGroup(command: string, args: string[], env: NodeJS.ProcessEnv): GroupProcess {
	installCleanup();
	const child = spawn(command, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
	if (child.pid === undefined) throw new Error(`could not start ${command} ${args.join(' ')}`);
	const pgid = child.pid;
	groups.add(pgid);
	let stdout = '';
	let stderr = '';
	child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
	child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
	const exited = new Promise<number>((resolve) => {
		child.once('error', () => resolve(127));
		child.once('close', (code) => resolve(code ?? 1));
	});
	return { pgid, exited, stdout: () => stdout, stderr: () => stderr, output: () => `${stdout}\n${stderr}` };
}

export interface N8nRun {
	status: number;
	stdout: string;
	stderr: string;
	output: string;
	ports: N8nPorts;
}

export interface Execution extends N8nRun {
	run?: IRun;
}

/** The items a node output in the first run of an execution. */
export function itemsOf(execution: Execution, node: string): IDataObject[] {
	const task = execution.run?.data.resultData.runData[node]?.[0];
	return (task?.data?.main?.[0] ?? []).map((item) => item.json);
}

/**
 * How many input items a node reported on: items whose output is paired to them (pairedItem) and is either a
 * success or a paired error. A success is our node's `success: true`, or an HTTP Request node item that carries no
 * `error`; an error item carries `error`. Each input item counts once, however many items it produced; an output
 * item that names no input item counts for nothing.
 */
export function reportedItems(execution: Execution, node: string): number {
	const task = execution.run?.data.resultData.runData[node]?.[0];
	const reported = new Set<number>();
	for (const item of task?.data?.main?.[0] ?? []) {
		const paired = item.pairedItem;
		const first = Array.isArray(paired) ? paired[0] : paired;
		const index = typeof first === 'number' ? first : first?.item;
		if (typeof index !== 'number') continue;
		const json = item.json ?? {};
		const isError = json.error !== undefined;
		const isSuccess = 'success' in json ? json.success === true : !isError;
		if (isSuccess || isError) reported.add(index);
	}
	return reported.size;
}

export interface N8nServer {
	url: string;
	ports: N8nPorts;
	pgid: number;
	output(): string;
	stop(): Promise<void>;
}

/** What an n8n process said about the ports it listens on ("n8n ready on …, port N", "Task Broker ready on …, port N"). */
export interface PortUse {
	command: string;
	chosen: N8nPorts;
	output: () => string;
}

/** Runs n8n commands with the E2E's environment, each process on fresh free ports. */
export class N8nCli {
	readonly processes: PortUse[] = [];

	constructor(
		readonly bin: string,
		readonly env: NodeJS.ProcessEnv,
	) {}

	private async spawnN8n(args: string[]) {
		const ports = await freeN8nPorts();
		const started = spawnGroup(path.join(this.bin, 'n8n'), args, { ...this.env, ...portEnvironment(ports) });
		this.processes.push({ command: args[0], chosen: ports, output: started.output });
		return { ...started, ports };
	}

	/** A command that ends by itself (import, export, execute, publish); killed with its group after `timeoutMs`. */
	async run(args: string[], { timeoutMs = 180_000 } = {}): Promise<N8nRun> {
		const started = await this.spawnN8n(args);
		const timer = setTimeout(() => void stopGroup(started.pgid, 0), timeoutMs);
		const status = await started.exited;
		clearTimeout(timer);
		// A task runner that outlived its n8n goes too.
		await stopGroup(started.pgid, 5_000);
		return { status, stdout: started.stdout(), stderr: started.stderr(), output: started.output(), ports: started.ports };
	}

	/** Like run(), but throws with n8n's output when the command fails (its migrations stay out of the report otherwise). */
	async runOrThrow(args: string[]): Promise<N8nRun> {
		const result = await this.run(args);
		if (result.status !== 0) throw new Error(`n8n ${args.join(' ')} exited with ${result.status}:\n${result.output.slice(-3000)}`);
		return result;
	}

	/**
	 * `n8n execute --rawOutput`: log lines come first on stdout; the run data JSON (pretty-printed) starts at the first
	 * line beginning with `{` and ends at the first line that is exactly `}`. A failed execution prints it too (through
	 * the logger, followed by the error's lines), so its run data (the failed node's time, for one) is read as well.
	 */
	async execute(workflowId: string): Promise<Execution> {
		const result = await this.run(['execute', `--id=${workflowId}`, '--rawOutput']);
		const lines = result.stdout.split('\n');
		const start = lines.findIndex((line) => line.startsWith('{'));
		const end = lines.indexOf('}', start);
		let run: IRun | undefined;
		if (start >= 0 && end > start) {
			try {
				run = JSON.parse(lines.slice(start, end + 1).join('\n')) as IRun;
			} catch {
				run = undefined;
			}
		}
		return { ...result, run };
	}

	/** `n8n start` in its own process group; resolves once /healthz answers. */
	async start(readyTimeoutMs = 120_000): Promise<N8nServer> {
		const started = await this.spawnN8n(['start']);
		const url = `http://127.0.0.1:${started.ports.N8N_PORT}`;
		await waitUntilReady('n8n start', started, async () => {
			try {
				return (await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) })).ok;
			} catch {
				return false;
			}
		}, readyTimeoutMs);
		return { url, ports: started.ports, pgid: started.pgid, output: started.output, stop: () => stopGroup(started.pgid) };
	}

	/** `n8n worker` (queue mode) in its own process group; resolves once it says it is ready (its log level must be info or lower). */
	async worker(args: string[] = [], readyTimeoutMs = 120_000): Promise<N8nServer> {
		const started = await this.spawnN8n(['worker', ...args]);
		await waitUntilReady('n8n worker', started, () => Promise.resolve(started.output().includes('n8n worker is now ready')), readyTimeoutMs);
		return { url: '', ports: started.ports, pgid: started.pgid, output: started.output, stop: () => stopGroup(started.pgid) };
	}
}


/** Waits until `ready()` holds, or the process exits, or `timeoutMs` passes (then stops its group and throws). */
async function waitUntilReady(what: string, started: GroupProcess, ready: () => Promise<boolean>, timeoutMs: number): Promise<void> {
	let exitCode: number | undefined;
	void started.exited.then((code) => (exitCode = code));
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if (exitCode !== undefined) {
			await stopGroup(started.pgid);
			throw new Error(`${what} exited with ${exitCode} before it was ready:\n${started.output().slice(-3000)}`);
		}
		if (await ready()) return;
		if (Date.now() > deadline) {
			await stopGroup(started.pgid);
			throw new Error(`${what} was not ready within ${timeoutMs / 1000} s:\n${started.output().slice(-3000)}`);
		}
		await sleep(500);
	}
}

/**
 * The ports each n8n process reported listening on, compared with the ones the E2E chose for it. Empty when all match
 * and none is one of n8n's defaults; otherwise one line per mismatch.
 */
export function portMismatches(processes: PortUse[]): { mismatches: string[]; reported: number } {
	const mismatches: string[] = [];
	let reported = 0;
	for (const p of processes) {
		const output = p.output();
		for (const [pattern, variable] of [
			[/^n8n ready on [^,]+, port (\d+)/gm, 'N8N_PORT'],
			[/Task Broker ready on [^,]+, port (\d+)/g, 'N8N_RUNNERS_BROKER_PORT'],
		] as const) {
			for (const match of output.matchAll(pattern)) {
				reported++;
				const port = Number(match[1]);
				if (port !== p.chosen[variable] || N8N_DEFAULT_PORTS.includes(port)) {
					mismatches.push(`n8n ${p.command}: ${variable} chosen ${p.chosen[variable]}, listened on ${port}`);
				}
			}
		}
	}
	return { mismatches, reported };
}
