import { parseRetryAfter } from '../../nodes/CrossTenantSyncPolicy/errors/graphFailure';
import { appliedDespiteLostAnswer, backoffMs, isRetryableStatus } from '../../nodes/CrossTenantSyncPolicy/executor/retryPolicy';

describe('retry policy', () => {
	it('retries throttling and unavailability only', () => {
		expect([429, 503, 504].every(isRetryableStatus)).toBe(true);
		expect([400, 401, 403, 404, 409, 500, 502].some(isRetryableStatus)).toBe(false);
	});

	it('reads Retry-After as seconds or as an HTTP date', () => {
		const now = Date.parse('2026-11-29T10:00:00Z');
		expect(parseRetryAfter('7', now)).toBe(7000);
		expect(parseRetryAfter('Sun, 29 Nov 2026 10:00:12 GMT', now)).toBe(12_000);
		expect(parseRetryAfter('Sun, 29 Nov 2026 09:59:00 GMT', now)).toBe(0);
		expect(parseRetryAfter(undefined, now)).toBeUndefined();
		expect(parseRetryAfter('soon', now)).toBeUndefined();
	});

	it('backs off exponentially with jitter between half and all of each step', () => {
		expect(backoffMs(0, () => 0)).toBe(250);
		expect(backoffMs(0, () => 1)).toBe(500);
		expect(backoffMs(3, () => 1)).toBe(4000);
		expect(backoffMs(20, () => 1)).toBe(30_000);
	});

	it('counts a lost write as applied only when its retry proves it', () => {
		const put = { method: 'PUT' as const, path: '/x' };
		expect(appliedDespiteLostAnswer(put, 409, 'Request_MultipleObjectsWithSameKeyValue')).toBe(204);
		expect(appliedDespiteLostAnswer(put, 400, 'Request_MultipleObjectsWithSameKeyValue')).toBe(204);
		expect(appliedDespiteLostAnswer(put, 409, 'SomethingElse')).toBeUndefined();
		expect(appliedDespiteLostAnswer({ method: 'POST', path: '/p' }, 400, 'Request_MultipleObjectsWithSameKeyValue')).toBe(201);
		expect(appliedDespiteLostAnswer({ method: 'DELETE', path: '/x' }, 404, 'Directory_ObjectNotFound')).toBe(204);
		expect(appliedDespiteLostAnswer({ method: 'PATCH', path: '/x' }, 404, 'Directory_ObjectNotFound')).toBeUndefined();
	});
});
