// Runs jest and ends with one plain summary line ("jest: N passed, N failed, N skipped") that CI reads — also when
// a failed setup leaves something open that would keep jest from exiting: once jest has written its results, it
// gets a few seconds to exit on its own, then it is stopped.
import { spawn } from 'node:child_process';
import { clearInterval, setInterval, setTimeout } from 'node:timers';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';

const require = createRequire(import.meta.url);
const resultsFile = 'test-results.json';
const GRACE_MS = 10_000;
rmSync(resultsFile, { force: true });

// n8n-core keeps an encryption key in $N8N_USER_FOLDER/.n8n/config: a temporary folder, not the user's home.
// Its logger would print every node error a test provokes on purpose: a green run stays quiet.
const userFolder = mkdtempSync(path.join(tmpdir(), 'xts-jest-n8n-'));
const env = { ...process.env, N8N_USER_FOLDER: userFolder, N8N_ENCRYPTION_KEY: 'xts-jest-key-not-a-secret', N8N_LOG_LEVEL: 'silent' };

const jest = spawn(process.execPath, [require.resolve('jest/bin/jest'), '--json', `--outputFile=${resultsFile}`, ...process.argv.slice(2)], {
	stdio: 'inherit',
	env,
});
let stopped = false;
const watchdog = setInterval(() => {
	if (!existsSync(resultsFile)) return;
	clearInterval(watchdog);
	setTimeout(() => {
		stopped = true;
		console.error(`jest did not exit within ${GRACE_MS / 1000} s after its last test (something was left open): stopped`);
		jest.kill('SIGKILL');
	}, GRACE_MS).unref();
}, 500);
process.on('SIGINT', () => {});

const status = await new Promise((resolve) => jest.on('exit', (code) => resolve(code)));
clearInterval(watchdog);
rmSync(userFolder, { recursive: true, force: true });

let summary;
try {
	summary = JSON.parse(readFileSync(resultsFile, 'utf8'));
} catch {
	console.error('jest wrote no results');
	process.exit(status || 1);
}
const { numPassedTests: passed, numFailedTests: failed, numPendingTests: skipped } = summary;
console.log(`jest: ${passed} passed, ${failed} failed, ${skipped} skipped`);
const broken = failed > 0 || summary.numRuntimeErrorTestSuites > 0;
process.exit(broken || (status !== 0 && !stopped) ? status || 1 : passed === 0 ? 1 : 0);
