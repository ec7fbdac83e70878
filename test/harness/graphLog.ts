import type { GraphEmulator } from '../emulator';

/** The Graph calls the emulator received, as "METHOD /path → status" lines: easy to read in a failing test. */
export function callLog(emulator: GraphEmulator): string[] {
	return emulator.graphRequests().map((r) => `${r.method} ${decodeURIComponent(r.path)} → ${r.status}`);
}
