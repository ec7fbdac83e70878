import type { IncomingMessage, ServerResponse } from 'node:http';

import type { RecordedRequest } from './types';

/** One request/response pair as the handlers see it. */
export interface Exchange {
	req: IncomingMessage;
	res: ServerResponse;
	/** The log entry; its status is set by send(). */
	record: RecordedRequest;
	url: URL;
	/** Decoded path segments, without empty ones. */
	segments: string[];
	rawBody: string;
}

const MAX_BODY_BYTES = 4 * 1024 * 1024;

export async function readBody(req: IncomingMessage): Promise<string> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of req as AsyncIterable<Buffer>) {
		size += chunk.length;
		if (size > MAX_BODY_BYTES) throw new Error('request body too large');
		chunks.push(chunk);
	}
	return Buffer.concat(chunks).toString('utf8');
}

export function flattenHeaders(req: IncomingMessage): Record<string, string> {
	const headers: Record<string, string> = {};
	for (const [name, value] of Object.entries(req.headers)) {
		if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
	}
	return headers;
}

export function queryObject(url: URL): Record<string, string> {
	return Object.fromEntries(url.searchParams.entries());
}

export function pathSegments(pathname: string): string[] {
	return pathname
		.split('/')
		.filter((segment) => segment !== '')
		.map((segment) => {
			try {
				return decodeURIComponent(segment);
			} catch {
				return segment;
			}
		});
}

export function headerValue(ex: Exchange, name: string): string | undefined {
	const value = ex.req.headers[name.toLowerCase()];
	return Array.isArray(value) ? value[0] : value;
}

export function send(ex: Exchange, status: number, headers: Record<string, string>, body?: unknown): void {
	ex.record.status = status;
	respond(ex, status, headers, body);
}

/** Like send(), but leaves the log entry alone: for answers that differ from the logged outcome. */
export function respond(ex: Exchange, status: number, headers: Record<string, string>, body?: unknown): void {
	if (ex.res.headersSent || ex.res.destroyed) return;
	const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
	const allHeaders: Record<string, string> = { ...headers };
	if (payload !== undefined) allHeaders['content-length'] = String(Buffer.byteLength(payload));
	ex.res.writeHead(status, allHeaders);
	ex.res.end(payload);
}
