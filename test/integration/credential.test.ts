import { createPrivateKey } from 'node:crypto';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { ICredentialDataDecryptedObject, ICredentialTestFunctions } from 'n8n-workflow';
import selfsigned from 'selfsigned';

import { forgetSharedAccessTokens, mintAccessToken, sharedAccessToken } from '../../credentials/entra/mintAccessToken';
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
	beforeEach(() => {
		forgetSharedAccessTokens();
		emulator.reset();
	});

	it('shares the token this process minted, and mints anew when n8n refreshes that very token (after a 401)', async () => {
		const first = await sharedAccessToken(secretCredential(emulator));
		expect(await sharedAccessToken(secretCredential(emulator), 'an older stored token')).toBe(first);
		const renewed = await sharedAccessToken(secretCredential(emulator), first);
		expect(renewed).not.toBe(first);
		expect(await sharedAccessToken(secretCredential(emulator))).toBe(renewed);
		expect(emulator.requests.filter((r) => r.kind === 'token')).toHaveLength(2);
	});

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

	it('the credential test says OK and names cloud, tenant, the permissions the token carries and what each resource can do', async () => {
		const result = await credentialTest(secretCredential(emulator));
		expect(result.status).toBe('OK');
		expect(result.message).toContain(
			`Signed in to the custom cloud (${emulator.url}) as app ${APPS.writer.clientId} in tenant 72f988bf-0000-4000-8000-000000000001. The token carries Policy.Read.All, Policy.ReadWrite.CrossTenantAccess, CrossTenantInformation.ReadBasic.All. Sync Policy and Partner: every operation. Sync Configuration needs`,
		);
	});

	it('a read-only token passes and names what writes would need', async () => {
		const result = await credentialTest(secretCredential(emulator, APPS.reader));
		expect(result.status).toBe('OK');
		expect(result.message).toContain('all but what needs Policy.ReadWrite.CrossTenantAccess (Create, Update and Delete)');
	});

	it('a token without any permission the node uses fails, naming them', async () => {
		const result = await credentialTest(secretCredential(emulator, APPS.noRoles));
		expect(result.status).toBe('Error');
		expect(result.message).toContain('Sync Policy and Partner needs Policy.Read.All or Policy.ReadWrite.CrossTenantAccess');
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

	describe('tells sign-in mistakes apart', () => {
		const certificateParts = (emulator: GraphEmulator) => {
			const pem = String(certificateCredential(emulator).certificate);
			const cert = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(pem)?.[0] ?? '';
			const key = createPrivateKey(/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]+?-----END [A-Z ]*PRIVATE KEY-----/.exec(pem)?.[0] ?? '');
			return { cert, key };
		};

		it.each([
			['a malformed PEM', () => 'not a pem at all', undefined, 'holds no readable certificate'],
			['a certificate without its key', (e: GraphEmulator) => certificateParts(e).cert, undefined, 'no private key'],
			[
				'an encrypted key with the wrong password',
				(e: GraphEmulator) => {
					const { cert, key } = certificateParts(e);
					return `${cert}\n${key.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'right' })}`;
				},
				'wrong',
				'could not be decrypted with the Certificate Password',
			],
		])('%s: its own message, and no token request', async (_label, pem, password, message) => {
			const result = await credentialTest({ ...certificateCredential(emulator), certificate: pem(emulator), certificatePassword: password ?? '' });
			expect(result.status).toBe('Error');
			expect(result.message).toContain(message);
			expect(result.message).not.toContain('could not be reached');
			expect(emulator.requests.filter((r) => r.kind === 'token')).toEqual([]);
		});

		it('an encrypted key with the right password signs in', async () => {
			const { cert, key } = certificateParts(emulator);
			const pem = `${cert}\n${key.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'right' })}`;
			const result = await credentialTest({ ...certificateCredential(emulator), certificate: pem, certificatePassword: 'right' });
			expect(result.status).toBe('OK');
		});

		it('an authority whose TLS certificate is not trusted', async () => {
			const untrusted = await selfsigned.generate([{ name: 'commonName', value: '127.0.0.1' }], { keySize: 2048, algorithm: 'sha256' });
			const server = createServer({ key: untrusted.private, cert: untrusted.cert }, (_request, response) => response.end('{}'));
			await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
			try {
				const authorityHost = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
				const result = await credentialTest({ ...secretCredential(emulator), authorityHost });
				expect(result.message).toContain(`The TLS certificate of the login authority ${authorityHost} is not trusted`);
				expect(result.message).toContain('NODE_EXTRA_CA_CERTS');
			} finally {
				server.close();
			}
		});
	});
});
