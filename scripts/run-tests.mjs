// Runs jest and ends with one plain summary line ("jest: N passed, N failed, N skipped") that CI reads.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const resultsFile = 'test-results.json';
rmSync(resultsFile, { force: true });

const jest = spawnSync(
	process.execPath,
	[require.resolve('jest/bin/jest'), '--json', `--outputFile=${resultsFile}`, ...process.argv.slice(2)],
	{ stdio: 'inherit' },
);

let summary;
try {
	summary = JSON.parse(readFileSync(resultsFile, 'utf8'));
} catch {
	console.error('jest wrote no results');
	process.exit(jest.status || 1);
}
const { numPassedTests: passed, numFailedTests: failed, numPendingTests: skipped } = summary;
console.log(`jest: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(jest.status !== 0 ? jest.status || 1 : passed === 0 ? 1 : 0);
