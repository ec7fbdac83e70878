// Which n8n the E2E and the queue test run: `--n8n-version=X` or N8N_VERSION, else the pinned version.
import { execFileSync } from 'node:child_process';
import path from 'node:path';

/** The n8n version the package is developed and tested against (CI runs it). */
export const PINNED_N8N_VERSION = '2.41.1';

export function requestedN8nVersion(argv = process.argv.slice(2)): string {
	const flag = argv.find((a) => a.startsWith('--n8n-version='))?.split('=')[1];
	const version = flag ?? process.env.N8N_VERSION ?? PINNED_N8N_VERSION;
	if (!/^\d+\.\d+\.\d+$/.test(version)) throw new Error(`n8n version must be exact (x.y.z), got '${version}'`);
	return version;
}

/** Installs that n8n into the cache when absent (scripts/e2e/provision-n8n.sh) and returns its bin folder. */
export function provisionN8n(version = requestedN8nVersion()): { version: string; bin: string } {
	const bin = execFileSync('bash', [path.resolve(__dirname, 'provision-n8n.sh')], {
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'inherit'],
		env: { ...process.env, N8N_VERSION: version },
	}).trim();
	return { version, bin };
}

/** The CLI call that activates a workflow: n8n 2.x publishes it; 1.x has no publish:workflow yet. */
export function activateWorkflowArgs(version: string, workflowId: string): string[] {
	return version.startsWith('1.') ? ['update:workflow', `--id=${workflowId}`, '--active=true'] : ['publish:workflow', `--id=${workflowId}`];
}

/** The CLI call that deactivates a workflow: n8n 2.x unpublishes it; 1.x has no unpublish:workflow yet. */
export function deactivateWorkflowArgs(version: string, workflowId: string): string[] {
	return version.startsWith('1.') ? ['update:workflow', `--id=${workflowId}`, '--active=false'] : ['unpublish:workflow', `--id=${workflowId}`];
}

/** How the checks name activation in this n8n: `n8n publish:workflow` (2.x) or `n8n update:workflow --active=true` (1.x). */
export function activateCommandName(version: string): string {
	return `n8n ${activateWorkflowArgs(version, '…').filter((a) => !a.startsWith('--id=')).join(' ')}`;
}
