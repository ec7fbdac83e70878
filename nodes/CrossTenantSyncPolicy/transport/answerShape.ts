import type { GraphAnswer, GraphCall } from '../plan';

/** An HTTP answer as it came off the wire (or out of a $batch part), before it is checked. */
export interface HttpAnswer {
	statusCode: number;
	body: unknown;
	headers: Record<string, unknown>;
}

/** What Graph documents for a call's success: the status, and the body that comes with it. */
export interface Expectation {
	status: number;
	body: 'object' | 'list' | 'batch' | 'none';
	what: string;
}

export const BATCH_ENVELOPE: Expectation = { status: 200, body: 'batch', what: 'a $batch answer' };

const NO_CONTENT: Expectation = { status: 204, body: 'none', what: 'no content' };

/** POSTs that are actions, not creations: what each page documents (by the path's last segment). */
const ACTIONS: Record<string, Expectation> = {
	validateCredentials: NO_CONTENT,
	start: NO_CONTENT,
	pause: NO_CONTENT,
	restart: NO_CONTENT,
	provisionOnDemand: { status: 200, body: 'object', what: 'the provisioning result' },
};

export function expectationOf(call: GraphCall): Expectation {
	if (call.method === 'GET') return call.list ? { status: 200, body: 'list', what: 'a list' } : { status: 200, body: 'object', what: 'an object' };
	if (call.method === 'POST') return ACTIONS[call.path.split('?')[0].split('/').pop() ?? ''] ?? { status: 201, body: 'object', what: 'the created object' };
	return NO_CONTENT;
}

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

function hasDocumentedBody(expected: Expectation, body: unknown): boolean {
	if (expected.body === 'none') return body === undefined || body === '' || body === null;
	if (!isObject(body)) return false;
	if (expected.body === 'list') return Array.isArray(body.value);
	if (expected.body === 'batch') return Array.isArray(body.responses);
	return true;
}

function bodyKind(body: unknown): string {
	if (body === undefined || body === null || body === '') return 'an empty body';
	if (typeof body === 'string') return /^\s*</.test(body) ? 'an HTML page (a proxy or sign-in page?)' : 'text instead of a JSON object';
	if (Array.isArray(body)) return 'a JSON list';
	return isObject(body) ? 'a JSON object of another shape' : `the JSON value ${JSON.stringify(body).slice(0, 40)}`;
}

/**
 * Turns an HTTP answer into a GraphAnswer. A redirect is refused (it is never followed with the token); a 2xx must
 * have the status and body Graph documents, else it is refused rather than output as data; errors stay answers.
 */
export function checkAnswerShape(expected: Expectation, statusCode: number, body: unknown, rawHeaders: Record<string, unknown>, root: string): GraphAnswer {
	const headers = Object.fromEntries(Object.entries(rawHeaders ?? {}).map(([name, value]) => [name.toLowerCase(), value]));
	const requestId = typeof headers['request-id'] === 'string' ? headers['request-id'] : undefined;
	if (statusCode >= 300 && statusCode < 400) {
		const location = typeof headers.location === 'string' ? headers.location : '';
		const target = URL.canParse(location, `${root}/`) ? new URL(location, `${root}/`).host : 'an unnamed location';
		return {
			kind: 'refused',
			message: `Graph answered HTTP ${statusCode}, a redirect to ${target}; it was not followed`,
			description: `The access token is only sent to ${root}. A redirect usually comes from a proxy or a wrong Graph Endpoint in the credential.`,
		};
	}
	if (statusCode >= 200 && statusCode < 300 && (statusCode !== expected.status || !hasDocumentedBody(expected, body))) {
		const write = expected.body === 'none' || expected.status === 201 || expected.body === 'batch';
		return {
			kind: 'refused',
			message: `Graph answered HTTP ${statusCode} with ${bodyKind(body)} where it documents HTTP ${expected.status} with ${expected.what}`,
			description: [
				write ? 'The change may have been applied: read it back before trying again.' : undefined,
				'An answer of this shape usually comes from a proxy between n8n and Graph, or a wrong Graph Endpoint in the credential.',
				requestId ? `request-id: ${requestId}` : undefined,
			]
				.filter(Boolean)
				.join('\n'),
		};
	}
	return { kind: 'answered', statusCode, body, headers, requestId };
}
