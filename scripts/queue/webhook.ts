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

export async function postWebhook(main: N8nServer, webhookPath: string, payload: unknown, timeoutMs = 300_000): Promise<WebhookAnswer> {
	const started = Date.now();
	try {
		const response = await fetch(`${main.url}/webhook/${webhookPath}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(payload),
			signal: AbortSignal.timeout(timeoutMs),
		});
		const text = await response.text();
		let body: unknown;
		try {
			body = JSON.parse(text);
		} catch {
			body = undefined;
		}
		return { status: response.status, body, text, ms: Date.now() - started };
	} catch (error) {
		return { status: 0, body: undefined, text: String(error), ms: Date.now() - started };
	}
}
