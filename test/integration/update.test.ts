import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { GraphEmulator } from '../emulator';
import { NODE_NAME, nodeWorkflow } from '../harness/nodeWorkflow';
import { nodeResult } from '../harness/runWorkflow';
import { addCredential, APPS, certificateCredential, CONTOSO, FABRIKAM, NORTHWIND, secretCredential, storeMintedToken, TAILSPIN, useEmulatorSession } from '../support/fixtures';

const SYNC_PATH = (tenant: string) => `/v1.0/policies/crossTenantAccessPolicy/partners/${tenant}/identitySynchronization`;

function claims(authorization: string | undefined): IDataObject {
	const token = (authorization ?? '').replace(/^Bearer /, '');
	return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as IDataObject;
}

function syncPolicy(emulator: GraphEmulator, tenant: string): unknown {
	return emulator.state(CONTOSO).partners.find((p) => p.tenantId === tenant)?.identitySynchronization;
}

describe('Update sync policy through real n8n-core against the emulator', () => {
	const session = useEmulatorSession();

	const update = (updateFields: INodeParameters, partner = `${FABRIKAM}`, extra: Partial<Parameters<typeof nodeWorkflow>[0]> = {}) =>
		nodeWorkflow({
			parameters: { resource: 'syncPolicy', operation: 'update', partnerTenantId: { __rl: true, mode: 'id', value: partner }, updateFields },
			credential: session.credential,
			...extra,
		});

	it('sends the seed example PATCH and outputs the contract item', async () => {
		const run = await session.n8n.execute(update({ isSyncAllowed: true }));
		const { items, error } = nodeResult(run, NODE_NAME);
		expect(error).toBeUndefined();

		const graph = session.emulator.graphRequests();
		expect(graph).toHaveLength(1);
		expect(graph[0].method).toBe('PATCH');
		expect(graph[0].path).toBe(SYNC_PATH(FABRIKAM));
		expect(graph[0].headers['content-type']).toMatch(/^application\/json/);
		expect(graph[0].rawBody).toBe('{"userSyncInbound":{"isSyncAllowed":true}}');
		expect(claims(graph[0].headers.authorization)).toMatchObject({ tid: CONTOSO, appid: APPS.writer.clientId });

		expect(items).toEqual([
			{
				json: {
					success: true,
					operation: 'update',
					partnerTenantId: FABRIKAM,
					statusCode: 204,
					changed: true,
					action: 'updated',
					applied: { userSyncInbound: { isSyncAllowed: true } },
					requestId: graph[0].id,
				},
				pairedItem: { item: 0 },
			},
		]);
		expect(syncPolicy(session.emulator, FABRIKAM)).toMatchObject({ displayName: 'Fabrikam', userSyncInbound: { isSyncAllowed: true } });
	});

	it('updates several partners from item expressions in one $batch, output paired in input order', async () => {
		const workflow = update({ displayName: '={{ $json.name }}', isSyncAllowed: '={{ $json.allow }}' }, '={{ $json.tenantId }}', {
			items: [
				{ tenantId: FABRIKAM, name: 'Fabrikam HR', allow: true },
				{ tenantId: NORTHWIND, name: 'Northwind', allow: false },
			],
		});
		const { items, error } = nodeResult(await session.n8n.execute(workflow), NODE_NAME);
		expect(error).toBeUndefined();

		const graph = session.emulator.graphRequests();
		expect(graph.map((r) => [r.method, r.path, r.body])).toEqual([
			['PATCH', SYNC_PATH(FABRIKAM), { displayName: 'Fabrikam HR', userSyncInbound: { isSyncAllowed: true } }],
			['PATCH', SYNC_PATH(NORTHWIND), { displayName: 'Northwind', userSyncInbound: { isSyncAllowed: false } }],
		]);
		const [batch] = session.emulator.batchRequests();
		expect(graph.map((r) => r.batch?.requestId)).toEqual([batch.id, batch.id]);
		expect(items.map((i) => [i.json.partnerTenantId, i.json.requestId, i.pairedItem])).toEqual([
			[FABRIKAM, batch.id, { item: 0 }],
			[NORTHWIND, batch.id, { item: 1 }],
		]);
		expect(syncPolicy(session.emulator, NORTHWIND)).toMatchObject({ displayName: 'Northwind', userSyncInbound: { isSyncAllowed: false } });
		expect(session.emulator.tokensIssued()).toBe(1);
	});

	it.each([
		['a path-traversal string', '../../users', { isSyncAllowed: true }, 'is not a tenant ID GUID', '"partnerTenantId"', 'item 1'],
		['a non-GUID', 'contoso', { isSyncAllowed: true }, 'is not a tenant ID GUID', '"partnerTenantId"', 'item 1'],
		['an empty tenant', '', { isSyncAllowed: true }, 'is not a tenant ID GUID', '"partnerTenantId"', 'item 1'],
		['no field to update', FABRIKAM, {}, 'Update Fields is empty', '"updateFields"', 'item 0'],
	])('rejects %s from an expression before sending anything', async (_label, partner, fields, message, field, item) => {
		const workflow = update(fields, '={{ $json.tenantId }}', { items: [{ tenantId: FABRIKAM }, { tenantId: partner }] });
		const { items, error } = nodeResult(await session.n8n.execute(workflow), NODE_NAME);
		expect(items).toEqual([]);
		expect(error?.message).toContain(message);
		expect(`${error?.message} ${error?.description}`).toContain(field);
		expect(error?.message).toContain(item);
		expect(session.emulator.requests).toEqual([]);
	});

	it('a typed-in non-GUID is stopped by the field validation session.n8n runs before the node', async () => {
		await expect(session.n8n.execute(update({ isSyncAllowed: true }, '../../users'))).rejects.toThrow('Enter a tenant ID GUID');
		expect(session.emulator.requests).toEqual([]);
	});

	it('explains a partner without a sync policy (404 Directory_ObjectNotFound) with Graph\'s request-id', async () => {
		const { error } = nodeResult(await session.n8n.execute(update({ isSyncAllowed: true }, TAILSPIN)), NODE_NAME);
		const [patch] = session.emulator.graphRequests();
		expect(patch.status).toBe(404);
		expect(error?.message).toContain(`Partner tenant ${TAILSPIN} has no cross-tenant identity synchronization policy yet`);
		expect(error?.description).toContain('Graph error code: Directory_ObjectNotFound');
		expect(error?.description).toContain(`request-id: ${patch.id}`);
		expect(error?.description).toContain(`Create it first: the Create operation (PUT /policies/crossTenantAccessPolicy/partners/${TAILSPIN}/identitySynchronization)`);
	});

	it('names the missing permission on 403', async () => {
		const reader = addCredential(session.n8n, secretCredential(session.emulator, APPS.reader), 'reader');
		const { error } = nodeResult(await session.n8n.execute(update({ isSyncAllowed: true }, FABRIKAM, { credential: reader })), NODE_NAME);
		expect(session.emulator.graphRequests()[0].status).toBe(403);
		expect(error?.message).toContain('Policy.ReadWrite.CrossTenantAccess');
		expect(error?.description).toContain('Grant admin consent');
		expect(error?.description).toContain('Authorization_RequestDenied');
	});

	it('with Continue On Fail gives one paired error item per failed item while the others succeed', async () => {
		const workflow = update({ isSyncAllowed: true }, '={{ $json.tenantId }}', {
			continueOnFail: true,
			items: [{ tenantId: FABRIKAM }, { tenantId: TAILSPIN }, { tenantId: '../../users' }, { tenantId: NORTHWIND }],
		});
		const { items, error } = nodeResult(await session.n8n.execute(workflow), NODE_NAME);
		expect(error).toBeUndefined();
		expect(items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
		expect(items[0].json).toMatchObject({ success: true, partnerTenantId: FABRIKAM });
		expect(items[1].json).toMatchObject({ code: 'Directory_ObjectNotFound', statusCode: 404, partnerTenantId: TAILSPIN });
		expect(items[1].json.error).toContain('has no cross-tenant identity synchronization policy yet');
		expect(items[2].json.error).toContain('is not a tenant ID GUID');
		expect(items[3].json).toMatchObject({ success: true, partnerTenantId: NORTHWIND });
		expect(session.emulator.graphRequests().map((r) => r.path)).toEqual([SYNC_PATH(FABRIKAM), SYNC_PATH(TAILSPIN), SYNC_PATH(NORTHWIND)]);
	});

	it('without Continue On Fail attempts every item, then fails naming the first failed one', async () => {
		const workflow = update({ isSyncAllowed: true }, '={{ $json.tenantId }}', {
			items: [{ tenantId: FABRIKAM }, { tenantId: TAILSPIN }, { tenantId: NORTHWIND }],
		});
		const { error } = nodeResult(await session.n8n.execute(workflow), NODE_NAME);
		expect(error?.message).toContain('[item 1, Directory_ObjectNotFound]');
		expect(error?.description).toContain('2 of 3 items succeeded (their changes are applied); 1 failed (first: item 1)');
		expect(session.emulator.graphRequests()).toHaveLength(3);
	});

	it('reuses one token across executions, and replaces it once when Graph answers 401', async () => {
		await session.n8n.execute(update({ isSyncAllowed: true }));
		await session.n8n.execute(update({ isSyncAllowed: false }));
		expect(session.emulator.tokensIssued()).toBe(1);

		expect(session.n8n.credentials.stored(session.credential.id)?.data.accessToken).toEqual(expect.any(String));
		const expired = session.emulator.mintAccessToken({ tenantId: CONTOSO, clientId: APPS.writer.clientId, roles: ['Policy.ReadWrite.CrossTenantAccess'], expiresInSeconds: -60 });
		storeMintedToken(session.n8n, session.credential.id, expired);
		session.emulator.clearRequests();

		const { items, error } = nodeResult(await session.n8n.execute(update({ isSyncAllowed: true })), NODE_NAME);
		expect(error).toBeUndefined();
		expect(items[0].json.success).toBe(true);
		expect(session.emulator.graphRequests().map((r) => r.status)).toEqual([401, 204]);
		// The token this process minted first is still fresh and is not the refused one: it is used, no new mint.
		expect(session.emulator.tokensIssued()).toBe(1);
		expect(session.n8n.credentials.stored(session.credential.id)?.data.accessToken).not.toBe(expired);
	});

	it('works with a certificate credential (client assertion signed by the app key)', async () => {
		const cert = addCredential(session.n8n, certificateCredential(session.emulator), 'cert');
		const { items, error } = nodeResult(await session.n8n.execute(update({ displayName: 'Fabrikam (cert)' }, FABRIKAM, { credential: cert })), NODE_NAME);
		expect(error).toBeUndefined();
		expect(items[0].json.applied).toEqual({ displayName: 'Fabrikam (cert)' });
		const token = session.emulator.requests.find((r) => r.kind === 'token');
		expect((token?.body as IDataObject).client_assertion_type).toBe('urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
		expect(claims(session.emulator.graphRequests()[0].headers.authorization)).toMatchObject({ appid: APPS.certWriter.clientId });
	});

	it('never lets the secret or token into output or errors', async () => {
		const reader = addCredential(session.n8n, secretCredential(session.emulator, APPS.reader), 'reader');
		const run = await session.n8n.execute(update({ isSyncAllowed: true }, '={{ $json.tenantId }}', { credential: reader, continueOnFail: true, items: [{ tenantId: FABRIKAM }] }));
		const serialized = JSON.stringify(run.data.resultData);
		const token = String(session.emulator.graphRequests()[0].headers.authorization).replace('Bearer ', '');
		expect(serialized).not.toContain(APPS.reader.secret);
		expect(serialized).not.toContain(token);
	});
});
