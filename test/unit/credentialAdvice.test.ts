import { resolveCloud } from '../../credentials/entra/clouds';
import { describeTokenFailure, describeUnreachableAuthority } from '../../credentials/entra/tokenFailureAdvice';
import { judgeRoles } from '../../nodes/CrossTenantSyncPolicy/methods/credentialTest';

describe('token failure advice', () => {
	it.each([
		['7000215', 'invalid client secret', 'not its Secret ID'],
		['7000222', 'expired', 'Certificate'],
		['700016', 'No application with this Client ID', 'consented'],
		['90002', 'tenant was not found', 'Cloud matches'],
		['700027', 'rejected the certificate', 'private key'],
	])('maps AADSTS%s to a sentence and a fix', (code, message, advice) => {
		const error = new Error(`invalid_client: AADSTS${code}: something Entra said.\r\nTrace ID: x`);
		const failure = describeTokenFailure(error, 'https://login.microsoftonline.com');
		expect(failure.aadsts).toBe(code);
		expect(failure.message).toContain(message);
		expect(failure.advice).toContain(advice);
	});

	it('explains an unreachable authority without an AADSTS code', () => {
		const failure = describeTokenFailure(new Error('endpoints_resolution_error: Error: could not resolve endpoints.'), 'https://login.example');
		// No answer at all: the credential then probes the authority to tell why (see credential.test.ts).
		expect(failure.unreachable).toBe(true);
		expect(describeUnreachableAuthority('https://login.example', 'unreachable').message).toContain('https://login.example could not be reached');
		expect(describeUnreachableAuthority('https://login.example', 'untrustedCertificate').message).toContain('is not trusted');
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
});

describe('credential test verdict on roles', () => {
	it('is OK with both permissions, or with ReadWrite alone', () => {
		expect(judgeRoles(['Policy.Read.All', 'Policy.ReadWrite.CrossTenantAccess']).status).toBe('OK');
		expect(judgeRoles(['Policy.ReadWrite.CrossTenantAccess']).status).toBe('OK');
	});

	it('says which permission is missing', () => {
		const readOnly = judgeRoles(['Policy.Read.All']);
		expect(readOnly.status).toBe('Error');
		expect(readOnly.message).toContain('Policy.ReadWrite.CrossTenantAccess is missing');
		const none = judgeRoles([]);
		expect(none.message).toContain('neither Policy.Read.All nor Policy.ReadWrite.CrossTenantAccess');
		expect(none.message).toContain('Grant admin consent');
	});
});
