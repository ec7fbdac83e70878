import {
	APPS,
	CONTOSO,
	FABRIKAM,
	NORTHWIND,
	PARTNERS_PATH,
	SYNC_PATH,
	SYNC_URL,
	TAILSPIN,
	WOODGROVE,
	graphCall,
	graphCode,
	tokenFor,
} from './test-client';
import { useEmulator } from './session';

interface PartAnswer {
	id: string;
	status: number;
	headers: Record<string, string>;
	body?: { error?: { code: string; message: string } } & Record<string, unknown>;
}

const JSON_HEADERS = { 'Content-Type': 'application/json' };
const allow = (isSyncAllowed: boolean) => ({ userSyncInbound: { isSyncAllowed } });

describe('emulated Graph: JSON $batch', () => {
	const batch = (requests: unknown[], token = session.writer, version = 'v1.0') => graphCall(session.emulator, token, 'POST', `/${version}/$batch`, { requests });
	const answers = async (requests: unknown[], token?: string) => {
		const answer = await batch(requests, token);
		expect(answer.status).toBe(200);
		return answer.json<{ responses: PartAnswer[] }>().responses;
	};
	const syncOf = (partner: string) => session.emulator.partner(CONTOSO, partner)?.identitySynchronization;

	const session = useEmulator();

	it('runs every part like a single request and answers in request order', async () => {
		const answer = await batch([
			{ id: '1', method: 'GET', url: `${SYNC_URL(FABRIKAM)}?$select=displayName` },
			{ id: '2', method: 'PATCH', url: SYNC_URL(NORTHWIND).slice(1), headers: JSON_HEADERS, body: allow(false) },
			{ id: '3', method: 'POST', url: '/policies/crossTenantAccessPolicy/partners', headers: JSON_HEADERS, body: { tenantId: WOODGROVE } },
		]);
		expect(answer.status).toBe(200);
		expect(answer.headers['content-type']).toContain('application/json');
		const { responses } = answer.json<{ responses: PartAnswer[] }>();
		expect(responses.map((r) => [r.id, r.status])).toEqual([
			['1', 200],
			['2', 204],
			['3', 201],
		]);
		expect(responses[0].headers['Content-Type']).toContain('application/json');
		expect(responses[0].body).toMatchObject({ displayName: 'Fabrikam' });
		expect(responses[1]).not.toHaveProperty('body');
		expect(responses[2].headers.Location).toBe(`${session.emulator.url}${PARTNERS_PATH}/${WOODGROVE}`);
		expect(syncOf(NORTHWIND)).toMatchObject(allow(false));
		expect(session.emulator.partner(CONTOSO, WOODGROVE)).toBeDefined();

		const [outer] = session.emulator.batchRequests();
		expect(outer).toMatchObject({ kind: 'batch', method: 'POST', path: '/v1.0/$batch', status: 200, id: answer.headers['request-id'], tenantId: CONTOSO });
		expect(session.emulator.graphRequests().map((r) => [r.method, r.path, r.query, r.body, r.status, r.batch])).toEqual([
			['GET', SYNC_PATH(FABRIKAM), { $select: 'displayName' }, undefined, 200, { requestId: outer.id, partId: '1' }],
			['PATCH', SYNC_PATH(NORTHWIND), {}, allow(false), 204, { requestId: outer.id, partId: '2' }],
			['POST', PARTNERS_PATH, {}, { tenantId: WOODGROVE }, 201, { requestId: outer.id, partId: '3' }],
		]);
		expect(session.emulator.requests.map((r) => r.kind)).toEqual(['batch', 'graph', 'graph', 'graph']);
	});

	it('uses the batch version for its parts', async () => {
		const [part] = await answers([{ id: 'a', method: 'GET', url: SYNC_URL(FABRIKAM) }]);
		expect(part.body).not.toHaveProperty('groupSyncInbound');
		const beta = await batch([{ id: 'a', method: 'GET', url: SYNC_URL(FABRIKAM) }], session.writer, 'beta');
		const [betaPart] = beta.json<{ responses: PartAnswer[] }>().responses;
		expect(betaPart.body).toHaveProperty('groupSyncInbound', null);
		expect(session.emulator.graphRequests()[1].path).toBe(SYNC_PATH(FABRIKAM, 'beta'));
	});

	it('answers a part with an absolute or version-prefixed url with 400, and runs the others', async () => {
		const responses = await answers([
			{ id: '1', method: 'GET', url: `${session.emulator.url}/v1.0${SYNC_URL(FABRIKAM)}` },
			{ id: '2', method: 'GET', url: `/v1.0${SYNC_URL(FABRIKAM)}` },
			{ id: '3', method: 'GET', url: SYNC_URL(FABRIKAM) },
		]);
		expect(responses.map((r) => [r.status, r.body?.error?.code])).toEqual([
			[400, 'BadRequest'],
			[400, 'BadRequest'],
			[200, undefined],
		]);
		expect(session.emulator.graphRequests().map((r) => r.status)).toEqual([400, 400, 200]);
	});

	it('refuses the whole batch (400, nothing runs) for more than 20 parts or a write without Content-Type', async () => {
		const tooMany = Array.from({ length: 21 }, (_, i) => ({ id: String(i), method: 'GET', url: SYNC_URL(FABRIKAM) }));
		const refused = await batch(tooMany);
		expect(refused.status).toBe(400);
		expect(refused.json().error).toMatchObject({ code: 'BadRequest', message: 'The number of batch requests exceeds the limit of 20.' });

		const noContentType = await batch([
			{ id: '1', method: 'PATCH', url: SYNC_URL(NORTHWIND), headers: JSON_HEADERS, body: allow(false) },
			{ id: '2', method: 'PATCH', url: SYNC_URL(FABRIKAM), body: allow(true) },
		]);
		expect(noContentType.status).toBe(400);
		expect(noContentType.json().error).toMatchObject({ message: 'Write request id : 2 does not contain Content-Type header or body.' });
		expect(session.emulator.graphRequests()).toEqual([]);
		expect(syncOf(NORTHWIND)).toMatchObject(allow(true));
		expect(session.emulator.batchRequests().map((r) => r.status)).toEqual([400, 400]);
	});

	it.each([
		['no requests array', { value: [] }],
		['a part without url', { requests: [{ id: '1', method: 'GET' }] }],
		['duplicate ids (case-insensitive)', { requests: [{ id: 'a', method: 'GET', url: '/x' }, { id: 'A', method: 'GET', url: '/x' }] }],
		['an unknown dependency', { requests: [{ id: '1', method: 'GET', url: '/x', dependsOn: ['9'] }] }],
		['a dependency cycle', { requests: [{ id: '1', method: 'GET', url: '/x', dependsOn: ['2'] }, { id: '2', method: 'GET', url: '/x', dependsOn: ['1'] }] }],
	])('answers a payload with %s with 400', async (_label, payload) => {
		const answer = await graphCall(session.emulator, session.writer, 'POST', '/v1.0/$batch', payload);
		expect([answer.status, graphCode(answer)]).toEqual([400, 'BadRequest']);
	});

	it('runs dependsOn chains in dependency order and fails dependents of a failed part with 424', async () => {
		const responses = await answers([
			{ id: 'put', method: 'PUT', url: SYNC_URL(WOODGROVE), headers: JSON_HEADERS, body: allow(true), dependsOn: ['post'] },
			{ id: 'post', method: 'POST', url: '/policies/crossTenantAccessPolicy/partners', headers: JSON_HEADERS, body: { tenantId: WOODGROVE } },
			{ id: 'missing', method: 'PATCH', url: SYNC_URL(TAILSPIN), headers: JSON_HEADERS, body: allow(true) },
			{ id: 'after-missing', method: 'GET', url: SYNC_URL(TAILSPIN), dependsOn: ['missing'] },
			{ id: 'chained', method: 'GET', url: SYNC_URL(FABRIKAM), dependsOn: ['after-missing'] },
		]);
		expect(responses.map((r) => [r.id, r.status])).toEqual([
			['put', 204],
			['post', 201],
			['missing', 404],
			['after-missing', 424],
			['chained', 424],
		]);
		expect(session.emulator.graphRequests().map((r) => r.batch?.partId)).toEqual(['post', 'put', 'missing', 'after-missing', 'chained']);
		expect(syncOf(WOODGROVE)).toMatchObject(allow(true));
	});

	it('authenticates the outer request (401) and authorizes each part', async () => {
		const unauthenticated = await graphCall(session.emulator, undefined, 'POST', '/v1.0/$batch', { requests: [{ id: '1', method: 'GET', url: SYNC_URL(FABRIKAM) }] });
		expect([unauthenticated.status, graphCode(unauthenticated)]).toEqual([401, 'InvalidAuthenticationToken']);
		expect(session.emulator.graphRequests()).toEqual([]);

		const reader = await tokenFor(session.emulator, APPS.reader);
		const responses = await answers(
			[
				{ id: '1', method: 'GET', url: SYNC_URL(FABRIKAM) },
				{ id: '2', method: 'PATCH', url: SYNC_URL(FABRIKAM), headers: JSON_HEADERS, body: allow(true) },
			],
			reader,
		);
		expect(responses.map((r) => [r.status, r.body?.error?.code])).toEqual([
			[200, undefined],
			[403, 'Authorization_RequestDenied'],
		]);
		expect(session.emulator.graphRequests()[1].headers.authorization).toBe(`Bearer ${reader}`);
	});

	it('applies $batch fault rules to the whole request and the others to parts', async () => {
		session.emulator.setFaults({
			failures: [
				{ pathIncludes: '/$batch', status: 503, count: 1, retryAfterSeconds: 2 },
				{ method: 'PATCH', status: 429, count: 1, retryAfterSeconds: 3 },
			],
		});
		const whole = await batch([{ id: '1', method: 'GET', url: SYNC_URL(FABRIKAM) }]);
		expect([whole.status, whole.headers['retry-after'], graphCode(whole)]).toEqual([503, '2', 'ServiceUnavailable']);
		expect(session.emulator.graphRequests()).toEqual([]);

		const responses = await answers([
			{ id: '1', method: 'PATCH', url: SYNC_URL(FABRIKAM), headers: JSON_HEADERS, body: allow(true) },
			{ id: '2', method: 'PATCH', url: SYNC_URL(NORTHWIND), headers: JSON_HEADERS, body: allow(false) },
		]);
		expect(responses.map((r) => [r.status, r.headers['Retry-After']])).toEqual([
			[429, '3'],
			[204, undefined],
		]);
		expect(syncOf(FABRIKAM)).toMatchObject(allow(false));
	});

	it('throttles parts individually', async () => {
		session.emulator.setThrottling({ capacity: 1, refillPerSecond: 0.5 });
		const responses = await answers([
			{ id: '1', method: 'PATCH', url: SYNC_URL(FABRIKAM), headers: JSON_HEADERS, body: allow(true) },
			{ id: '2', method: 'GET', url: SYNC_URL(FABRIKAM) },
			{ id: '3', method: 'PATCH', url: SYNC_URL(NORTHWIND), headers: JSON_HEADERS, body: allow(false) },
		]);
		expect(responses.map((r) => [r.status, r.headers['Retry-After'], r.body?.error?.code])).toEqual([
			[204, undefined, undefined],
			[200, undefined, undefined],
			[429, '2', 'TooManyRequests'],
		]);
		expect(syncOf(NORTHWIND)).toMatchObject(allow(true));
		expect(session.emulator.throttleStats()).toEqual({ admitted: 1, rejected: 1, withLimitPercentage: 2 });
	});

	it('drops the whole connection for resetConnections; parts never run', async () => {
		session.emulator.setFaults({ resetConnections: 1 });
		await expect(batch([{ id: '1', method: 'PATCH', url: SYNC_URL(FABRIKAM), headers: JSON_HEADERS, body: allow(true) }])).rejects.toThrow(
			/socket hang up|ECONNRESET/,
		);
		expect(session.emulator.batchRequests().map((r) => r.status)).toEqual([0]);
		expect(session.emulator.graphRequests()).toEqual([]);
		expect(syncOf(FABRIKAM)).toMatchObject(allow(false));
	});

	it('answers 405 for other methods and 415 without a JSON body', async () => {
		expect((await graphCall(session.emulator, session.writer, 'GET', '/v1.0/$batch')).status).toBe(405);
		const text = await graphCall(session.emulator, session.writer, 'POST', '/v1.0/$batch', '{}', { 'content-type': 'text/plain' });
		expect(text.status).toBe(415);
	});
});
