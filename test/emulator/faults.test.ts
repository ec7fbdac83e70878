import { CONTOSO, FABRIKAM, PARTNERS_PATH, SYNC_PATH, SYNC_URL, TAILSPIN, graphCall, graphCode, secretForm, tokenRequest } from './test-client';
import { useEmulator } from './session';

describe('emulated Graph: fault injection', () => {
	const session = useEmulator();

	it('answers 429 with Retry-After for `count` matching requests, then succeeds', async () => {
		session.emulator.setFaults({ failures: [{ method: 'PATCH', pathIncludes: '/identitySynchronization', status: 429, count: 2, retryAfterSeconds: 3 }] });
		const get = await graphCall(session.emulator, session.writer, 'GET', SYNC_PATH(FABRIKAM));
		expect(get.status).toBe(200);
		for (let i = 0; i < 2; i++) {
			const throttled = await graphCall(session.emulator, session.writer, 'PATCH', SYNC_PATH(FABRIKAM), { displayName: 'x' });
			expect(throttled.status).toBe(429);
			expect(throttled.headers['retry-after']).toBe('3');
			expect(throttled.json()).toMatchObject({ error: { code: 'TooManyRequests', message: 'Too many requests' } });
			expect(throttled.headers['request-id']).toBeDefined();
		}
		expect((await graphCall(session.emulator, session.writer, 'PATCH', SYNC_PATH(FABRIKAM), { displayName: 'x' })).status).toBe(204);
		expect(session.emulator.graphRequests().map((r) => r.status)).toEqual([200, 429, 429, 204]);
	});

	it('uses Graph codes for 503 and 504, or the given code', async () => {
		session.emulator.setFaults({
			failures: [
				{ status: 503, count: 1 },
				{ status: 504, count: 1 },
				{ status: 500, count: 1, code: 'generalException' },
			],
		});
		const codes = [];
		for (let i = 0; i < 3; i++) {
			const answer = await graphCall(session.emulator, session.writer, 'GET', PARTNERS_PATH);
			codes.push([answer.status, answer.json<{ error: { code: string } }>().error.code]);
		}
		expect(codes).toEqual([
			[503, 'ServiceUnavailable'],
			[504, 'GatewayTimeout'],
			[500, 'generalException'],
		]);
	});

	it('adds latency to Graph requests only', async () => {
		session.emulator.setFaults({ latencyMs: 300 });
		let started = Date.now();
		expect((await tokenRequest(session.emulator, secretForm(session.emulator))).status).toBe(200);
		expect(Date.now() - started).toBeLessThan(250);
		started = Date.now();
		expect((await graphCall(session.emulator, session.writer, 'GET', SYNC_PATH(FABRIKAM))).status).toBe(200);
		expect(Date.now() - started).toBeGreaterThanOrEqual(290);
	});

	it('drops the connection of the next N Graph requests and logs them with status 0', async () => {
		session.emulator.setFaults({ resetConnections: 1, failures: [{ status: 429, count: 1, pathIncludes: '/token' }] });
		await expect(graphCall(session.emulator, session.writer, 'GET', SYNC_PATH(FABRIKAM))).rejects.toThrow(/socket hang up|ECONNRESET/);
		expect((await graphCall(session.emulator, session.writer, 'GET', SYNC_PATH(FABRIKAM))).status).toBe(200);
		// Faults never touch the token endpoint, even when a rule's path would match it.
		expect((await tokenRequest(session.emulator, secretForm(session.emulator))).status).toBe(200);
		expect(session.emulator.requests[0].tenantId).toBe(CONTOSO);
		expect(session.emulator.requests.map((r) => [r.kind, r.status])).toEqual([
			['graph', 0],
			['graph', 200],
			['token', 200],
		]);
	});

	describe('writes whose answer is lost', () => {
		const allowed = () => (session.emulator.partner(CONTOSO, FABRIKAM)?.identitySynchronization as { userSyncInbound: unknown }).userSyncInbound;
		const allow = { userSyncInbound: { isSyncAllowed: true } };

		it('afterApplying: applies the write, then answers with the rule instead', async () => {
			session.emulator.setFaults({ failures: [{ method: 'PUT', status: 504, count: 1, afterApplying: true }] });
			const lost = await graphCall(session.emulator, session.writer, 'PUT', SYNC_PATH(TAILSPIN), allow);
			expect([lost.status, graphCode(lost)]).toEqual([504, 'GatewayTimeout']);
			expect(session.emulator.partner(CONTOSO, TAILSPIN)?.identitySynchronization).toMatchObject(allow);
			// The naive retry now meets the policy its first attempt created.
			expect((await graphCall(session.emulator, session.writer, 'PUT', SYNC_PATH(TAILSPIN), allow)).status).toBe(409);
			expect(session.emulator.graphRequests().map((r) => [r.status, r.faulted, r.answeredStatus])).toEqual([
				[204, 'replaced', 504],
				[409, undefined, undefined],
			]);
		});

		it('resetAfterApplying: applies the next write, then drops its connection; reads do not count', async () => {
			session.emulator.setFaults({ resetAfterApplying: 1 });
			expect((await graphCall(session.emulator, session.writer, 'GET', SYNC_PATH(FABRIKAM))).status).toBe(200);
			await expect(graphCall(session.emulator, session.writer, 'PATCH', SYNC_PATH(FABRIKAM), allow)).rejects.toThrow(/socket hang up|ECONNRESET/);
			expect(allowed()).toEqual({ isSyncAllowed: true });
			expect((await graphCall(session.emulator, session.writer, 'PATCH', SYNC_PATH(FABRIKAM), allow)).status).toBe(204);
			expect(session.emulator.graphRequests().map((r) => [r.method, r.status, r.faulted, r.answeredStatus])).toEqual([
				['GET', 200, undefined, undefined],
				['PATCH', 204, 'reset', 0],
				['PATCH', 204, undefined, undefined],
			]);
		});

		it('works on batches: parts are applied, the outer answer is lost or replaced', async () => {
			const headers = { 'Content-Type': 'application/json' };
			const requests = [{ id: '1', method: 'PATCH', url: SYNC_URL(FABRIKAM), headers, body: allow }];
			session.emulator.setFaults({ resetAfterApplying: 1 });
			await expect(graphCall(session.emulator, session.writer, 'POST', '/v1.0/$batch', { requests })).rejects.toThrow(/socket hang up|ECONNRESET/);
			expect(allowed()).toEqual({ isSyncAllowed: true });
			expect(session.emulator.requests.map((r) => [r.kind, r.status, r.faulted])).toEqual([
				['batch', 200, 'reset'],
				['graph', 204, 'reset'],
			]);

			session.emulator.reset();
			session.emulator.setFaults({ failures: [{ pathIncludes: '$batch', status: 503, count: 1, afterApplying: true, retryAfterSeconds: 1 }] });
			const replaced = await graphCall(session.emulator, session.writer, 'POST', '/v1.0/$batch', { requests });
			expect([replaced.status, replaced.headers['retry-after']]).toEqual([503, '1']);
			expect(allowed()).toEqual({ isSyncAllowed: true });
			expect(session.emulator.batchRequests()[0]).toMatchObject({ status: 200, faulted: 'replaced', answeredStatus: 503 });
		});
	});

	it('answers late: a slow request reads the state it met on arrival, while later requests run meanwhile', async () => {
		session.emulator.setFaults({ slowAnswers: [{ method: 'GET', pathIncludes: '/identitySynchronization', count: 1, delayMs: 400 }] });
		const slowRead = graphCall(session.emulator, session.writer, 'GET', SYNC_PATH(FABRIKAM));
		await new Promise((resolve) => setTimeout(resolve, 100));
		const write = await graphCall(session.emulator, session.writer, 'PATCH', SYNC_PATH(FABRIKAM), { userSyncInbound: { isSyncAllowed: true } });
		expect(write.status).toBe(204);
		const read = await slowRead;
		expect(read.json()).toMatchObject({ userSyncInbound: { isSyncAllowed: false } });
		// Arrival order in the log; the rule is used up, so the next read is answered at once with the new value.
		expect(session.emulator.graphRequests().map((r) => r.method)).toEqual(['GET', 'PATCH']);
		expect((await graphCall(session.emulator, session.writer, 'GET', SYNC_PATH(FABRIKAM))).json()).toMatchObject({ userSyncInbound: { isSyncAllowed: true } });
	});

	it('repeating pages: the first page again with a nextLink that changes only an ignored parameter', async () => {
		session.emulator.setServerPageSize(2);
		session.emulator.setFaults({ repeatingPages: 2 });
		const first = (await graphCall(session.emulator, session.writer, 'GET', PARTNERS_PATH)).json<{ value: Array<{ tenantId: string }>; '@odata.nextLink': string }>();
		const link = new URL(first['@odata.nextLink']);
		const second = (await graphCall(session.emulator, session.writer, 'GET', `${link.pathname}${link.search}`)).json<{ value: Array<{ tenantId: string }>; '@odata.nextLink': string }>();
		expect(second.value.map((p) => p.tenantId)).toEqual(first.value.map((p) => p.tenantId));
		expect(second['@odata.nextLink']).not.toBe(first['@odata.nextLink']);
		expect(new URL(second['@odata.nextLink']).searchParams.get('attempt')).toBe('2');
		// Used up: the list pages normally again.
		const third = (await graphCall(session.emulator, session.writer, 'GET', PARTNERS_PATH)).json<{ '@odata.nextLink': string }>();
		expect(new URL(third['@odata.nextLink']).searchParams.get('attempt')).toBeNull();
	});

	it('rejects malformed faults and clears them on reset', async () => {
		expect(() => session.emulator.setFaults({ failures: [{ status: 99, count: 1 }] })).toThrow(/failures\[0\]\.status/);
		expect(() => session.emulator.setFaults({ resetAfterApplying: -1 })).toThrow(/resetAfterApplying/);
		expect(() => session.emulator.setFaults({ slowAnswers: [{ count: 1, delayMs: -5 }] })).toThrow(/slowAnswers\[0\]\.delayMs/);
		expect(() => session.emulator.setFaults({ repeatingPages: 1.5 })).toThrow(/repeatingPages/);
		session.emulator.setFaults({ failures: [{ status: 503, count: 5 }] });
		session.emulator.reset();
		expect((await graphCall(session.emulator, session.writer, 'GET', SYNC_PATH(FABRIKAM))).status).toBe(200);
	});
});
