import { Agent, request } from 'node:https';

import type { GraphEmulator } from './types';

/** HTTPS calls that trust only the emulator's certificate; used by the emulator's own tests. */
export interface HttpAnswer {
	status: number;
	headers: Record<string, string>;
	text: string;
	json<T = Record<string, unknown>>(): T;
}

export interface CallOptions {
	method?: string;
	headers?: Record<string, string>;
	body?: string;
}

const agents = new Map<string, Agent>();

function agentFor(caPem: string): Agent {
	let agent = agents.get(caPem);
	if (!agent) {
		agent = new Agent({ ca: caPem, keepAlive: false });
		agents.set(caPem, agent);
	}
	return agent;
}

export function httpsCall(caPem: string, url: string, options: CallOptions = {}): Promise<HttpAnswer> {
	return new Promise((resolve, reject) => {
		const req = request(url, { method: options.method ?? 'GET', headers: options.headers, agent: agentFor(caPem) }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (chunk: Buffer) => chunks.push(chunk));
			res.on('end', () => {
				const text = Buffer.concat(chunks).toString('utf8');
				const headers: Record<string, string> = {};
				for (const [name, value] of Object.entries(res.headers)) if (value !== undefined) headers[name] = String(value);
				resolve({ status: res.statusCode ?? 0, headers, text, json: <T>() => JSON.parse(text) as T });
			});
		});
		req.on('error', reject);
		req.end(options.body);
	});
}

export const CONTOSO = '72f988bf-0000-4000-8000-000000000001';
export const FABRIKAM = '90e29127-71ad-49c7-9ce8-db3f41ea06f1';
export const NORTHWIND = '3f1c7a52-2b8e-4d0a-9c61-5e7d2a9b8c10';
export const TAILSPIN = 'a8d4e6f2-93b1-4c57-8e2a-1f0b6c3d9e74';
export const UNMANAGED_PARTNER = '5e3b8c1d-7a2f-4e69-b0d4-8c9a1f2e3d4b';
/** In the seed's tenants (woodgrove.com) but not a partner of Contoso. */
export const WOODGROVE = 'c0ffee00-1234-4abc-8def-0123456789ab';
export const APPS = {
	writer: { clientId: '6a1f0b4e-1c2d-4e5f-8a9b-0c1d2e3f4a5b', secret: 'emulator-writer-secret' },
	certWriter: { clientId: '7b2e1c5f-2d3e-4f60-9bac-1d2e3f4a5b6c' },
	reader: { clientId: '8c3f2d60-3e4f-4061-acbd-2e3f4a5b6c7d', secret: 'emulator-reader-secret' },
	noRoles: { clientId: '9d403e71-4f50-4172-bdce-3f4a5b6c7d8e', secret: 'emulator-noroles-secret' },
	expired: { clientId: 'ad514f82-5061-4283-8edf-4a5b6c7d8e9f', secret: 'emulator-expired-secret' },
};

export const SYNC_PATH = (partner: string, version = 'v1.0') => `/${version}/policies/crossTenantAccessPolicy/partners/${partner}/identitySynchronization`;
export const PARTNERS_PATH = '/v1.0/policies/crossTenantAccessPolicy/partners';
/** A batch part's url: relative to the version root. */
export const SYNC_URL = (partner: string) => `/policies/crossTenantAccessPolicy/partners/${partner}/identitySynchronization`;

export function tokenRequest(emulator: GraphEmulator, form: Record<string, string>, tenant = CONTOSO, headers: Record<string, string> = {}) {
	return httpsCall(emulator.caCertPem, `${emulator.url}/${tenant}/oauth2/v2.0/token`, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
		body: new URLSearchParams(form).toString(),
	});
}

export function secretForm(emulator: GraphEmulator, app: { clientId: string; secret: string } = APPS.writer): Record<string, string> {
	return { grant_type: 'client_credentials', client_id: app.clientId, client_secret: app.secret, scope: `${emulator.url}/.default` };
}

export async function tokenFor(emulator: GraphEmulator, app: { clientId: string; secret: string } = APPS.writer): Promise<string> {
	const answer = await tokenRequest(emulator, secretForm(emulator, app));
	if (answer.status !== 200) throw new Error(`token request failed: ${answer.text}`);
	return answer.json<{ access_token: string }>().access_token;
}

export function graphCall(emulator: GraphEmulator, token: string | undefined, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
	const allHeaders: Record<string, string> = { ...headers };
	if (token !== undefined) allHeaders.authorization = `Bearer ${token}`;
	if (body !== undefined && allHeaders['content-type'] === undefined) allHeaders['content-type'] = 'application/json';
	return httpsCall(emulator.caCertPem, `${emulator.url}${path}`, {
		method,
		headers: allHeaders,
		body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
	});
}

export function aadsts(answer: HttpAnswer): number | undefined {
	return answer.json<{ error_codes?: number[] }>().error_codes?.[0];
}

export function graphCode(answer: HttpAnswer): string | undefined {
	return answer.json<{ error?: { code?: string } }>().error?.code;
}
