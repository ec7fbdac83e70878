import { tail } from './checks';
import type { N8nServer } from './n8nProcess';

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
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
	throw new Error(`the production webhook /webhook/${webhookPath} was not registered within ${timeoutMs / 1000} s (last answer: ${last})\n${tail(main.output())}`);
}
