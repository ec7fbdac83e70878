import type { IncomingMessage, ServerResponse } from 'node:http';

import { handleAdmin } from './admin';
import type { EmulatorContext } from './context';
import { entraRoute, handleEntra } from './entra';
import { type Exchange, flattenHeaders, pathSegments, queryObject, readBody, send } from './exchange';
import { handleGraphExchange } from './graph-dispatch';
import { graphVersion } from './graph-request';
import { newGuid } from './guid';
import type { GraphEmulator, RecordedRequest, RequestKind } from './types';

function classify(segments: string[]): RequestKind {
	const first = (segments[0] ?? '').toLowerCase();
	if (first === '_emulator') return 'admin';
	if (graphVersion(first)) return segments.length === 2 && segments[1].toLowerCase() === '$batch' ? 'batch' : 'graph';
	return entraRoute(segments) === 'token' ? 'token' : 'metadata';
}

function parseBody(kind: RequestKind, contentType: string | undefined, rawBody: string): unknown {
	if (rawBody === '') return undefined;
	if (kind === 'token' || (contentType ?? '').includes('application/x-www-form-urlencoded')) {
		return Object.fromEntries(new URLSearchParams(rawBody).entries());
	}
	try {
		return JSON.parse(rawBody) as unknown;
	} catch {
		return undefined;
	}
}

/** Logs every request on arrival, then hands it to the admin, Graph or Entra part. */
export function createRequestHandler(ctx: EmulatorContext, emulator: GraphEmulator) {
	return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
		const url = new URL(req.url ?? '/', ctx.url);
		// Route and log the path as sent: URL parsing would resolve "..", hiding what a client really asked for.
		const rawPath = (req.url ?? '/').split('?')[0];
		const segments = pathSegments(rawPath);
		const headers = flattenHeaders(req);
		const record: RecordedRequest = {
			id: newGuid(),
			method: req.method ?? 'GET',
			path: rawPath,
			query: queryObject(url),
			headers,
			body: undefined,
			rawBody: '',
			status: 0,
			kind: classify(segments),
			at: Date.now(),
		};
		ctx.log.push(record);
		const ex: Exchange = { req, res, record, url, segments, rawBody: '' };
		try {
			ex.rawBody = await readBody(req);
			record.rawBody = ex.rawBody;
			record.body = parseBody(record.kind, headers['content-type'], ex.rawBody);
			if (record.kind === 'admin') handleAdmin(emulator, ex, ctx.directory.firstTenantId());
			else if (record.kind === 'graph' || record.kind === 'batch') await handleGraphExchange(ctx, ex);
			else handleEntra(ctx, ex);
		} catch (error) {
			send(ex, 500, { 'content-type': 'application/json' }, { error: error instanceof Error ? error.message : String(error) });
		}
	};
}
