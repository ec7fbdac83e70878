import type { GraphFailure } from '../plan';

interface GraphErrorBody {
	error?: {
		code?: unknown;
		message?: unknown;
		innerError?: Record<string, unknown>;
	};
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
	const retryAfter = Number(headers['retry-after'] ?? NaN);
	return {
		statusCode,
		code: text(error?.code) ?? `HTTP${statusCode}`,
		message: text(error?.message) ?? `Graph answered HTTP ${statusCode} without an error body.`,
		requestId: text(headers['request-id']) ?? text(inner['request-id']),
		date: text(inner.date),
		retryAfterSeconds: Number.isFinite(retryAfter) ? retryAfter : undefined,
	};
}

function safeJson(value: string): unknown {
	try {
		return JSON.parse(value);
	} catch {
		return undefined;
	}
}
