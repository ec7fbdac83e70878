import { startEmulator } from './index';
import { tokenFor } from './test-client';
import type { GraphEmulator, StartOptions } from './types';

/** The emulator of one test file, and a token of the writer app (Policy.ReadWrite.CrossTenantAccess in Contoso). */
export interface EmulatorSession {
	emulator: GraphEmulator;
	writer: string;
}

/**
 * One emulator per test file, as the integration tests have theirs (test/support/fixtures.ts): started with these
 * options before the file's tests, reset before each test, closed after the last. `prepare` adds what a file needs
 * once (more tokens); the fields are filled in beforeAll.
 */
export function useEmulator<Extra extends object = object>(options?: StartOptions, prepare?: (emulator: GraphEmulator) => Promise<Extra>): EmulatorSession & Extra {
	const session = {} as EmulatorSession & Extra;
	beforeAll(async () => {
		session.emulator = await startEmulator(options);
		session.writer = await tokenFor(session.emulator);
		if (prepare) Object.assign(session, await prepare(session.emulator));
	});
	afterAll(async () => await session.emulator?.close());
	beforeEach(() => session.emulator.reset());
	return session;
}
