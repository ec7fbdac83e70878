/**
 * The checks of the real-n8n suites (test:e2e, test:browser, test:queue): `  ✓ name` / `  ✕ name` as they run, and the
 * summary line CI reads, named after its suite (`e2e: N passed, N failed`, `browser: …`, `queue: …`).
 */
const results: Array<{ name: string; error?: unknown }> = [];

export function check(name: string, assertion: () => void): void {
	try {
		assertion();
		results.push({ name });
		console.log(`  ✓ ${name}`);
	} catch (error) {
		results.push({ name, error });
		console.log(`  ✕ ${name}\n    ${String(error instanceof Error ? error.message : error).split('\n').join('\n    ')}`);
	}
}

/** Runs a scenario; if it throws (n8n would not start, a command failed), that is one failed check and the E2E goes on. */
export async function scenario(name: string, run: () => Promise<void>): Promise<void> {
	try {
		await run();
	} catch (error) {
		check(`${name} ran to the end`, () => {
			throw error;
		});
	}
}

export type Suite = 'e2e' | 'browser' | 'queue';

/** Prints the suite's summary line; true when every check passed. */
export function printSummary(suite: Suite): boolean {
	const failed = results.filter((r) => r.error).length;
	console.log(`\n${suite}: ${results.length - failed} passed, ${failed} failed`);
	return failed === 0;
}

/** Runs a suite to its exit code; a crash still ends with the suite's summary line, as one failure. */
export function runSuite(suite: Suite, main: () => Promise<number>): void {
	main().then(
		(code) => process.exit(code),
		(error: unknown) => {
			console.error(error);
			console.log(`${suite}: 0 passed, 1 failed`);
			process.exit(1);
		},
	);
}

/** The end of a long output, for assertion messages. */
export function tail(text: string, chars = 2000): string {
	return text.length > chars ? `…${text.slice(-chars)}` : text;
}
