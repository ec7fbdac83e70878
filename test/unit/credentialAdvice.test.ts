import { resolveCloud } from '../../credentials/entra/clouds';
import { describeTokenFailure, describeUnreachableAuthority } from '../../credentials/entra/tokenFailureAdvice';
import { judgeToken } from '../../nodes/CrossTenantSyncPolicy/methods/credentialTest';

const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';

describe('token failure advice', () => {
	it.each([
		['7000215', 'invalid client secret', 'not its Secret ID'],
		['7000222', 'expired', 'Certificate'],
		['700016', 'No application with this Client ID', 'consented'],
		['90002', 'tenant was not found', 'Cloud matches'],
		['700027', 'rejected the certificate', 'private key'],
	])('maps AADSTS%s to a sentence and a fix', (code, message, advice) => {
		const error = new Error(`invalid_client: AADSTS${code}: something Entra said.\r\nTrace ID: x`);
		const failure = describeTokenFailure(error, 'https://login.microsoftonline.com', GRAPH_SCOPE);
		expect(failure.aadsts).toBe(code);
		expect(failure.message).toContain(message);
		expect(failure.advice).toContain(advice);
	});

	it('public cloud: the token endpoint\'s AADSTS90002, as @azure/identity words it, gets the tenant-not-found advice', () => {
		// Known clouds skip the metadata request: an unknown tenant is refused by the token endpoint itself.
		const error = new Error(
			"invalid_request: Error(s): 90002 - Timestamp: 2026-05-04 10:00:00Z - Description: AADSTS90002: Tenant '11111111-2222-4333-8444-555555555555' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.\r\nTrace ID: t\r\nCorrelation ID: c\r\nTimestamp: 2026-05-04 10:00:00Z - Correlation ID: c - Trace ID: t",
		);
		error.name = 'AuthenticationRequiredError';
		expect(describeTokenFailure(error, 'https://login.microsoftonline.com', GRAPH_SCOPE)).toEqual({
			message: 'The tenant was not found (AADSTS90002).',
			advice: "Check the Tenant ID (the Directory (tenant) ID GUID or a verified domain such as contoso.onmicrosoft.com) and that Cloud matches the tenant's national cloud.",
			aadsts: '90002',
		});
	});

	it('AADSTS500011 advice names the scope that was requested, not a placeholder', () => {
		const error = new Error('invalid_resource: Error(s): 500011 - Description: AADSTS500011: The resource principal named https://graph.microsoft.us was not found in the tenant named Contoso.');
		expect(describeTokenFailure(error, 'https://login.microsoftonline.us', 'https://graph.microsoft.us/.default').advice).toBe(
			'Check that Cloud (or Graph Endpoint for a custom cloud) matches the tenant: the token is requested for https://graph.microsoft.us/.default.',
		);
	});

	it('explains an unreachable authority without an AADSTS code', () => {
		const failure = describeTokenFailure(new Error('endpoints_resolution_error: Error: could not resolve endpoints.'), 'https://login.example', GRAPH_SCOPE);
		// No answer at all: the credential then probes the authority to tell why (see credential.test.ts).
		expect(failure.unreachable).toBe(true);
		const metadataUrl = 'https://login.example/contoso.com/v2.0/.well-known/openid-configuration';
		expect(describeUnreachableAuthority('https://login.example', 'unreachable', metadataUrl).message).toContain('https://login.example could not be reached');
		expect(describeUnreachableAuthority('https://login.example', 'untrustedCertificate', metadataUrl).message).toContain('is not trusted');
		expect(describeUnreachableAuthority('https://login.example', 'trusted', metadataUrl).advice).toBe(
			`Check Cloud (or Authority Host for a custom cloud) and the Tenant ID: the authority must serve ${metadataUrl}.`,
		);
	});
});

describe('cloud endpoints', () => {
	it.each([
		['global', 'https://graph.microsoft.com', 'https://login.microsoftonline.com'],
		['usGov', 'https://graph.microsoft.us', 'https://login.microsoftonline.us'],
		['usGovDoD', 'https://dod-graph.microsoft.us', 'https://login.microsoftonline.us'],
		['china', 'https://microsoftgraph.chinacloudapi.cn', 'https://login.chinacloudapi.cn'],
	])('%s maps to its Graph host and authority', (cloud, graphEndpoint, authorityHost) => {
		expect(resolveCloud({ cloud })).toEqual({ graphEndpoint, authorityHost, isCustom: false });
	});

	it('custom takes https roots and trims trailing slashes', () => {
		expect(resolveCloud({ cloud: 'custom', graphEndpoint: 'https://127.0.0.1:8443/', authorityHost: 'https://127.0.0.1:8443' })).toEqual({
			graphEndpoint: 'https://127.0.0.1:8443',
			authorityHost: 'https://127.0.0.1:8443',
			isCustom: true,
		});
		expect(() => resolveCloud({ cloud: 'custom', graphEndpoint: 'http://127.0.0.1', authorityHost: 'https://x' })).toThrow('must use https');
	});

	it('custom gives the origin as URL writes it: host in lower case, the default port left out', () => {
		expect(resolveCloud({ cloud: 'custom', graphEndpoint: ' https://GRAPH.Microsoft.US:443/ ', authorityHost: 'https://Login.MicrosoftOnline.us' })).toEqual({
			graphEndpoint: 'https://graph.microsoft.us',
			authorityHost: 'https://login.microsoftonline.us',
			isCustom: true,
		});
	});
});

describe('credential test verdict on the token', () => {
	const TENANT = '72f988bf-0000-4000-8000-000000000001';
	const claims = (roles: string[]) => ({ roles, tid: TENANT, appid: 'app-1' });
	const data = { cloud: 'usGov', tenantId: 'contoso.onmicrosoft.us', clientId: 'app-1' };

	const SYNC_CONFIGURATION_NEEDS =
		"Sync Configuration needs Application.ReadWrite.OwnedBy or Application.ReadWrite.All (Create and Delete); Application.Read.All or Application.ReadWrite.All (Get Many, the trigger's job health, Create's name check and a configuration picked by name or from the list); Synchronization.Read.All or Synchronization.ReadWrite.All or Application.ReadWrite.OwnedBy (Get and the trigger's job health); Synchronization.ReadWrite.All or Application.ReadWrite.OwnedBy (Start, Pause, Restart and Provision On Demand); AppRoleAssignment.ReadWrite.All and Application.Read.All (Assign and Unassign).";

	it('a target tenant\'s token: OK, naming cloud, tenant, the permissions it carries and what Sync Configuration would need', () => {
		const target = judgeToken(claims(['Policy.Read.All', 'Policy.ReadWrite.CrossTenantAccess', 'CrossTenantInformation.ReadBasic.All']), data);
		expect(target).toEqual({
			status: 'OK',
			message: `Signed in to the US Government L4 cloud (graph.microsoft.us) as app app-1 in tenant ${TENANT} (contoso.onmicrosoft.us). The token carries Policy.Read.All, Policy.ReadWrite.CrossTenantAccess, CrossTenantInformation.ReadBasic.All. Sync Policy and Partner: every operation. ${SYNC_CONFIGURATION_NEEDS}`,
		});
	});

	it('a read-only token passes, saying which operations need more', () => {
		const readOnly = judgeToken(claims(['Policy.Read.All']), { ...data, cloud: 'global', tenantId: TENANT });
		expect(readOnly.status).toBe('OK');
		expect(readOnly.message).toContain(
			'Sync Policy and Partner: all but what needs Policy.ReadWrite.CrossTenantAccess (Create, Update and Delete); CrossTenantInformation.ReadBasic.All (a partner or a Create target given by domain).',
		);
	});

	it('a source tenant\'s token with the least privileges serves Sync Configuration entirely', () => {
		const source = judgeToken(claims(['Policy.ReadWrite.CrossTenantAccess', 'Application.ReadWrite.OwnedBy', 'Application.Read.All', 'AppRoleAssignment.ReadWrite.All']), data);
		expect(source.status).toBe('OK');
		expect(source.message).toContain('Sync Configuration: every operation.');
		const jobsOnly = judgeToken(claims(['Synchronization.ReadWrite.All']), data);
		expect(jobsOnly.message).toContain('Sync Configuration: all but what needs Application.ReadWrite.OwnedBy or Application.ReadWrite.All (Create and Delete);');
	});

	it('fails only when the token carries no permission the node uses, and says how to grant them', () => {
		const none = judgeToken(claims(['User.Read.All']), { ...data, cloud: 'custom', graphEndpoint: 'https://127.0.0.1:8443' });
		expect(none.status).toBe('Error');
		expect(none.message).toContain('custom cloud (https://127.0.0.1:8443)');
		expect(none.message).toContain('The token carries User.Read.All.');
		expect(none.message).toContain(SYNC_CONFIGURATION_NEEDS);
		expect(none.message).toContain('It can serve no operation of this node.');
		expect(none.message).toContain('Grant admin consent');
	});
});
