import { Agent, request } from 'node:https';

import { APPS, CONTOSO } from './seed-ids';
import type { GraphEmulator } from './types';

export * from './seed-ids';

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
	/** Give up (reject with "no answer within … ms" and close the socket) when the server stays silent this long. */
	timeoutMs?: number;
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
		if (options.timeoutMs !== undefined) {
			const ms = options.timeoutMs;
			req.setTimeout(ms, () => req.destroy(new Error(`no answer within ${ms} ms`)));
		}
		req.end(options.body);
	});
}


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

export function graphCall(
	emulator: GraphEmulator,
	token: string | undefined,
	method: string,
	path: string,
	body?: unknown,
	headers: Record<string, string> = {},
	timeoutMs?: number,
) {
	const allHeaders: Record<string, string> = { ...headers };
	if (token !== undefined) allHeaders.authorization = `Bearer ${token}`;
	if (body !== undefined && allHeaders['content-type'] === undefined) allHeaders['content-type'] = 'application/json';
	return httpsCall(emulator.caCertPem, `${emulator.url}${path}`, {
		method,
		headers: allHeaders,
		body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
		timeoutMs,
	});
}

export function aadsts(answer: HttpAnswer): number | undefined {
	return answer.json<{ error_codes?: number[] }>().error_codes?.[0];
}

export function graphCode(answer: HttpAnswer): string | undefined {
	return answer.json<{ error?: { code?: string } }>().error?.code;
}
