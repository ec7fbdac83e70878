import { X509Certificate, createHash, createPublicKey, generateKeyPairSync } from 'node:crypto';
import jwt from 'jsonwebtoken';

import { APPS, CONTOSO, FABRIKAM, aadsts, httpsCall, secretForm, tokenRequest } from './test-client';
import type { GraphEmulator } from './types';
import { useEmulator } from './session';

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

function certificateBlock(pem: string): string {
	const match = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(pem);
	if (!match) throw new Error('no certificate in PEM');
	return match[0];
}

interface AssertionOptions {
	alg?: 'RS256' | 'PS256';
	thumbprintHeader?: 'x5t#S256' | 'x5t';
	aud?: string;
	exp?: number;
	nbf?: number;
	iss?: string;
	signingKey?: string;
}

function clientAssertion(emulator: GraphEmulator, options: AssertionOptions = {}): string {
	const pem = emulator.appCredentialPem(APPS.certWriter.clientId);
	const der = new X509Certificate(certificateBlock(pem)).raw;
	const thumbprintHeader = options.thumbprintHeader ?? 'x5t#S256';
	const thumbprint = createHash(thumbprintHeader === 'x5t' ? 'sha1' : 'sha256').update(der).digest('base64url');
	const alg = options.alg ?? 'PS256';
	const now = Math.floor(Date.now() / 1000);
	const iss = options.iss ?? APPS.certWriter.clientId;
	return jwt.sign(
		{
			aud: options.aud ?? `${emulator.url}/${CONTOSO}/oauth2/v2.0/token`,
			iss,
			sub: iss,
			jti: 'a2b3c4d5',
			nbf: options.nbf ?? now - 10,
			exp: options.exp ?? now + 600,
		},
		options.signingKey ?? pem,
		{ algorithm: alg, header: { alg, typ: 'JWT', [thumbprintHeader]: thumbprint } },
	);
}

function assertionForm(emulator: GraphEmulator, assertion: string, clientId = APPS.certWriter.clientId): Record<string, string> {
	return {
		grant_type: 'client_credentials',
		client_id: clientId,
		scope: `${emulator.url}/.default`,
		client_assertion_type: ASSERTION_TYPE,
		client_assertion: assertion,
	};
}

describe('emulated Entra', () => {
	const session = useEmulator();

	describe('OpenID metadata', () => {
		it.each([CONTOSO, 'contoso.com', 'CONTOSO.onmicrosoft.com'])('serves MSAL-compatible metadata for %s', async (tenant) => {
			const answer = await httpsCall(session.emulator.caCertPem, `${session.emulator.url}/${tenant}/v2.0/.well-known/openid-configuration`);
			expect(answer.status).toBe(200);
			const metadata = answer.json();
			expect(metadata).toMatchObject({
				issuer: `${session.emulator.url}/${CONTOSO}/v2.0`,
				token_endpoint: `${session.emulator.url}/${CONTOSO}/oauth2/v2.0/token`,
				authorization_endpoint: `${session.emulator.url}/${CONTOSO}/oauth2/v2.0/authorize`,
				end_session_endpoint: `${session.emulator.url}/${CONTOSO}/oauth2/v2.0/logout`,
				jwks_uri: `${session.emulator.url}/${CONTOSO}/discovery/v2.0/keys`,
				token_endpoint_auth_methods_supported: expect.arrayContaining(['client_secret_post', 'private_key_jwt']),
				id_token_signing_alg_values_supported: ['RS256'],
			});
			for (const field of ['response_types_supported', 'subject_types_supported', 'scopes_supported', 'tenant_region_scope', 'cloud_instance_name', 'msgraph_host']) {
				expect(metadata).toHaveProperty(field);
			}
			expect(new URL(String(metadata.issuer)).origin).toBe(session.emulator.url);
		});

		// As login.microsoftonline.com answers (seen in public reports), for a name that is not even a domain too.
		it.each(['11111111-2222-4333-8444-555555555555', 'no-such-tenant.onmicrosoft.com', 'tenant_id'])('answers an unknown tenant %s with invalid_tenant AADSTS90002', async (tenant) => {
			const answer = await httpsCall(session.emulator.caCertPem, `${session.emulator.url}/${tenant}/v2.0/.well-known/openid-configuration`);
			expect(answer.status).toBe(400);
			expect(answer.json()).toMatchObject({
				error: 'invalid_tenant',
				error_description: expect.stringMatching(new RegExp(`^AADSTS90002: Tenant '${tenant}' not found\\. .*\r\nTrace ID: `)),
				error_codes: [90002],
				error_uri: `${session.emulator.url}/error?code=90002`,
			});
		});

		it('publishes the key that verifies its access tokens', async () => {
			const keys = (await httpsCall(session.emulator.caCertPem, `${session.emulator.url}/${CONTOSO}/discovery/v2.0/keys`)).json<{ keys: Array<Record<string, string>> }>();
			const token = (await tokenRequest(session.emulator, secretForm(session.emulator))).json<{ access_token: string }>().access_token;
			const { header } = jwt.decode(token, { complete: true }) ?? { header: {} as jwt.JwtHeader };
			const jwk = keys.keys.find((k) => k.kid === header.kid);
			expect(jwk).toBeDefined();
			const key = createPublicKey({ key: { kty: 'RSA', n: jwk?.n, e: jwk?.e }, format: 'jwk' });
			expect(() => jwt.verify(token, key, { algorithms: ['RS256'], audience: session.emulator.url })).not.toThrow();
		});
	});

	describe('token endpoint', () => {
		it('issues an app-only Graph token for a client secret', async () => {
			const answer = await tokenRequest(session.emulator, secretForm(session.emulator), CONTOSO, { 'client-request-id': 'corr-1' });
			expect(answer.status).toBe(200);
			const body = answer.json<Record<string, unknown>>();
			expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599 });
			expect(answer.headers['client-request-id']).toBe('corr-1');
			const claims = jwt.decode(String(body.access_token)) as jwt.JwtPayload;
			expect(claims).toMatchObject({
				aud: session.emulator.url,
				iss: `${session.emulator.url}/${CONTOSO}/v2.0`,
				tid: CONTOSO,
				appid: APPS.writer.clientId,
				azp: APPS.writer.clientId,
				idtyp: 'app',
				ver: '1.0',
				roles: ['Policy.Read.All', 'Policy.ReadWrite.CrossTenantAccess', 'CrossTenantInformation.ReadBasic.All'],
			});
			expect(claims.exp).toBe((claims.iat ?? 0) + 3599);
			expect(session.emulator.tokensIssued()).toBe(1);
			const [record] = session.emulator.requests;
			expect(record).toMatchObject({ kind: 'token', status: 200, tenantId: CONTOSO, id: answer.headers['x-ms-request-id'] });
			expect(record.body).toMatchObject({ client_secret: APPS.writer.secret });
		});

		it('accepts a verified domain as the tenant and client_secret_basic', async () => {
			const basic = Buffer.from(`${APPS.writer.clientId}:${APPS.writer.secret}`).toString('base64');
			const answer = await tokenRequest(session.emulator, { grant_type: 'client_credentials', scope: `${session.emulator.url}/.default` }, 'contoso.com', {
				authorization: `Basic ${basic}`,
			});
			expect(answer.status).toBe(200);
		});

		it('leaves the roles claim out for an app without application permissions', async () => {
			const answer = await tokenRequest(session.emulator, secretForm(session.emulator, APPS.noRoles));
			const claims = jwt.decode(answer.json<{ access_token: string }>().access_token) as jwt.JwtPayload;
			expect(claims.roles).toBeUndefined();
		});

		it.each([
			['unknown tenant', () => ({ tenant: '11111111-2222-4333-8444-555555555555' }), 400, 'invalid_request', 90002],
			['app registered elsewhere', () => ({ tenant: FABRIKAM }), 400, 'unauthorized_client', 700016],
			['unknown client id', () => ({ form: { client_id: '00000000-1111-4222-8333-444444444444' } }), 400, 'unauthorized_client', 700016],
			['wrong secret', () => ({ form: { client_secret: 'not-the-secret' } }), 401, 'invalid_client', 7000215],
			['expired secret', () => ({ form: { client_id: APPS.expired.clientId, client_secret: APPS.expired.secret } }), 401, 'invalid_client', 7000222],
			['secret sent for a certificate-only app', () => ({ form: { client_id: APPS.certWriter.clientId } }), 401, 'invalid_client', 7000215],
			['no credential', () => ({ form: { client_secret: undefined } }), 401, 'invalid_client', 7000218],
			['scope without /.default', () => ({ form: { scope: 'Policy.Read.All' } }), 400, 'invalid_scope', 1002012],
			['another resource', () => ({ form: { scope: 'https://graph.microsoft.com/.default' } }), 400, 'invalid_resource', 500011],
			['missing grant_type', () => ({ form: { grant_type: undefined } }), 400, 'invalid_request', 900144],
			['another grant type', () => ({ form: { grant_type: 'password' } }), 400, 'unsupported_grant_type', 70003],
			['the common endpoint', () => ({ tenant: 'common' }), 400, 'invalid_request', 50059],
		])('rejects %s', async (_label, variant, status, error, code) => {
			const { tenant, form } = variant() as { tenant?: string; form?: Record<string, string | undefined> };
			const merged = Object.fromEntries(
				Object.entries({ ...secretForm(session.emulator), ...form }).filter((entry): entry is [string, string] => entry[1] !== undefined),
			);
			const answer = await tokenRequest(session.emulator, merged, tenant);
			expect(answer.status).toBe(status);
			const body = answer.json<Record<string, unknown>>();
			expect(body).toMatchObject({ error, error_codes: [code] });
			expect(String(body.error_description)).toMatch(new RegExp(`^AADSTS${code}: .+\\r\\nTrace ID: [0-9a-f-]{36}\\r\\nCorrelation ID: .+\\r\\nTimestamp: \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ$`, 's'));
			expect(body).toHaveProperty('trace_id');
			expect(body).toHaveProperty('correlation_id');
			expect(body).toHaveProperty('error_uri');
			expect(session.emulator.tokensIssued()).toBe(0);
		});

		it('names the app and the tenant in its messages', async () => {
			const wrongSecret = await tokenRequest(session.emulator, { ...secretForm(session.emulator), client_secret: 'x' });
			expect(wrongSecret.json().error_description).toContain(`for a secret added to app '${APPS.writer.clientId}'`);
			const unknownTenant = await tokenRequest(session.emulator, secretForm(session.emulator), 'nowhere.example.com');
			expect(unknownTenant.json().error_description).toContain("Tenant 'nowhere.example.com' not found");
		});

		it('only accepts POST', async () => {
			const answer = await httpsCall(session.emulator.caCertPem, `${session.emulator.url}/${CONTOSO}/oauth2/v2.0/token`);
			expect(aadsts(answer)).toBe(900561);
		});
	});

	describe('client assertion (certificate credential)', () => {
		it.each([
			['PS256 with x5t#S256 (MSAL)', {}],
			['RS256 with x5t#S256', { alg: 'RS256' as const }],
			['RS256 with the SHA-1 x5t', { alg: 'RS256' as const, thumbprintHeader: 'x5t' as const }],
		])('accepts %s', async (_label, options) => {
			const answer = await tokenRequest(session.emulator, assertionForm(session.emulator, clientAssertion(session.emulator, options)));
			expect(answer.status).toBe(200);
			const claims = jwt.decode(answer.json<{ access_token: string }>().access_token) as jwt.JwtPayload;
			expect(claims).toMatchObject({ appid: APPS.certWriter.clientId, appidacr: '2', tid: CONTOSO });
		});

		it('accepts an nbf a second ahead (MSAL rounds its clock), rejects one far in the future', async () => {
			const now = Math.floor(Date.now() / 1000);
			expect((await tokenRequest(session.emulator, assertionForm(session.emulator, clientAssertion(session.emulator, { nbf: now + 1 })))).status).toBe(200);
			const future = await tokenRequest(session.emulator, assertionForm(session.emulator, clientAssertion(session.emulator, { nbf: now + 3600 })));
			expect(aadsts(future)).toBe(700024);
		});

		it('accepts the audience naming the tenant the way the request did', async () => {
			const assertion = clientAssertion(session.emulator, { aud: `${session.emulator.url}/contoso.com/oauth2/v2.0/token` });
			expect((await tokenRequest(session.emulator, assertionForm(session.emulator, assertion), 'contoso.com')).status).toBe(200);
		});

		it('exposes the credential PEM (key + certificate) and the portal thumbprint', () => {
			const pem = session.emulator.appCredentialPem(APPS.certWriter.clientId);
			expect(pem).toMatch(/-----BEGIN PRIVATE KEY-----[\s\S]+-----BEGIN CERTIFICATE-----/);
			const fingerprint = new X509Certificate(certificateBlock(pem)).fingerprint.replace(/:/g, '');
			expect(session.emulator.appCertificateThumbprint(APPS.certWriter.clientId)).toBe(fingerprint);
			expect(() => session.emulator.appCredentialPem(APPS.writer.clientId)).toThrow(/not a certificate app/);
		});

		const foreignKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

		it.each([
			['signed by another key', { signingKey: foreignKey }, 700027, 'did not match'],
			['for another audience', { aud: 'https://login.microsoftonline.com/x/oauth2/v2.0/token' }, 700027, 'audience'],
			['with another issuer', { iss: APPS.writer.clientId }, 700027, 'iss and sub'],
			['expired', { exp: Math.floor(Date.now() / 1000) - 60 }, 700024, 'not within its valid time range'],
		])('rejects an assertion %s', async (_label, options, code, text) => {
			const answer = await tokenRequest(session.emulator, assertionForm(session.emulator, clientAssertion(session.emulator, options)));
			expect(answer.status).toBe(401);
			expect(answer.json()).toMatchObject({ error: 'invalid_client', error_codes: [code] });
			expect(answer.json().error_description).toContain(text);
		});

		it('rejects an assertion for an app without a certificate, and garbage', async () => {
			const forWriter = await tokenRequest(session.emulator, assertionForm(session.emulator, clientAssertion(session.emulator), APPS.writer.clientId));
			expect(aadsts(forWriter)).toBe(700027);
			expect(forWriter.json().error_description).toContain('The key was not found.');
			const garbage = await tokenRequest(session.emulator, assertionForm(session.emulator, 'not-a-jwt'));
			expect(aadsts(garbage)).toBe(700027);
		});
	});
});
