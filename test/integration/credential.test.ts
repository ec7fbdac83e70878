import type { ICredentialDataDecryptedObject, ICredentialTestFunctions } from 'n8n-workflow';
import selfsigned from 'selfsigned';

import { mintAccessToken } from '../../credentials/entra/mintAccessToken';
import { MicrosoftEntraAppOnlyApi } from '../../credentials/MicrosoftEntraAppOnlyApi.credentials';
import { microsoftEntraAppOnlyApiTest } from '../../nodes/CrossTenantSyncPolicy/methods/credentialTest';
import type { GraphEmulator } from '../emulator';
import { APPS, certificateCredential, secretCredential, startTrustedEmulator } from '../support/fixtures';

function credentialTest(data: ICredentialDataDecryptedObject) {
	return microsoftEntraAppOnlyApiTest.call({} as ICredentialTestFunctions, {
		id: 'c',
		name: 'test',
		type: 'microsoftEntraAppOnlyApi',
		data,
	});
}

function roles(token: string): unknown {
	return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')).roles;
}

describe('Microsoft Entra App-Only API credential against the emulator (real @azure/identity over HTTPS)', () => {
	let emulator: GraphEmulator;

	beforeAll(async () => {
		emulator = await startTrustedEmulator();
	});
	afterAll(async () => await emulator.close());
	beforeEach(() => emulator.reset());

	it('mints a token with a client secret in preAuthentication', async () => {
		const credential = new MicrosoftEntraAppOnlyApi();
		const { accessToken } = await credential.preAuthentication.call({ helpers: {} } as never, secretCredential(emulator));
		expect(roles(accessToken)).toEqual(['Policy.Read.All', 'Policy.ReadWrite.CrossTenantAccess', 'CrossTenantInformation.ReadBasic.All']);
		const tokenRequest = emulator.requests.find((r) => r.kind === 'token');
		expect(tokenRequest?.body).toMatchObject({
			grant_type: 'client_credentials',
			client_id: APPS.writer.clientId,
			scope: `${emulator.url}/.default`,
		});
	});

	it('mints a token with a certificate (signed client assertion)', async () => {
		const token = await mintAccessToken(certificateCredential(emulator));
		expect(roles(token)).toContain('Policy.ReadWrite.CrossTenantAccess');
		const tokenRequest = emulator.requests.find((r) => r.kind === 'token');
		expect(tokenRequest?.body).toMatchObject({ client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer' });
		expect(tokenRequest?.body).not.toHaveProperty('client_secret');
	});

	it('the credential test says OK and names the granted permissions', async () => {
		expect(await credentialTest(secretCredential(emulator))).toEqual({
			status: 'OK',
			message: 'Token minted. The app has Policy.Read.All and Policy.ReadWrite.CrossTenantAccess.',
		});
	});

	it('the credential test names a missing write permission', async () => {
		const result = await credentialTest(secretCredential(emulator, APPS.reader));
		expect(result.status).toBe('Error');
		expect(result.message).toContain('Policy.ReadWrite.CrossTenantAccess is missing');
	});

	it('the credential test names both permissions when none is granted', async () => {
		const result = await credentialTest(secretCredential(emulator, APPS.noRoles));
		expect(result.message).toContain('neither Policy.Read.All nor Policy.ReadWrite.CrossTenantAccess');
	});

	it.each([
		['a wrong secret', () => secretCredential(emulator, { ...APPS.writer, secret: 'not-the-secret' }), 'AADSTS7000215', 'not its Secret ID'],
		['an expired secret', () => secretCredential(emulator, APPS.expired), 'AADSTS7000222', 'Consider switching Authentication to Certificate'],
		['an unknown app', () => secretCredential(emulator, { clientId: '00000000-1111-4222-8333-444444444444', secret: 'unknown-app-secret-value' }), 'AADSTS700016', 'Check the Client ID'],
	])('the credential test explains %s', async (_label, data, code, advice) => {
		const credential = data();
		const result = await credentialTest(credential);
		expect(result.status).toBe('Error');
		expect(result.message).toContain(code);
		expect(result.message).toContain(advice);
		expect(result.message).not.toContain(String(credential.clientSecret));
	});

	it('the credential test explains a certificate the app does not know (AADSTS700027)', async () => {
		const other = await selfsigned.generate([{ name: 'commonName', value: 'not-registered' }], { keySize: 2048, algorithm: 'sha256' });
		const result = await credentialTest({ ...certificateCredential(emulator), certificate: `${other.cert}\n${other.private}` });
		expect(result.status).toBe('Error');
		expect(result.message).toContain('AADSTS700027');
		expect(result.message).toContain('private key');
		expect(result.message).not.toContain('PRIVATE KEY');
	});

	it('the credential test explains an unknown tenant', async () => {
		const result = await credentialTest(secretCredential(emulator, APPS.writer, 'no-such-tenant.onmicrosoft.com'));
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/Tenant ID/);
	});

	it('the credential test explains an unreachable authority', async () => {
		const result = await credentialTest({ ...secretCredential(emulator), authorityHost: 'https://127.0.0.1:9' });
		expect(result.status).toBe('Error');
		expect(result.message).toContain('https://127.0.0.1:9 could not be reached');
	});

	it('the credential test asks for an https authority', async () => {
		const result = await credentialTest({ ...secretCredential(emulator), authorityHost: 'http://127.0.0.1:9' });
		expect(result.message).toContain('must use https');
	});
});
