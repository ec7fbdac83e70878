import { isAlreadyExists } from '../errors/graphFailure';
import type { GraphCall } from '../plan';

const RETRYABLE_STATUSES = new Set([429, 503, 504]);
const BACKOFF_BASE_MS = 500;
const BACKOFF_CAP_MS = 30_000;

/** Only throttling and "try again" answers are retried; other 4xx would fail the same way again. */
export function isRetryableStatus(statusCode: number): boolean {
	return RETRYABLE_STATUSES.has(statusCode);
}

/** Exponential backoff with jitter (50–100 % of the step), for answers without Retry-After. */
export function backoffMs(attempt: number, random = Math.random): number {
	const step = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attempt);
	return Math.round(step * (0.5 + random() * 0.5));
}

/**
 * When a write's answer was lost (network reset, 5xx) and its retry says "already there" / "already gone",
 * the first attempt was applied: report the success the lost answer would have been.
 */
export function appliedDespiteLostAnswer(call: GraphCall, statusCode: number, code: string | undefined): number | undefined {
	if (call.method === 'PUT' && isAlreadyExists(statusCode, code)) return 204;
	if (call.method === 'POST' && isAlreadyExists(statusCode, code)) return 201;
	if (call.method === 'DELETE' && statusCode === 404) return 204;
	return undefined;
}
