import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * n8n-core keeps its instance settings (an encryption key) in `$N8N_USER_FOLDER/.n8n/config`, by default under the
 * user's home. In-process runs (tests, `npm run demo`) point it at a temporary folder, removed when the process
 * ends, so nothing is written into the real home. Runs once per process, before n8n-core first reads it.
 */
export function useTemporaryN8nUserFolder(): void {
	if (process.env.N8N_USER_FOLDER) return;
	const folder = mkdtempSync(path.join(tmpdir(), 'xts-n8n-'));
	process.env.N8N_USER_FOLDER = folder;
	process.env.N8N_ENCRYPTION_KEY ??= 'xts-in-process-key-not-a-secret';
	process.on('exit', () => rmSync(folder, { recursive: true, force: true }));
}
