import type { GraphCall } from '../plan';
import type { HttpAnswer } from './answerShape';

/** Graph's limit of requests in one JSON batch. */
export const MAX_BATCH_SIZE = 20;

export interface BatchRequestPart {
	id: string;
	method: string;
	url: string;
	headers?: Record<string, string>;
	body?: unknown;
}

/** The body of POST /$batch: part ids are the calls' positions, URLs relative to the version root. */
export function buildBatchPayload(calls: GraphCall[]): { requests: BatchRequestPart[] } {
	if (calls.length === 0 || calls.length > MAX_BATCH_SIZE) {
		throw new RangeError(`A batch holds 1 to ${MAX_BATCH_SIZE} calls, not ${calls.length}`);
	}
	return {
		requests: calls.map((call, index) => ({
			id: String(index),
			method: call.method,
			url: call.path,
			...(call.body !== undefined ? { headers: { 'Content-Type': 'application/json' }, body: call.body } : {}),
		})),
	};
}

interface RawPart {
	id?: unknown;
	status?: unknown;
	headers?: unknown;
	body?: unknown;
}

/**
 * Pairs the parts of a $batch answer with the calls by id (Graph may answer in any order). A call whose part is
 * missing or malformed gets undefined, one answered twice with different statuses 'ambiguous': its outcome is unknown.
 */
export function mapBatchResponses(callCount: number, body: unknown): Array<HttpAnswer | 'ambiguous' | undefined> {
	const mapped = new Array<HttpAnswer | 'ambiguous' | undefined>(callCount).fill(undefined);
	const responses = (body as { responses?: unknown } | undefined)?.responses;
	if (!Array.isArray(responses)) return mapped;
	for (const part of responses as RawPart[]) {
		const index = typeof part?.id === 'string' && /^\d+$/.test(part.id) ? Number(part.id) : -1;
		if (index < 0 || index >= callCount || typeof part.status !== 'number') continue;
		const seen = mapped[index];
		if (seen !== undefined) {
			if (seen === 'ambiguous' || seen.statusCode !== part.status) mapped[index] = 'ambiguous';
			continue;
		}
		const headers =
			part.headers && typeof part.headers === 'object'
				? Object.fromEntries(Object.entries(part.headers).map(([name, value]) => [name.toLowerCase(), value]))
				: {};
		mapped[index] = { statusCode: part.status, body: part.body, headers };
	}
	return mapped;
}
