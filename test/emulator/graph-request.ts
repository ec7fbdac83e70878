import type { Exchange } from './exchange';
import type { RecordedRequest } from './types';

export type GraphVersion = 'v1.0' | 'beta';

/** One Graph operation, from its own HTTPS request or from a part of a JSON batch. */
export interface GraphRequest {
	method: string;
	version: GraphVersion;
	url: URL;
	/** Decoded path segments after the version. */
	segments: string[];
	/** Lower-case names. */
	headers: Record<string, string>;
	rawBody: string;
	record: RecordedRequest;
}

export interface GraphResponse {
	status: number;
	headers: Record<string, string>;
	body?: unknown;
}

export const WRITE_METHODS = ['POST', 'PUT', 'PATCH', 'DELETE'];

export function isWrite(method: string): boolean {
	return WRITE_METHODS.includes(method.toUpperCase());
}

export function graphVersion(segment: string | undefined): GraphVersion | undefined {
	const lower = (segment ?? '').toLowerCase();
	return lower === 'v1.0' || lower === 'beta' ? lower : undefined;
}

export function graphRequestFrom(ex: Exchange): GraphRequest {
	return {
		method: (ex.req.method ?? 'GET').toUpperCase(),
		version: graphVersion(ex.segments[0]) ?? 'v1.0',
		url: ex.url,
		segments: ex.segments.slice(1),
		headers: ex.record.headers,
		rawBody: ex.rawBody,
		record: ex.record,
	};
}
