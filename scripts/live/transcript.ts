import type { ScenarioRun } from './scenarios';
import { readingsFrom } from './scenarios';

/**
 * What `npm run test:live -- --record` keeps of a run: statuses, error codes, property names and the readings they
 * imply. No token, secret, tenant ID, tenant or display name, request-id or message is kept (messages can name
 * tenants): test/conformance/live.test.ts replays transcripts against the emulator.
 */
export interface LiveTranscript {
	recordedAt: string;
	graphVersion: 'v1.0';
	write: boolean;
	initial: { partnerExists: boolean; syncPolicy: boolean };
	observations: ScenarioRun['observations'];
	readings: Record<string, string | number>;
}

export function transcriptOf(run: ScenarioRun, recordedAt = new Date().toISOString().slice(0, 10)): LiveTranscript {
	return {
		recordedAt,
		graphVersion: 'v1.0',
		write: run.write,
		initial: { partnerExists: run.initial.partnerExists, syncPolicy: run.initial.syncPolicy !== null },
		observations: run.observations.map(({ step, row, method, path, status, code, properties }) => ({
			step,
			row,
			method,
			path,
			status,
			...(code !== undefined ? { code } : {}),
			...(properties !== undefined ? { properties } : {}),
		})),
		readings: readingsFrom(run.observations),
	};
}

const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/** Problems that would make a transcript leak something: any GUID, or anything that looks like a token. */
export function leaks(transcript: LiveTranscript): string[] {
	const text = JSON.stringify(transcript);
	return [GUID.test(text) ? 'a GUID' : '', /eyJ[\w-]{10,}/.test(text) ? 'a JWT' : '', /Bearer /i.test(text) ? 'a bearer header' : ''].filter(Boolean);
}
