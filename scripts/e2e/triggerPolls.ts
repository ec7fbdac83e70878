import type { GraphEmulator } from '../../test/emulator';

/** Resolves once Graph has received `count` polls of the trigger (its list request) since the last clear. */
export async function polls(emulator: GraphEmulator, count: number, timeoutMs: number): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	const seen = () => emulator.graphRequests().filter((r) => r.method === 'GET' && r.query.$select === 'tenantId,automaticUserConsentSettings').length;
	while (seen() < count) {
		if (Date.now() > deadline) throw new Error(`the trigger polled ${seen()} times within ${timeoutMs / 1000} s, expected ${count}`);
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}
