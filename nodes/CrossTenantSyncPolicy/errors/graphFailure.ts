import type { GraphFailure } from '../plan';

interface GraphErrorBody {
	error?: {
		code?: unknown;
		message?: unknown;
		innerError?: Record<string, unknown>;
		details?: unknown;
	};
}

const RETRY_AFTER_CAP_MS = 300_000;

/**
 * The one Retry-After parser: seconds or an HTTP date, in ms from now (capped at 5 minutes); undefined when absent
 * or unreadable. The executor waits this long; the error message shows it in seconds.
 */
export function parseRetryAfter(value: unknown, now = Date.now()): number | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const text = String(value).trim();
	const ms = /^\d+(\.\d+)?$/.test(text) ? Number(text) * 1000 : Date.parse(text) - now;
	return Number.isFinite(ms) ? Math.min(Math.max(ms, 0), RETRY_AFTER_CAP_MS) : undefined;
}

function text(value: unknown): string | undefined {
	return typeof value === 'string' && value !== '' ? value : undefined;
}

export function parseGraphFailure(
	statusCode: number,
	body: unknown,
	headers: Record<string, unknown>,
): GraphFailure {
	const parsed = (typeof body === 'string' ? safeJson(body) : body) as GraphErrorBody | undefined;
	const error = parsed?.error;
	const inner = error?.innerError ?? {};
	const retryAfterMs = parseRetryAfter(headers['retry-after']);
	return {
		statusCode,
		code: text(error?.code) ?? `HTTP${statusCode}`,
		message: text(error?.message) ?? `Graph answered HTTP ${statusCode} without an error body.`,
		requestId: text(headers['request-id']) ?? text(inner['request-id']),
		date: text(inner.date),
		retryAfterSeconds: retryAfterMs === undefined ? undefined : Math.ceil(retryAfterMs / 1000),
		...detailsOf(error?.details),
	};
}

function detailsOf(details: unknown): { details?: string[] } {
	if (!Array.isArray(details)) return {};
	const messages = details.map((detail) => text((detail as { message?: unknown } | null)?.message)).filter((m): m is string => m !== undefined);
	return messages.length > 0 ? { details: messages } : {};
}

function safeJson(value: string): unknown {
	try {
		return JSON.parse(value);
	} catch {
		return undefined;
	}
}

/** Graph's "already there" for a create (PUT of a sync policy, POST of a partner): 409 or 400, one code for both. */
export function isAlreadyExists(statusCode: number, code: string | undefined): boolean {
	return (statusCode === 409 || statusCode === 400) && code === 'Request_MultipleObjectsWithSameKeyValue';
}

/**
 * Graph's "not there" for a sync policy or a partner. Microsoft's pages and troubleshooting name several codes
 * (Request_ResourceNotFound, Directory_ObjectNotFound, ResourceNotFound) and which comes for which case (no policy,
 * no partner, a partner not yet replicated) is not documented, so every 404 counts, whatever its code: where the
 * decision writes, the flow asks Graph about the partner (GET) or lets Graph's "already exists" correct it.
 */
export function isNotFound(failure: GraphFailure): boolean {
	return failure.statusCode === 404;
}
