import { request as httpRequest } from 'node:http';

import { tail } from '../e2e/checks';
import type { N8nServer } from '../e2e/n8nProcess';
import { sleep } from './freePort';

export interface WebhookAnswer {
	status: number;
	body: unknown;
	text: string;
	ms: number;
}

/** /healthz answers before webhooks are registered: poll the webhook itself (a GET on a POST webhook says "not registered for GET"). */
export async function waitForWebhook(main: N8nServer, webhookPath: string, timeoutMs = 90_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	let last = '';
	while (Date.now() < deadline) {
		try {
			last = await (await fetch(`${main.url}/webhook/${webhookPath}`, { signal: AbortSignal.timeout(2_000) })).text();
			if (last.includes('not registered for GET requests')) return;
		} catch (error) {
			last = String(error);
		}
		await sleep(500);
	}
	throw new Error(`the production webhook /webhook/${webhookPath} was not registered within ${timeoutMs / 1000} s (last answer: ${last})\n${tail(main.output())}`);
}

/**
 * POSTs on a new connection (no keep-alive pool): a pooled socket that n8n is just closing as idle would fail the
 * call before n8n sees it, and a busy test machine makes that race likely.
 */
export function postWebhook(main: N8nServer, webhookPath: string, payload: unknown, timeoutMs = 300_000): Promise<WebhookAnswer> {
	const started = Date.now();
	const body = JSON.stringify(payload);
	return new Promise((resolve) => {
		const settle = (status: number, text: string) => {
			let parsed: unknown;
			try {
				parsed = JSON.parse(text);
			} catch {
				parsed = undefined;
			}
			resolve({ status, body: parsed, text, ms: Date.now() - started });
		};
		const request = httpRequest(`${main.url}/webhook/${webhookPath}`, { method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }, timeout: timeoutMs }, (response) => {
			let text = '';
			response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
			response.on('end', () => settle(response.statusCode ?? 0, text));
			response.on('error', (error) => settle(0, String(error)));
		});
		request.on('timeout', () => request.destroy(new Error(`no answer within ${timeoutMs / 1000} s`)));
		request.on('error', (error) => settle(0, String(error)));
		request.end(body);
	});
}
