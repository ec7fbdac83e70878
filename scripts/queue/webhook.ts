import { request as httpRequest } from 'node:http';

import type { N8nServer } from '../e2e/n8nProcess';

export interface WebhookAnswer {
	status: number;
	body: unknown;
	text: string;
	ms: number;
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
