import { startEmulator } from './index';
import { CONTOSO, FABRIKAM, NORTHWIND, SYNC_PATH, SYNC_URL, TAILSPIN, graphCall, httpsCall, tokenFor } from './test-client';
import type { Faults } from './types';
import { useEmulator } from './session';

/** Faults that reproduce proxies and networks: redirects, non-Graph bodies, silence, odd $batch answers. */

interface PartAnswer {
	id: string;
	status: number;
	headers: Record<string, string>;
	body?: unknown;
}

const JSON_HEADERS = { 'Content-Type': 'application/json' };
const SIGN_IN = 'https://login.proxy.example/sign-in?return=graph';
const SIGN_IN_PAGE = '<!DOCTYPE html>\n<html><body><form action="/sign-in">Sign in to continue</form></body></html>';
const CLIENT_TIMEOUT_MS = 300;
const GAVE_UP = new RegExp(`no answer within ${CLIENT_TIMEOUT_MS} ms`);
const CONNECTION_LOST = /socket hang up|ECONNRESET/;

const rename = (displayName: string) => ({ displayName });
const patchPart = (id: string, partner: string, displayName: string) => ({
	id,
	method: 'PATCH',
	url: SYNC_URL(partner),
	headers: JSON_HEADERS,
	body: rename(displayName),
});

describe('emulated Graph: network and proxy faults', () => {
	const nameOf = (partner: string) => (session.emulator.partner(CONTOSO, partner)?.identitySynchronization as { displayName?: string } | undefined)?.displayName;
	const batch = (requests: unknown[], timeoutMs?: number) => graphCall(session.emulator, session.writer, 'POST', '/v1.0/$batch', { requests }, {}, timeoutMs);
	const batchResponses = async (requests: unknown[]) => {
		const answer = await batch(requests);
		expect(answer.status).toBe(200);
		return answer.json<{ responses: PartAnswer[] }>().responses;
	};
	const faultLog = () => session.emulator.graphRequests().map((r) => [r.method, r.status, r.faulted, r.answeredStatus]);

	const session = useEmulator();

	describe('location: redirects', () => {
		it('answers the 3xx with Location and no body, and does not apply the write', async () => {
			session.emulator.setFaults({ failures: [{ method: 'PATCH', status: 302, location: SIGN_IN, count: 1 }] });
			const redirected = await graphCall(session.emulator, session.writer, 'PATCH', SYNC_PATH(FABRIKAM), rename('Moved'));
			expect([redirected.status, redirected.headers.location, redirected.text]).toEqual([302, SIGN_IN, '']);
			// A proxy's answer, not Graph's.
			expect(redirected.headers['request-id']).toBeUndefined();
			expect(nameOf(FABRIKAM)).toBe('Fabrikam');
			expect((await graphCall(session.emulator, session.writer, 'PATCH', SYNC_PATH(FABRIKAM), rename('Moved'))).status).toBe(204);
			expect(nameOf(FABRIKAM)).toBe('Moved');
			expect(faultLog()).toEqual([
				['PATCH', 302, 'redirected', 302],
				['PATCH', 204, undefined, undefined],
			]);
		});

		it('afterApplying: applies the write, then redirects', async () => {
			session.emulator.setFaults({ failures: [{ method: 'PATCH', status: 307, location: '/v1.0/elsewhere', count: 1, afterApplying: true }] });
			const redirected = await graphCall(session.emulator, session.writer, 'PATCH', SYNC_PATH(FABRIKAM), rename('Moved'));
			expect([redirected.status, redirected.headers.location]).toEqual([307, '/v1.0/elsewhere']);
			expect(nameOf(FABRIKAM)).toBe('Moved');
			expect(faultLog()).toEqual([['PATCH', 204, 'redirected', 307]]);
		});

		it('redirects a batch part: part status and Location header, the other parts run', async () => {
			session.emulator.setFaults({ failures: [{ method: 'PATCH', status: 302, location: SIGN_IN, count: 1 }] });
			const responses = await batchResponses([{ id: '1', method: 'GET', url: SYNC_URL(FABRIKAM) }, patchPart('2', NORTHWIND, 'Moved')]);
			expect(responses.map((r) => [r.id, r.status])).toEqual([
				['1', 200],
				['2', 302],
			]);
			expect(responses[1].headers).toEqual({ Location: SIGN_IN });
			expect(responses[1]).not.toHaveProperty('body');
			expect(nameOf(NORTHWIND)).toBe('Northwind');
			expect(faultLog()).toEqual([
				['GET', 200, undefined, undefined],
				['PATCH', 302, 'redirected', 302],
			]);
		});
	});

	describe('rawBody: answers that are not Graph JSON', () => {
		it('answers a 200 sign-in page exactly, as text/html, and does not apply the write', async () => {
			session.emulator.setFaults({ failures: [{ method: 'PATCH', status: 200, rawBody: SIGN_IN_PAGE, count: 1 }] });
			const page = await graphCall(session.emulator, session.writer, 'PATCH', SYNC_PATH(FABRIKAM), rename('Moved'));
			expect([page.status, page.headers['content-type'], page.text]).toEqual([200, 'text/html; charset=utf-8', SIGN_IN_PAGE]);
			expect(nameOf(FABRIKAM)).toBe('Fabrikam');
			expect(faultLog()).toEqual([['PATCH', 200, 'raw', 200]]);
		});

		it('answers an empty 200, a JSON array and a JSON string as given', async () => {
			session.emulator.setFaults({
				failures: [
					{ status: 200, rawBody: '', count: 1 },
					{ status: 200, rawBody: '[]', contentType: 'application/json', count: 1 },
					{ status: 200, rawBody: '"text"', contentType: 'application/json', count: 1 },
				],
			});
			const seen = [];
			for (let i = 0; i < 3; i++) {
				const answer = await graphCall(session.emulator, session.writer, 'GET', SYNC_PATH(FABRIKAM));
				seen.push([answer.status, answer.headers['content-type'], answer.headers['content-length'], answer.text]);
			}
			expect(seen).toEqual([
				[200, 'text/html; charset=utf-8', '0', ''],
				[200, 'application/json', '2', '[]'],
				[200, 'application/json', '6', '"text"'],
			]);
			expect((await graphCall(session.emulator, session.writer, 'GET', SYNC_PATH(FABRIKAM))).json()).toMatchObject({ displayName: 'Fabrikam' });
		});

		it('afterApplying: applies the write, then answers the raw body', async () => {
			session.emulator.setFaults({ failures: [{ method: 'PATCH', status: 502, rawBody: 'Bad Gateway', contentType: 'text/plain', count: 1, afterApplying: true }] });
			const answer = await graphCall(session.emulator, session.writer, 'PATCH', SYNC_PATH(FABRIKAM), rename('Moved'));
			expect([answer.status, answer.headers['content-type'], answer.text]).toEqual([502, 'text/plain', 'Bad Gateway']);
			expect(nameOf(FABRIKAM)).toBe('Moved');
			expect(faultLog()).toEqual([['PATCH', 204, 'raw', 502]]);
		});

		it('puts a raw body into a batch part: text as a JSON string, JSON parsed when it parses', async () => {
			session.emulator.setFaults({
				failures: [
					{ method: 'PATCH', status: 200, rawBody: SIGN_IN_PAGE, count: 1 },
					{ method: 'GET', pathIncludes: FABRIKAM, status: 200, rawBody: '[]', contentType: 'application/json', count: 1 },
					{ method: 'GET', pathIncludes: NORTHWIND, status: 502, rawBody: '{not json', contentType: 'application/json', count: 1 },
				],
			});
			const answer = await batch([
				patchPart('a', NORTHWIND, 'Moved'),
				{ id: 'b', method: 'GET', url: SYNC_URL(FABRIKAM) },
				{ id: 'c', method: 'GET', url: SYNC_URL(NORTHWIND) },
			]);
			expect(answer.status).toBe(200);
			expect(answer.json<{ responses: PartAnswer[] }>().responses).toEqual([
				{ id: 'a', status: 200, headers: { 'Content-Type': 'text/html; charset=utf-8' }, body: SIGN_IN_PAGE },
				{ id: 'b', status: 200, headers: { 'Content-Type': 'application/json' }, body: [] },
				{ id: 'c', status: 502, headers: { 'Content-Type': 'application/json' }, body: '{not json' },
			]);
			expect(nameOf(NORTHWIND)).toBe('Northwind');
		});

		it('replaces the whole $batch answer when the rule names $batch', async () => {
			session.emulator.setFaults({ failures: [{ pathIncludes: '$batch', status: 200, rawBody: SIGN_IN_PAGE, count: 1, afterApplying: true }] });
			const answer = await batch([patchPart('1', FABRIKAM, 'Moved')]);
			expect([answer.status, answer.headers['content-type'], answer.text]).toEqual([200, 'text/html; charset=utf-8', SIGN_IN_PAGE]);
			expect(nameOf(FABRIKAM)).toBe('Moved');
			expect(session.emulator.batchRequests()[0]).toMatchObject({ status: 200, faulted: 'raw', answeredStatus: 200 });
		});
	});

	describe('hang: no answer at all', () => {
		it('keeps the request open until the client gives up; the write is not applied', async () => {
			session.emulator.setFaults({ failures: [{ method: 'PATCH', status: 504, hang: true, count: 1 }] });
			const started = Date.now();
			await expect(graphCall(session.emulator, session.writer, 'PATCH', SYNC_PATH(FABRIKAM), rename('Moved'), {}, CLIENT_TIMEOUT_MS)).rejects.toThrow(GAVE_UP);
			expect(Date.now() - started).toBeGreaterThanOrEqual(CLIENT_TIMEOUT_MS - 10);
			expect(nameOf(FABRIKAM)).toBe('Fabrikam');
			expect((await graphCall(session.emulator, session.writer, 'PATCH', SYNC_PATH(FABRIKAM), rename('Moved'), {}, CLIENT_TIMEOUT_MS)).status).toBe(204);
			expect(faultLog()).toEqual([
				['PATCH', 0, 'hung', 0],
				['PATCH', 204, undefined, undefined],
			]);
		});

		it('afterApplying: applies the write, then stays silent', async () => {
			session.emulator.setFaults({ failures: [{ method: 'PATCH', status: 504, hang: true, afterApplying: true, count: 1 }] });
			await expect(graphCall(session.emulator, session.writer, 'PATCH', SYNC_PATH(FABRIKAM), rename('Moved'), {}, CLIENT_TIMEOUT_MS)).rejects.toThrow(GAVE_UP);
			expect(nameOf(FABRIKAM)).toBe('Moved');
			expect(faultLog()).toEqual([['PATCH', 204, 'hung', 0]]);
		});

		it('never hangs a batch part; a rule naming $batch hangs the whole batch', async () => {
			session.emulator.setFaults({ failures: [{ status: 504, hang: true, count: 1 }] });
			const responses = await batchResponses([patchPart('1', FABRIKAM, 'Moved')]);
			expect(responses.map((r) => [r.id, r.status])).toEqual([['1', 204]]);
			// The rule was not used up by the part: the next single request hangs.
			await expect(graphCall(session.emulator, session.writer, 'GET', SYNC_PATH(FABRIKAM), undefined, {}, CLIENT_TIMEOUT_MS)).rejects.toThrow(GAVE_UP);

			session.emulator.reset();
			session.emulator.setFaults({ failures: [{ pathIncludes: '$batch', status: 504, hang: true, afterApplying: true, count: 1 }] });
			await expect(batch([patchPart('1', FABRIKAM, 'Moved')], CLIENT_TIMEOUT_MS)).rejects.toThrow(GAVE_UP);
			expect(nameOf(FABRIKAM)).toBe('Moved');
			expect(session.emulator.requests.map((r) => [r.kind, r.status, r.faulted, r.answeredStatus])).toEqual([
				['batch', 200, 'hung', 0],
				['graph', 204, 'hung', 0],
			]);
		});

		it('reset() and close() end hung requests instead of waiting for them', async () => {
			const own = await startEmulator();
			const token = await tokenFor(own);
			const hungOnce = async () => {
				own.setFaults({ failures: [{ status: 504, hang: true, count: 1 }] });
				const call = graphCall(own, token, 'GET', SYNC_PATH(FABRIKAM));
				const settled = call.then(
					() => 'answered',
					(error: Error) => error.message,
				);
				while (own.graphRequests().at(-1)?.faulted !== 'hung') await new Promise((resolve) => setTimeout(resolve, 10));
				// Wrapped: an async function returning the promise itself would wait for it.
				return { settled };
			};
			try {
				const beforeReset = await hungOnce();
				own.reset();
				expect(await beforeReset.settled).toMatch(CONNECTION_LOST);

				const beforeClose = await hungOnce();
				const started = Date.now();
				await own.close();
				expect(Date.now() - started).toBeLessThan(2000);
				expect(await beforeClose.settled).toMatch(CONNECTION_LOST);
			} finally {
				await own.close().catch(() => undefined);
			}
		});
	});

	describe('batchAnswers: answers missing, twice, or in another order', () => {
		const threeWrites = () => [
			patchPart('1', FABRIKAM, 'F'),
			patchPart('2', NORTHWIND, 'N'),
			{ id: '3', method: 'PUT', url: SYNC_URL(TAILSPIN), headers: JSON_HEADERS, body: { userSyncInbound: { isSyncAllowed: true } } },
		];

		it('dropParts: runs every part but leaves the last answers out, for `count` batches', async () => {
			session.emulator.setFaults({ batchAnswers: { count: 1, dropParts: 2 } });
			expect((await batchResponses(threeWrites())).map((r) => [r.id, r.status])).toEqual([['1', 204]]);
			expect([nameOf(FABRIKAM), nameOf(NORTHWIND)]).toEqual(['F', 'N']);
			expect(session.emulator.partner(CONTOSO, TAILSPIN)?.identitySynchronization).toMatchObject({ userSyncInbound: { isSyncAllowed: true } });
			expect(session.emulator.batchRequests()[0].batchShape).toEqual({ reversed: false, dropped: ['2', '3'], duplicated: [] });

			expect((await batchResponses(threeWrites())).map((r) => r.id)).toEqual(['1', '2', '3']);
			expect(session.emulator.batchRequests()[1].batchShape).toBeUndefined();
		});

		it('is used only by batches whose parts run', async () => {
			session.emulator.setFaults({ batchAnswers: { count: 1, dropParts: 1 } });
			expect((await batch([])).status).toBe(400);
			expect((await batchResponses(threeWrites())).map((r) => r.id)).toEqual(['1', '2']);
		});

		it('duplicateParts: follows the first answers by a failing copy with the same id', async () => {
			session.emulator.setFaults({ batchAnswers: { count: 1, duplicateParts: 1, duplicateStatus: 503 } });
			const responses = await batchResponses(threeWrites());
			expect(responses.map((r) => [r.id, r.status])).toEqual([
				['1', 204],
				['1', 503],
				['2', 204],
				['3', 204],
			]);
			expect(responses[1].headers['Content-Type']).toBe('application/json');
			expect(responses[1].body).toMatchObject({ error: { code: 'generalException', message: expect.any(String) } });
			// The copies are answers only: each part ran (and is logged) once.
			expect(session.emulator.graphRequests().map((r) => r.batch?.partId)).toEqual(['1', '2', '3']);

			session.emulator.setFaults({ batchAnswers: { count: 1, duplicateParts: 5, dropParts: 1 } });
			const mixed = await batchResponses([patchPart('1', FABRIKAM, 'F'), patchPart('2', NORTHWIND, 'N')]);
			expect(mixed.map((r) => [r.id, r.status])).toEqual([
				['1', 204],
				['1', 500],
			]);
			expect(session.emulator.batchRequests()[1].batchShape).toEqual({ reversed: false, dropped: ['2'], duplicated: ['1'] });
		});

		it('reverseOrder: a later part is applied before an earlier one; answers in run order', async () => {
			const sameTwice = [patchPart('1', FABRIKAM, 'first'), patchPart('2', FABRIKAM, 'second')];
			await batchResponses(sameTwice);
			expect(nameOf(FABRIKAM)).toBe('second');

			session.emulator.setFaults({ batchAnswers: { count: 1, reverseOrder: true } });
			expect((await batchResponses(sameTwice)).map((r) => [r.id, r.status])).toEqual([
				['2', 204],
				['1', 204],
			]);
			expect(nameOf(FABRIKAM)).toBe('first');
			expect(session.emulator.batchRequests()[1].batchShape).toEqual({ reversed: true, dropped: [], duplicated: [] });
		});

		it('reverseOrder still waits for dependencies', async () => {
			session.emulator.setFaults({ batchAnswers: { count: 1, reverseOrder: true } });
			const responses = await batchResponses([
				patchPart('a', FABRIKAM, 'a'),
				{ ...patchPart('b', FABRIKAM, 'b'), dependsOn: ['a'] },
				patchPart('c', FABRIKAM, 'c'),
			]);
			expect(responses.map((r) => r.id)).toEqual(['c', 'a', 'b']);
			expect(nameOf(FABRIKAM)).toBe('b');
		});
	});

	describe('validation', () => {
		const invalid = (faults: unknown) => () => session.emulator.setFaults(faults as Faults);

		it.each([
			[{ failures: [{ status: 200, location: SIGN_IN, count: 1 }] }, 'failures[0].status (location needs a 3xx)'],
			[{ failures: [{ status: 302, location: '', count: 1 }] }, 'failures[0].location'],
			[{ failures: [{ status: 200, rawBody: 5, count: 1 }] }, 'failures[0].rawBody'],
			[{ failures: [{ status: 200, contentType: 'text/plain', count: 1 }] }, 'failures[0].contentType (only with rawBody)'],
			[{ failures: [{ status: 504, hang: 'yes', count: 1 }] }, 'failures[0].hang'],
			[{ failures: [{ status: 302, location: SIGN_IN, hang: true, count: 1 }] }, 'failures[0] (location, rawBody and hang exclude each other)'],
			[{ failures: [{ status: 503, rawBody: 'x', code: 'X', count: 1 }] }, 'failures[0].code (only for Graph error answers)'],
			[{ failures: [{ status: 503, hang: true, retryAfterSeconds: 1, count: 1 }] }, 'failures[0].retryAfterSeconds (a hang sends no headers)'],
			[{ failures: { status: 503, count: 1 } }, 'failures'],
			[{ batchAnswers: { count: -1 } }, 'batchAnswers.count'],
			[
				{ batchAnswers: { count: 1, dropParts: 1.5, duplicateStatus: 700, reverseOrder: 'yes' } },
				'batchAnswers.dropParts, batchAnswers.duplicateStatus, batchAnswers.reverseOrder',
			],
		])('rejects %j', (faults, problems) => {
			expect(invalid(faults)).toThrow(`Invalid faults: ${problems}`);
		});

		it('takes the new faults through POST /_emulator/faults too', async () => {
			const admin = (body: unknown) =>
				httpsCall(session.emulator.caCertPem, `${session.emulator.url}/_emulator/faults`, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify(body),
				});
			const rejected = await admin({ failures: [{ status: 504, hang: 1, count: 1 }] });
			expect([rejected.status, rejected.json().error]).toEqual([400, 'Invalid faults: failures[0].hang']);

			const accepted = await admin({
				failures: [{ method: 'GET', status: 302, location: SIGN_IN, count: 1 }],
				batchAnswers: { count: 1, dropParts: 1 },
			});
			expect(accepted.status).toBe(204);
			const redirected = await graphCall(session.emulator, session.writer, 'GET', SYNC_PATH(FABRIKAM));
			expect([redirected.status, redirected.headers.location]).toEqual([302, SIGN_IN]);
			expect((await batchResponses([patchPart('1', FABRIKAM, 'F'), patchPart('2', NORTHWIND, 'N')])).map((r) => r.id)).toEqual(['1']);
		});
	});
});
