import type { ICredentialDataDecryptedObject, ICredentialTestFunctions, INodeParameters } from 'n8n-workflow';

import { microsoftEntraAppOnlyApiTest } from '../../nodes/CrossTenantSyncPolicy/methods/credentialTest';
import { NODE_NAME, nodeWorkflow } from '../harness/nodeWorkflow';
import { nodeResult } from '../harness/runWorkflow';
import { addCredential, APPS, FABRIKAM, secretCredential, useEmulatorSession } from '../support/fixtures';

const UNKNOWN_TENANT = '11111111-2222-4333-8444-555555555555';
const TENANT_NOT_FOUND =
	"The tenant was not found (AADSTS90002). Check the Tenant ID (the Directory (tenant) ID GUID or a verified domain such as contoso.onmicrosoft.com) and that Cloud matches the tenant's national cloud.";
const noTenant = (given: string) =>
	`The Tenant ID "${given}" names no tenant: app-only sign-in needs the directory (tenant) ID GUID or a verified domain of the tenant. Enter your tenant's Directory (tenant) ID (Entra admin center → Overview), a GUID such as 90e29127-71ad-49c7-9ce8-db3f41ea06f1, or a verified domain such as contoso.onmicrosoft.com; "common", "organizations" and "consumers" serve sign-ins of users, not of an app.`;
const notAnOrigin = (label: string, example: string, shown: string, part: string) =>
	`The credential field "${label}" must be an https origin such as ${example}, without a path or version, query, fragment or user info (a trailing slash is fine); "${shown}" has ${part}`;

function credentialTest(data: ICredentialDataDecryptedObject) {
	return microsoftEntraAppOnlyApiTest.call({} as ICredentialTestFunctions, { id: 'c', name: 'test', type: 'microsoftEntraAppOnlyApi', data });
}

describe('credential messages that point the right way (real @azure/identity and n8n-core, emulator over HTTPS)', () => {
	const session = useEmulatorSession();
	const secret = () => secretCredential(session.emulator);

	describe('a Tenant ID that does not exist', () => {
		it("reaches Entra's tenant-not-found advice from the authority's own answer, sending no secret", async () => {
			const result = await credentialTest(secretCredential(session.emulator, APPS.writer, UNKNOWN_TENANT));
			expect(result).toEqual({ status: 'Error', message: TENANT_NOT_FOUND });
			const requests = session.emulator.requests;
			expect(requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toContain(`GET /${UNKNOWN_TENANT}/v2.0/.well-known/openid-configuration 400`);
			expect(requests.filter((r) => r.kind !== 'metadata')).toEqual([]);
			expect(JSON.stringify(requests)).not.toContain(APPS.writer.secret);
		});

		it('a verified-domain form that does not exist gets the same advice', async () => {
			const result = await credentialTest(secretCredential(session.emulator, APPS.writer, 'no-such-tenant.onmicrosoft.com'));
			expect(result).toEqual({ status: 'Error', message: TENANT_NOT_FOUND });
		});
	});

	describe('a Tenant ID that names no tenant (common, organizations, consumers)', () => {
		it.each(['common', 'organizations', 'consumers', ' Organizations '])('%p is refused by the credential Test before any request', async (tenantId) => {
			const result = await credentialTest(secretCredential(session.emulator, APPS.writer, tenantId));
			expect(result).toEqual({ status: 'Error', message: noTenant(tenantId.trim()) });
			expect(session.emulator.requests).toEqual([]);
		});

		it('is refused at run time too: the item fails with the same sentence and nothing is sent', async () => {
			const common = addCredential(session.n8n, secretCredential(session.emulator, APPS.writer, 'common'), 'common');
			const parameters: INodeParameters = { resource: 'syncPolicy', operation: 'get', partnerTenantId: { __rl: true, mode: 'id', value: FABRIKAM } };
			const { error } = nodeResult(await session.n8n.execute(nodeWorkflow({ parameters, credential: common })), NODE_NAME);
			const [headline, advice] = noTenant('common').split(' Enter ');
			expect(error?.message).toBe(`Sign-in failed: ${headline} [item 0]`);
			// The description's next line is the node's summary of the items.
			expect(error?.description?.split('\n')[0]).toBe(`Enter ${advice}`);
			expect(session.emulator.requests).toEqual([]);
		});
	});

	describe('custom roots must be https origins', () => {
		const graphRows = (url: string) => [
			['a version', `${url}/v1.0`, `${url}/v1.0`, 'a path'],
			['a path with a trailing slash', `${url}/beta/`, `${url}/beta/`, 'a path'],
			['a query', `${url}?tenant=x`, `${url}?tenant=x`, 'a query'],
			['an empty query', `${url}/?`, `${url}/?`, 'a query'],
			['a fragment', `${url}#top`, `${url}#top`, 'a fragment'],
			['user info (its password is not shown)', url.replace('https://', 'https://user:pa55word@'), url.replace('https://', 'https://…@'), 'user info'],
		];

		it('Graph Endpoint: every form with more than an origin is refused, naming the field and the accepted shape; nothing is sent', async () => {
			for (const [, graphEndpoint, shown, part] of graphRows(session.emulator.url)) {
				const result = await credentialTest({ ...secret(), graphEndpoint });
				expect(result).toEqual({ status: 'Error', message: notAnOrigin('Graph Endpoint', 'https://graph.microsoft.us', shown, part) });
				expect(result.message).not.toContain('pa55word');
			}
			expect(session.emulator.requests).toEqual([]);
		});

		it('Authority Host: the same rule', async () => {
			for (const [, authorityHost, shown, part] of graphRows(session.emulator.url)) {
				const result = await credentialTest({ ...secret(), authorityHost });
				expect(result).toEqual({ status: 'Error', message: notAnOrigin('Authority Host', 'https://login.microsoftonline.us', shown, part) });
			}
			expect(session.emulator.requests).toEqual([]);
		});

		it('http and text that is no URL are refused naming the field', async () => {
			expect(await credentialTest({ ...secret(), authorityHost: 'http://127.0.0.1:9' })).toEqual({
				status: 'Error',
				message: 'The credential field "Authority Host" must use https, such as https://login.microsoftonline.us (got "http://127.0.0.1:9")',
			});
			expect(await credentialTest({ ...secret(), graphEndpoint: 'graph.microsoft.us' })).toEqual({
				status: 'Error',
				message: 'The credential field "Graph Endpoint" must be an https origin such as https://graph.microsoft.us (got "graph.microsoft.us")',
			});
			expect(session.emulator.requests).toEqual([]);
		});

		it('origins with a trailing slash sign in', async () => {
			const result = await credentialTest({ ...secret(), graphEndpoint: `${session.emulator.url}/`, authorityHost: `${session.emulator.url}/` });
			expect(result.status).toBe('OK');
			expect(session.emulator.requests.find((r) => r.kind === 'token')?.body).toMatchObject({ scope: `${session.emulator.url}/.default` });
		});

		it('a Graph Endpoint with a path is refused at run time before sign-in, naming the field', async () => {
			const versioned = addCredential(session.n8n, { ...secret(), graphEndpoint: `${session.emulator.url}/v1.0` }, 'versioned');
			const parameters: INodeParameters = { resource: 'syncPolicy', operation: 'get', partnerTenantId: { __rl: true, mode: 'id', value: FABRIKAM } };
			const { error } = nodeResult(await session.n8n.execute(nodeWorkflow({ parameters, credential: versioned })), NODE_NAME);
			expect(error?.message).toBe(notAnOrigin('Graph Endpoint', 'https://graph.microsoft.us', `${session.emulator.url}/v1.0`, 'a path'));
			expect(session.emulator.requests).toEqual([]);
		});
	});

	it('AADSTS500011 (Graph not found in the tenant) names the scope that was requested', async () => {
		// The emulator is the authority; a Graph root it does not serve is a resource the tenant does not know.
		const result = await credentialTest({ ...secret(), graphEndpoint: 'https://graph.microsoft.us/' });
		expect(result).toEqual({
			status: 'Error',
			message:
				'The Graph resource was not found in the tenant (AADSTS500011). Check that Cloud (or Graph Endpoint for a custom cloud) matches the tenant: the token is requested for https://graph.microsoft.us/.default.',
		});
		expect(session.emulator.requests.find((r) => r.kind === 'token')?.body).toMatchObject({ scope: 'https://graph.microsoft.us/.default' });
	});
});
