import { X509Certificate } from 'node:crypto';
import { get } from 'node:https';
import tls from 'node:tls';

import { defaultSeedPath, generateTlsMaterial, startEmulator } from './index';
import { loadSeed } from './seed';
import { ADATUM, APPS, CONTOSO, FABRIKAM, SYNC_PATH, WOODGROVE, aadsts, graphCall, httpsCall, secretForm, tokenFor, tokenRequest } from './test-client';
import type { EmulatorSeed } from './types';
import { useEmulator } from './session';

function plainGet(url: string, ca: string): Promise<number> {
	return new Promise((resolve, reject) => {
		get(url, { ca, agent: false }, (res) => {
			res.resume();
			resolve(res.statusCode ?? 0);
		}).on('error', reject);
	});
}

describe('Graph emulator', () => {
	const session = useEmulator();

	describe('TLS', () => {
		it('serves a certificate Node trusts when given only its PEM, for 127.0.0.1 and localhost', async () => {
			const metadataPath = `/${CONTOSO}/v2.0/.well-known/openid-configuration`;
			expect(await plainGet(`${session.emulator.url}${metadataPath}`, session.emulator.caCertPem)).toBe(200);
			expect(await plainGet(`${session.emulator.url.replace('127.0.0.1', 'localhost')}${metadataPath}`, session.emulator.caCertPem)).toBe(200);
			const certificate = new X509Certificate(session.emulator.caCertPem);
			expect(certificate.subjectAltName).toContain('IP Address:127.0.0.1');
			expect(certificate.subjectAltName).toContain('DNS:localhost');
		});

		it('is refused by a client that does not trust it', async () => {
			const other = await generateTlsMaterial();
			await expect(plainGet(session.emulator.url, other.certPem)).rejects.toThrow(/self[- ]signed|unable to verify|certificate/i);
		});

		it("works with fetch once the PEM joins Node's default CA list", async () => {
			tls.setDefaultCACertificates([...tls.getCACertificates('default'), session.emulator.caCertPem]);
			const answer = await fetch(`${session.emulator.url}/contoso.com/v2.0/.well-known/openid-configuration`);
			expect(answer.status).toBe(200);
		});

		it('shares one certificate between emulators of the same process, or uses the given one', async () => {
			const second = await startEmulator();
			const material = await generateTlsMaterial();
			const third = await startEmulator({ tls: material });
			try {
				expect(second.caCertPem).toBe(session.emulator.caCertPem);
				expect(second.url).not.toBe(session.emulator.url);
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
			const partners = session.emulator.state(CONTOSO).partners;
			expect(partners.find((p) => p.tenantId === FABRIKAM)?.identitySynchronization).toEqual({
				tenantId: FABRIKAM,
				displayName: 'Fabrikam',
				userSyncInbound: { isSyncAllowed: false },
			});
		});

		it('returns a deep copy from state()', () => {
			const partner = session.emulator.state(CONTOSO).partners[0];
			(partner.identitySynchronization as { displayName: string }).displayName = 'changed';
			expect(session.emulator.state(CONTOSO).partners[0].identitySynchronization).toMatchObject({ displayName: 'Fabrikam' });
			expect(session.emulator.state('00000000-0000-4000-8000-000000000000')).toEqual({ partners: [] });
		});

		it('reset() restores the seed, clears log, faults and the token count; reset(seed) swaps the seed', async () => {
			const token = await tokenFor(session.emulator);
			await graphCall(session.emulator, token, 'DELETE', SYNC_PATH(FABRIKAM));
			session.emulator.setFaults({ failures: [{ status: 503, count: 9 }] });
			session.emulator.reset();
			expect(session.emulator.requests).toEqual([]);
			expect(session.emulator.tokensIssued()).toBe(0);
			expect((await graphCall(session.emulator, token, 'GET', SYNC_PATH(FABRIKAM))).status).toBe(200);

			const seed: EmulatorSeed = { ...loadSeed(), partners: { [CONTOSO]: [{ tenantId: FABRIKAM }] } };
			session.emulator.reset(seed);
			expect(session.emulator.state(CONTOSO).partners).toHaveLength(1);
			expect((await graphCall(session.emulator, token, 'GET', SYNC_PATH(FABRIKAM))).status).toBe(404);
			session.emulator.reset(defaultSeedPath);
			expect(session.emulator.state(CONTOSO).partners).toHaveLength(4);
		});

		it('partner() returns one partner of state(), or undefined', () => {
			expect(session.emulator.partner(CONTOSO, FABRIKAM.toUpperCase())).toEqual(session.emulator.state(CONTOSO).partners[0]);
			expect(session.emulator.partner(CONTOSO, WOODGROVE)).toBeUndefined();
		});

		it("has a second owner tenant, Adatum, whose writer app writes Adatum's partners only", async () => {
			const answer = await tokenRequest(session.emulator, secretForm(session.emulator, APPS.adatumWriter), ADATUM);
			expect(answer.status).toBe(200);
			const token = answer.json<{ access_token: string }>().access_token;
			expect((await graphCall(session.emulator, token, 'PATCH', SYNC_PATH(FABRIKAM), { userSyncInbound: { isSyncAllowed: true } })).status).toBe(204);
			expect(session.emulator.partner(ADATUM, FABRIKAM)?.identitySynchronization).toMatchObject({ userSyncInbound: { isSyncAllowed: true } });
			expect(session.emulator.partner(CONTOSO, FABRIKAM)?.identitySynchronization).toMatchObject({ userSyncInbound: { isSyncAllowed: false } });
			expect(aadsts(await tokenRequest(session.emulator, secretForm(session.emulator, APPS.adatumWriter), CONTOSO))).toBe(700016);
		});

		it('rejects an invalid seed with a readable message', async () => {
			await expect(startEmulator({ seed: { tenants: [{ tenantId: 'contoso' }], apps: [], partners: {} } })).rejects.toThrow(
				'Invalid emulator seed: tenants[0].tenantId must be a GUID',
			);
		});
	});

	describe('request log', () => {
		it('records every request in arrival order with its kind, and filters Graph requests', async () => {
			const token = await tokenFor(session.emulator);
			await httpsCall(session.emulator.caCertPem, `${session.emulator.url}/${CONTOSO}/v2.0/.well-known/openid-configuration`);
			const answer = await graphCall(session.emulator, token, 'GET', `${SYNC_PATH(FABRIKAM)}?$select=displayName`);
			expect(session.emulator.requests.map((r) => r.kind)).toEqual(['token', 'metadata', 'graph']);
			const [graph] = session.emulator.graphRequests();
			expect(graph).toMatchObject({
				id: answer.headers['request-id'],
				method: 'GET',
				path: SYNC_PATH(FABRIKAM),
				query: { $select: 'displayName' },
				status: 200,
				tenantId: CONTOSO,
			});
			expect(graph.at).toBeLessThanOrEqual(Date.now());
			session.emulator.clearRequests();
			expect(session.emulator.requests).toHaveLength(0);
			expect(session.emulator.tokensIssued()).toBe(1);
		});
	});

	describe('admin endpoints', () => {
		const admin = (method: string, path: string, body?: unknown) =>
			httpsCall(session.emulator.caCertPem, `${session.emulator.url}/_emulator/${path}`, {
				method,
				headers: { 'content-type': 'application/json' },
				body: body === undefined ? undefined : JSON.stringify(body),
			});

		it('exposes the log and the state, sets faults and resets', async () => {
			const token = await tokenFor(session.emulator);
			await graphCall(session.emulator, token, 'PATCH', SYNC_PATH(FABRIKAM), { userSyncInbound: { isSyncAllowed: true } });

			const log = (await admin('GET', 'requests')).json<Array<{ kind: string; status: number }>>();
			expect(log.map((r) => [r.kind, r.status])).toEqual([
				['token', 200],
				['graph', 204],
			]);
			const state = (await admin('GET', `state?tenant=${CONTOSO}`)).json<{ partners: Array<Record<string, unknown>> }>();
			expect(state.partners[0].identitySynchronization).toMatchObject({ userSyncInbound: { isSyncAllowed: true } });

			expect((await admin('POST', 'faults', { failures: [{ status: 429, count: 1, retryAfterSeconds: 1 }] })).status).toBe(204);
			expect((await graphCall(session.emulator, token, 'GET', SYNC_PATH(FABRIKAM))).status).toBe(429);
			expect(session.emulator.graphRequests()).toHaveLength(2);
			expect(session.emulator.requests.filter((r) => r.kind === 'admin')).toHaveLength(3);

			expect((await admin('POST', 'reset')).status).toBe(204);
			expect(session.emulator.state(CONTOSO).partners[0].identitySynchronization).toMatchObject({ userSyncInbound: { isSyncAllowed: false } });
			expect(session.emulator.graphRequests()).toHaveLength(0);
			expect((await admin('POST', 'faults', { failures: [{ status: 1, count: 1 }] })).status).toBe(400);
			expect((await admin('GET', 'nothing')).status).toBe(404);
		});
	});

	it('exposes the certificate app thumbprint and rejects unknown apps', () => {
		expect(session.emulator.appCertificateThumbprint(APPS.certWriter.clientId)).toMatch(/^[0-9A-F]{40}$/);
		expect(() => session.emulator.appCertificateThumbprint(APPS.reader.clientId)).toThrow();
	});
});
