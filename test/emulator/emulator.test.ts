import { X509Certificate } from 'node:crypto';
import { get } from 'node:https';
import tls from 'node:tls';

import { defaultSeedPath, generateTlsMaterial, startEmulator } from './index';
import { loadSeed } from './seed';
import { ADATUM, APPS, CONTOSO, FABRIKAM, SYNC_PATH, WOODGROVE, aadsts, graphCall, httpsCall, secretForm, tokenFor, tokenRequest } from './test-client';
import type { EmulatorSeed, GraphEmulator } from './types';

function plainGet(url: string, ca: string): Promise<number> {
	return new Promise((resolve, reject) => {
		get(url, { ca, agent: false }, (res) => {
			res.resume();
			resolve(res.statusCode ?? 0);
		}).on('error', reject);
	});
}

describe('Graph emulator', () => {
	let emulator: GraphEmulator;

	beforeAll(async () => {
		emulator = await startEmulator();
	});
	afterAll(async () => await emulator.close());
	beforeEach(() => emulator.reset());

	describe('TLS', () => {
		it('serves a certificate Node trusts when given only its PEM, for 127.0.0.1 and localhost', async () => {
			const metadataPath = `/${CONTOSO}/v2.0/.well-known/openid-configuration`;
			expect(await plainGet(`${emulator.url}${metadataPath}`, emulator.caCertPem)).toBe(200);
			expect(await plainGet(`${emulator.url.replace('127.0.0.1', 'localhost')}${metadataPath}`, emulator.caCertPem)).toBe(200);
			const certificate = new X509Certificate(emulator.caCertPem);
			expect(certificate.subjectAltName).toContain('IP Address:127.0.0.1');
			expect(certificate.subjectAltName).toContain('DNS:localhost');
		});

		it('is refused by a client that does not trust it', async () => {
			const other = await generateTlsMaterial();
			await expect(plainGet(emulator.url, other.certPem)).rejects.toThrow(/self[- ]signed|unable to verify|certificate/i);
		});

		it("works with fetch once the PEM joins Node's default CA list", async () => {
			tls.setDefaultCACertificates([...tls.getCACertificates('default'), emulator.caCertPem]);
			const answer = await fetch(`${emulator.url}/contoso.com/v2.0/.well-known/openid-configuration`);
			expect(answer.status).toBe(200);
		});

		it('shares one certificate between emulators of the same process, or uses the given one', async () => {
			const second = await startEmulator();
			const material = await generateTlsMaterial();
			const third = await startEmulator({ tls: material });
			try {
				expect(second.caCertPem).toBe(emulator.caCertPem);
				expect(second.url).not.toBe(emulator.url);
				expect(third.caCertPem).toBe(material.certPem);
				expect((await httpsCall(material.certPem, `${third.url}/_emulator/info`)).status).toBe(200);
			} finally {
				await Promise.all([second.close(), third.close()]);
			}
		});
	});

	describe('seed and state', () => {
		it('loads the default seed file', () => {
			expect(defaultSeedPath).toMatch(/test[/\\]emulator[/\\]seed\.json$/);
			const partners = emulator.state(CONTOSO).partners;
			expect(partners.find((p) => p.tenantId === FABRIKAM)?.identitySynchronization).toEqual({
				tenantId: FABRIKAM,
				displayName: 'Fabrikam',
				userSyncInbound: { isSyncAllowed: false },
			});
		});

		it('returns a deep copy from state()', () => {
			const partner = emulator.state(CONTOSO).partners[0];
			(partner.identitySynchronization as { displayName: string }).displayName = 'changed';
			expect(emulator.state(CONTOSO).partners[0].identitySynchronization).toMatchObject({ displayName: 'Fabrikam' });
			expect(emulator.state('00000000-0000-4000-8000-000000000000')).toEqual({ partners: [] });
		});

		it('reset() restores the seed, clears log, faults and the token count; reset(seed) swaps the seed', async () => {
			const token = await tokenFor(emulator);
			await graphCall(emulator, token, 'DELETE', SYNC_PATH(FABRIKAM));
			emulator.setFaults({ failures: [{ status: 503, count: 9 }] });
			emulator.reset();
			expect(emulator.requests).toEqual([]);
			expect(emulator.tokensIssued()).toBe(0);
			expect((await graphCall(emulator, token, 'GET', SYNC_PATH(FABRIKAM))).status).toBe(200);

			const seed: EmulatorSeed = { ...loadSeed(), partners: { [CONTOSO]: [{ tenantId: FABRIKAM }] } };
			emulator.reset(seed);
			expect(emulator.state(CONTOSO).partners).toHaveLength(1);
			expect((await graphCall(emulator, token, 'GET', SYNC_PATH(FABRIKAM))).status).toBe(404);
			emulator.reset(defaultSeedPath);
			expect(emulator.state(CONTOSO).partners).toHaveLength(4);
		});

		it('partner() returns one partner of state(), or undefined', () => {
			expect(emulator.partner(CONTOSO, FABRIKAM.toUpperCase())).toEqual(emulator.state(CONTOSO).partners[0]);
			expect(emulator.partner(CONTOSO, WOODGROVE)).toBeUndefined();
		});

		it("has a second owner tenant, Adatum, whose writer app writes Adatum's partners only", async () => {
			const answer = await tokenRequest(emulator, secretForm(emulator, APPS.adatumWriter), ADATUM);
			expect(answer.status).toBe(200);
			const token = answer.json<{ access_token: string }>().access_token;
			expect((await graphCall(emulator, token, 'PATCH', SYNC_PATH(FABRIKAM), { userSyncInbound: { isSyncAllowed: true } })).status).toBe(204);
			expect(emulator.partner(ADATUM, FABRIKAM)?.identitySynchronization).toMatchObject({ userSyncInbound: { isSyncAllowed: true } });
			expect(emulator.partner(CONTOSO, FABRIKAM)?.identitySynchronization).toMatchObject({ userSyncInbound: { isSyncAllowed: false } });
			expect(aadsts(await tokenRequest(emulator, secretForm(emulator, APPS.adatumWriter), CONTOSO))).toBe(700016);
		});

		it('rejects an invalid seed with a readable message', async () => {
			await expect(startEmulator({ seed: { tenants: [{ tenantId: 'contoso' }], apps: [], partners: {} } })).rejects.toThrow(
				'Invalid emulator seed: tenants[0].tenantId must be a GUID',
			);
		});
	});

	describe('request log', () => {
		it('records every request in arrival order with its kind, and filters Graph requests', async () => {
			const token = await tokenFor(emulator);
			await httpsCall(emulator.caCertPem, `${emulator.url}/${CONTOSO}/v2.0/.well-known/openid-configuration`);
			const answer = await graphCall(emulator, token, 'GET', `${SYNC_PATH(FABRIKAM)}?$select=displayName`);
			expect(emulator.requests.map((r) => r.kind)).toEqual(['token', 'metadata', 'graph']);
			const [graph] = emulator.graphRequests();
			expect(graph).toMatchObject({
				id: answer.headers['request-id'],
				method: 'GET',
				path: SYNC_PATH(FABRIKAM),
				query: { $select: 'displayName' },
				status: 200,
				tenantId: CONTOSO,
			});
			expect(graph.at).toBeLessThanOrEqual(Date.now());
			emulator.clearRequests();
			expect(emulator.requests).toHaveLength(0);
			expect(emulator.tokensIssued()).toBe(1);
		});
	});

	describe('admin endpoints', () => {
		const admin = (method: string, path: string, body?: unknown) =>
			httpsCall(emulator.caCertPem, `${emulator.url}/_emulator/${path}`, {
				method,
				headers: { 'content-type': 'application/json' },
				body: body === undefined ? undefined : JSON.stringify(body),
			});

		it('exposes the log and the state, sets faults and resets', async () => {
			const token = await tokenFor(emulator);
			await graphCall(emulator, token, 'PATCH', SYNC_PATH(FABRIKAM), { userSyncInbound: { isSyncAllowed: true } });

			const log = (await admin('GET', 'requests')).json<Array<{ kind: string; status: number }>>();
			expect(log.map((r) => [r.kind, r.status])).toEqual([
				['token', 200],
				['graph', 204],
			]);
			const state = (await admin('GET', `state?tenant=${CONTOSO}`)).json<{ partners: Array<Record<string, unknown>> }>();
			expect(state.partners[0].identitySynchronization).toMatchObject({ userSyncInbound: { isSyncAllowed: true } });

			expect((await admin('POST', 'faults', { failures: [{ status: 429, count: 1, retryAfterSeconds: 1 }] })).status).toBe(204);
			expect((await graphCall(emulator, token, 'GET', SYNC_PATH(FABRIKAM))).status).toBe(429);
			expect(emulator.graphRequests()).toHaveLength(2);
			expect(emulator.requests.filter((r) => r.kind === 'admin')).toHaveLength(3);

			expect((await admin('POST', 'reset')).status).toBe(204);
			expect(emulator.state(CONTOSO).partners[0].identitySynchronization).toMatchObject({ userSyncInbound: { isSyncAllowed: false } });
			expect(emulator.graphRequests()).toHaveLength(0);
			expect((await admin('POST', 'faults', { failures: [{ status: 1, count: 1 }] })).status).toBe(400);
			expect((await admin('GET', 'nothing')).status).toBe(404);
		});
	});

	it('exposes the certificate app thumbprint and rejects unknown apps', () => {
		expect(emulator.appCertificateThumbprint(APPS.certWriter.clientId)).toMatch(/^[0-9A-F]{40}$/);
		expect(() => emulator.appCertificateThumbprint(APPS.reader.clientId)).toThrow();
	});
});
