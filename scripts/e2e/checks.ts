/** The E2E's checks: `  ✓ name` / `  ✕ name` as they run, and the summary line CI reads (`e2e: N passed, N failed`). */
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

/** Prints the summary line; true when every check passed. */
export function printSummary(): boolean {
	const failed = results.filter((r) => r.error).length;
	console.log(`\ne2e: ${results.length - failed} passed, ${failed} failed`);
	return failed === 0;
}

/** The end of a long output, for assertion messages. */
export function tail(text: string, chars = 2000): string {
	return text.length > chars ? `…${text.slice(-chars)}` : text;
}
