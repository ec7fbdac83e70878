import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { NODE_NAME, nodeWorkflow } from '../harness/nodeWorkflow';
import { nodeResult } from '../harness/runWorkflow';
import { ADATUM, addCredential, APPS, CONTOSO, FABRIKAM, NORTHWIND, secretCredential, TAILSPIN, UNMANAGED_PARTNER, useEmulatorSession } from '../support/fixtures';

const byId = (value: string) => ({ __rl: true, mode: 'id', value });
const SYNC = (tenant: string) => `/v1.0/policies/crossTenantAccessPolicy/partners/${tenant}/identitySynchronization`;
const PARTNERS = '/policies/crossTenantAccessPolicy/partners';

function claims(authorization: string | undefined): IDataObject {
	const token = (authorization ?? '').replace(/^Bearer /, '');
	return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as IDataObject;
}

describe('safe by construction (real n8n-core over the wire, emulator faults)', () => {
	const session = useEmulatorSession();

	const run = async (parameters: INodeParameters, extra: Partial<Parameters<typeof nodeWorkflow>[0]> = {}) =>
		nodeResult(await session.n8n.execute(nodeWorkflow({ parameters, credential: session.credential, ...extra })), NODE_NAME);
	const update = (partner: string, updateFields: INodeParameters = { isSyncAllowed: true }, options: INodeParameters = {}): INodeParameters => ({
		resource: 'syncPolicy',
		operation: 'update',
		partnerTenantId: byId(partner),
		updateFields,
		options,
	});

	describe('the token', () => {
		it('after the credential is edited to another tenant and app, the stored token of the old ones is never sent', async () => {
			await run(update(FABRIKAM));
			const stored = session.n8n.credentials.stored(session.credential.id);
			expect(stored?.data.accessToken).toEqual(expect.any(String));
			// Edited as the editor does: the hidden token (and its binding) kept, tenant, app and secret changed.
			session.n8n.credentials.add({ ...stored!, data: { ...stored!.data, tenantId: ADATUM, clientId: APPS.adatumWriter.clientId, clientSecret: APPS.adatumWriter.secret } });
			session.emulator.clearRequests();

			const { items, error } = await run(update(FABRIKAM, { displayName: 'Fabrikam (edited)' }));
			expect(error).toBeUndefined();
			expect(items[0].json).toMatchObject({ success: true, changed: true });
			const [patch] = session.emulator.graphRequests();
			expect(claims(patch.headers.authorization)).toMatchObject({ tid: ADATUM, appid: APPS.adatumWriter.clientId });
			expect(session.emulator.requests.filter((r) => r.kind === 'token')).toHaveLength(1);
			expect(session.emulator.partner(ADATUM, FABRIKAM)?.identitySynchronization).toMatchObject({ displayName: 'Fabrikam (edited)' });
			expect(session.emulator.partner(CONTOSO, FABRIKAM)?.identitySynchronization).toMatchObject({ displayName: 'Fabrikam' });
		});

		it('a redirect is not followed: the item fails naming the target host, and nothing is sent there', async () => {
			session.emulator.setFaults({ failures: [{ method: 'PATCH', status: 307, location: 'https://graph.attacker.example/v1.0/steal', count: 5 }] });
			const { error } = await run(update(FABRIKAM));
			expect(error?.message).toContain('Graph answered HTTP 307, a redirect to graph.attacker.example; it was not followed [item 0]');
			expect(error?.description).toContain(`only sent to ${session.emulator.url}`);
			expect(session.emulator.graphRequests()).toHaveLength(1);
		});

		it('a nextLink outside the Graph root is refused at once, without retries', async () => {
			const page = { value: [{ tenantId: FABRIKAM }], '@odata.nextLink': 'https://graph.attacker.example/v1.0/policies/crossTenantAccessPolicy/partners?$skiptoken=x' };
			session.emulator.setFaults({ failures: [{ method: 'GET', pathIncludes: PARTNERS, status: 200, rawBody: JSON.stringify(page), contentType: 'application/json', count: 1 }] });
			const { error } = await run({ resource: 'partner', operation: 'getAll', returnAll: true });
			expect(error?.message).toContain('Graph returned a link outside');
			expect(session.emulator.graphRequests()).toHaveLength(1);
		});

		it('a nextLink that repeats is not followed forever', async () => {
			const link = `${session.emulator.url}/v1.0${PARTNERS}?$skiptoken=again`;
			// New entries on every page, so that only the link gives the loop away.
			const pageOf = (tenantId: string) => JSON.stringify({ value: [{ tenantId }], '@odata.nextLink': link });
			session.emulator.setFaults({
				failures: [
					{ method: 'GET', pathIncludes: PARTNERS, status: 200, rawBody: pageOf(FABRIKAM), contentType: 'application/json', count: 1 },
					{ method: 'GET', pathIncludes: PARTNERS, status: 200, rawBody: pageOf(NORTHWIND), contentType: 'application/json', count: 50 },
				],
			});
			const { error } = await run({ resource: 'partner', operation: 'getAll', returnAll: true });
			expect(error?.message).toBe(
				'Partner → Get Many: Graph handed out the same page link twice (after page 2); the list stopped there and nothing more was read [item 0]',
			);
			expect(session.emulator.graphRequests()).toHaveLength(2);
		});
	});

	describe('answers are checked', () => {
		it.each([
			['an HTML sign-in page', '<html><body>Sign in to the proxy</body></html>', 'text/html', 'an HTML page (a proxy or sign-in page?)'],
			['an empty body', '', 'application/json', 'an empty body'],
			['a JSON list', '[]', 'application/json', 'a JSON list'],
			['a JSON string', '"ok"', 'application/json', 'text instead of a JSON object'],
		])('a read answered 200 with %s fails the item instead of becoming data', async (_label, rawBody, contentType, shown) => {
			session.emulator.setFaults({ failures: [{ method: 'GET', status: 200, rawBody, contentType, count: 5 }] });
			const { items, error } = await run({ resource: 'syncPolicy', operation: 'get', partnerTenantId: byId(FABRIKAM) });
			expect(items).toEqual([]);
			expect(error?.message).toContain(`Graph answered HTTP 200 with ${shown} where it documents HTTP 200 with an object`);
			expect(session.emulator.graphRequests()).toHaveLength(1);
		});

		it('a write answered 200 with a page (not the documented 204) fails the item and says the change may be applied', async () => {
			session.emulator.setFaults({ failures: [{ method: 'PATCH', status: 200, rawBody: '<html>ok</html>', afterApplying: true, count: 1 }] });
			const { error } = await run(update(FABRIKAM));
			expect(error?.message).toContain('where it documents HTTP 204');
			expect(error?.description).toContain('The change may have been applied');
		});
	});

	describe('time-bound', () => {
		it('a Graph that never answers fails the item after Timeout × (Max Retries + 1), saying so', async () => {
			session.emulator.setFaults({ failures: [{ method: 'PATCH', hang: true, status: 200, count: 2 }] });
			const started = Date.now();
			const { error } = await run(update(FABRIKAM, { isSyncAllowed: true }, { timeout: 300, maxRetries: 1 }));
			expect(error?.message).toContain('Microsoft Graph did not answer within the timeout of 300 ms [item 0]');
			expect(error?.description).toContain('may or may not have been applied');
			expect(session.emulator.graphRequests().filter((r) => r.method === 'PATCH')).toHaveLength(2);
			expect(Date.now() - started).toBeLessThan(10_000);
		});

		it('a request that timed out once is retried and succeeds', async () => {
			session.emulator.setFaults({ failures: [{ method: 'PATCH', hang: true, status: 200, count: 1 }] });
			const { items, error } = await run(update(FABRIKAM, { isSyncAllowed: true }, { timeout: 300 }));
			expect(error).toBeUndefined();
			expect(items[0].json).toMatchObject({ success: true, changed: true });
			expect(session.emulator.partner(CONTOSO, FABRIKAM)?.identitySynchronization).toMatchObject({ userSyncInbound: { isSyncAllowed: true } });
		});
	});

	describe('sign-in failures are not network failures', () => {
		it('a wrong secret fails all 50 items at once with the AADSTS advice, after at most 2 token requests', async () => {
			const wrong = addCredential(session.n8n, { ...secretCredential(session.emulator), clientSecret: 'not-the-secret' }, 'wrong');
			const items = Array.from({ length: 50 }, (_, i) => ({ tenantId: i % 2 ? FABRIKAM : NORTHWIND }));
			const result = await run(update('={{ $json.tenantId }}'), { credential: wrong, items, continueOnFail: true });
			expect(result.items).toHaveLength(50);
			for (const item of result.items) {
				expect(item.json.error).toEqual(expect.stringContaining('Sign-in failed: Microsoft Entra ID rejected the client secret (AADSTS7000215'));
				expect(item.json.error).not.toContain('Could not reach');
				expect(item.json.description).toContain("Paste the secret's Value");
			}
			expect(session.emulator.requests.filter((r) => r.kind === 'token').length).toBeLessThanOrEqual(2);
			expect(session.emulator.graphRequests()).toEqual([]);
		});
	});

	describe('honest outcomes', () => {
		it('a DELETE whose 503 hid the outcome and whose retry meets 404 says it cannot know it deleted anything', async () => {
			session.emulator.setFaults({ failures: [{ method: 'DELETE', status: 503, count: 1 }] });
			const { items, error } = await run({ resource: 'syncPolicy', operation: 'delete', partnerTenantId: byId(TAILSPIN) });
			expect(error).toBeUndefined();
			expect(items[0].json).toMatchObject({ success: true, changed: null, verified: false });
			expect(session.emulator.graphRequests().map((r) => r.status)).toEqual([503, 404]);
		});

		it('a DELETE answered plainly reports changed: true', async () => {
			const { items } = await run({ resource: 'syncPolicy', operation: 'delete', partnerTenantId: byId(FABRIKAM) });
			expect(items[0].json).toMatchObject({ success: true, changed: true });
			expect(items[0].json.verified).toBeUndefined();
		});
	});

	describe('input order per partner', () => {
		it('items on one partner apply in input order despite throttling and parts run out of order; the last item wins', async () => {
			session.emulator.setFaults({
				failures: [{ method: 'PATCH', pathIncludes: FABRIKAM, status: 429, retryAfterSeconds: 1, count: 1 }],
				batchAnswers: { count: 10, reverseOrder: true },
			});
			const items = [
				{ tenantId: FABRIKAM, name: 'first' },
				{ tenantId: NORTHWIND, name: 'Northwind' },
				{ tenantId: FABRIKAM, name: 'second' },
				{ tenantId: FABRIKAM, name: 'third' },
			];
			const { items: output, error } = await run(update('={{ $json.tenantId }}', { displayName: '={{ $json.name }}' }), { items });
			expect(error).toBeUndefined();
			expect(output.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
			const applied = session.emulator
				.graphRequests()
				.filter((r) => r.path === SYNC(FABRIKAM) && r.status === 204)
				.map((r) => (r.body as IDataObject).displayName);
			expect(applied).toEqual(['first', 'second', 'third']);
			expect(session.emulator.partner(CONTOSO, FABRIKAM)?.identitySynchronization).toMatchObject({ displayName: 'third' });
		});
	});

	describe('$batch answers that do not add up', () => {
		it.each([
			['a part left out', { count: 1, dropParts: 1 }],
			['a part answered twice, differently', { count: 1, duplicateParts: 1, duplicateStatus: 500 }],
		])('%s: that part is an answer lost, retried, and every item still applied once', async (_label, batchAnswers) => {
			session.emulator.setFaults({ batchAnswers });
			const tenants = [FABRIKAM, NORTHWIND, UNMANAGED_PARTNER];
			const { items, error } = await run(update('={{ $json.tenantId }}', { displayName: 'renamed' }), { items: tenants.map((tenantId) => ({ tenantId })) });
			expect(error).toBeUndefined();
			expect(items.map((i) => i.json.success)).toEqual([true, true, true]);
			for (const tenant of tenants) expect(session.emulator.partner(CONTOSO, tenant)?.identitySynchronization).toMatchObject({ displayName: 'renamed' });
			// Three writes in the batch, and the one whose answer did not add up once more.
			expect(session.emulator.graphRequests()).toHaveLength(4);
		});
	});
});
