import { APPS, CONTOSO, NORTHWIND, WOODGROVE, graphCall, graphCode, tokenFor } from './test-client';
import { useEmulator } from './session';

const lookup = (domain: string, version = 'v1.0') =>
	`/${version}/tenantRelationships/findTenantInformationByDomainName(domainName='${domain}')`;

describe('emulated Graph: findTenantInformationByDomainName', () => {
	const session = useEmulator();

	it('returns the tenant that owns a verified domain, case-insensitively, on v1.0 and beta', async () => {
		const answer = await graphCall(session.emulator, session.writer, 'GET', lookup('WoodGrove.COM'));
		expect(answer.status).toBe(200);
		expect(answer.json()).toEqual({
			'@odata.context': `${session.emulator.url}/v1.0/$metadata#microsoft.graph.tenantInformation`,
			tenantId: WOODGROVE,
			displayName: 'Woodgrove Bank',
			defaultDomainName: 'woodgrove.onmicrosoft.com',
			federationBrandName: null,
		});
		const beta = await graphCall(session.emulator, session.writer, 'GET', lookup('northwindtraders.com', 'beta'));
		expect(beta.json()).toMatchObject({ '@odata.context': expect.stringContaining('/beta/$metadata#'), tenantId: NORTHWIND });
		expect(session.emulator.graphRequests().map((r) => [r.path, r.status, r.tenantId])).toEqual([
			[lookup('WoodGrove.COM'), 200, CONTOSO],
			[lookup('northwindtraders.com', 'beta'), 200, CONTOSO],
		]);
	});

	it('accepts a percent-encoded call and unescapes doubled quotes before checking the domain', async () => {
		const encoded = await graphCall(session.emulator, session.writer, 'GET', `/v1.0/tenantRelationships/findTenantInformationByDomainName(domainName=%27fabrikam.com%27)`);
		expect(encoded.status).toBe(200);
		const quoted = await graphCall(session.emulator, session.writer, 'GET', lookup("o''brien.com"));
		expect([quoted.status, graphCode(quoted)]).toEqual([400, 'BadRequest']);
	});

	it('answers an unknown domain with 404 Request_ResourceNotFound', async () => {
		const answer = await graphCall(session.emulator, session.writer, 'GET', lookup('no-such-org.example'));
		expect(answer.status).toBe(404);
		expect(answer.json().error).toMatchObject({
			code: 'Request_ResourceNotFound',
			message: "Resource 'no-such-org.example' does not exist or one of its queried reference-property objects are not present.",
		});
	});

	it.each([
		['an unquoted value', "/v1.0/tenantRelationships/findTenantInformationByDomainName(domainName=contoso.com)"],
		['a wrong parameter name', "/v1.0/tenantRelationships/findTenantInformationByDomainName(domain='contoso.com')"],
		['no parameters', '/v1.0/tenantRelationships/findTenantInformationByDomainName'],
		['an empty domain', lookup('')],
		['a value that is no domain name', lookup('not a domain')],
		['an unknown function', "/v1.0/tenantRelationships/findTenantInformationByTenantId(tenantId='x')"],
	])('answers %s with 400 BadRequest', async (_label, path) => {
		const answer = await graphCall(session.emulator, session.writer, 'GET', path);
		expect([answer.status, graphCode(answer)]).toEqual([400, 'BadRequest']);
	});

	it('needs CrossTenantInformation.ReadBasic.All or a cross-tenant policy permission', async () => {
		const lookupOnly = session.emulator.mintAccessToken({ tenantId: CONTOSO, clientId: APPS.writer.clientId, roles: ['CrossTenantInformation.ReadBasic.All'] });
		expect((await graphCall(session.emulator, lookupOnly, 'GET', lookup('contoso.com'))).status).toBe(200);
		// The lookup permission alone does not open the policy.
		expect((await graphCall(session.emulator, lookupOnly, 'GET', '/v1.0/policies/crossTenantAccessPolicy/partners')).status).toBe(403);
		const reader = await tokenFor(session.emulator, APPS.reader);
		expect((await graphCall(session.emulator, reader, 'GET', lookup('contoso.com'))).status).toBe(200);
		const none = await graphCall(session.emulator, await tokenFor(session.emulator, APPS.noRoles), 'GET', lookup('contoso.com'));
		expect([none.status, graphCode(none)]).toEqual([403, 'Authorization_RequestDenied']);
		expect((await graphCall(session.emulator, undefined, 'GET', lookup('contoso.com'))).status).toBe(401);
	});

	it('is a function: other methods are 405', async () => {
		expect((await graphCall(session.emulator, session.writer, 'POST', lookup('contoso.com'), {})).status).toBe(405);
	});
});
