import { startEmulator } from '../emulator';
import { graphCall, tokenFor } from '../emulator/test-client';
import type { GraphEmulator } from '../emulator';
import { bodyDifferences, emulatorPath, loadFixtures, seedFor } from './conformance';

/**
 * The emulator held against Microsoft's published examples: the documented request, sent as the page shows it,
 * gets the documented status and a body of the documented shape (with the example's values where the emulator
 * was seeded with the example's state).
 */
describe('conformance: the emulator answers the documented requests as documented', () => {
	let emulator: GraphEmulator;
	let token: string;

	beforeAll(async () => {
		emulator = await startEmulator();
		token = await tokenFor(emulator);
	});
	afterAll(async () => await emulator.close());

	it.each(loadFixtures())('%s', async (_name, fixture) => {
		emulator.reset(seedFor(fixture));
		const { request, response } = fixture;
		const headers = Object.fromEntries(Object.entries(request.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]));
		const answer = await graphCall(emulator, token, request.method, emulatorPath(request.url), request.body, headers);

		expect(answer.status).toBe(response.status);
		expect(answer.status).toBe(fixture.documented.successStatus);
		if (response.body === undefined) {
			expect(answer.text).toBe('');
			return;
		}
		expect(answer.headers['content-type']).toMatch(/^application\/json/);
		const body = answer.json();
		if (fixture.compare === 'envelope') {
			const documented = (response.body as { responses: Array<Record<string, unknown>> }).responses;
			const parts = (body as { responses?: Array<Record<string, unknown>> }).responses ?? [];
			const sentIds = (request.body as { requests: Array<{ id: string }> }).requests.map((r) => r.id).sort();
			expect(parts.map((p) => p.id).sort()).toEqual(sentIds);
			for (const part of parts) expect(Object.keys(part).sort()).toEqual(Object.keys(documented[0]).sort());
			for (const part of parts) expect(typeof part.status).toBe('number');
			return;
		}
		expect(bodyDifferences(response.body, body, fixture.compare !== 'shape')).toEqual([]);
	});
});
