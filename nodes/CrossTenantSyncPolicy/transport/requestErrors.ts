import type { GraphLost, GraphRefused } from '../plan';

interface ErrorFacts {
	name?: unknown;
	code?: unknown;
	message?: unknown;
	headline?: unknown;
	advice?: unknown;
	cause?: unknown;
}

/** n8n wraps what a request throws (NodeApiError around axios' error, or around the credential's sign-in error). */
function chain(error: unknown): ErrorFacts[] {
	const links: ErrorFacts[] = [];
	let current: unknown = error;
	while (current !== null && typeof current === 'object' && links.length < 8 && !links.includes(current as ErrorFacts)) {
		links.push(current as ErrorFacts);
		current = (current as ErrorFacts).cause;
	}
	return links;
}

const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ERR_TLS/;
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);

/**
 * Classifies a request that got no HTTP answer. A failed sign-in and an untrusted TLS certificate are refusals
 * (the same thing would happen again); a timeout or a dropped connection is a lost answer, retried by the rules
 * for its method. Only messages are kept: request options (and the bearer token) never travel further.
 */
export function describeRequestError(error: unknown, timeoutMs: number): GraphLost | GraphRefused {
	const links = chain(error);
	const signIn = links.find((link) => link.name === 'TokenMintError');
	if (signIn) {
		const headline = typeof signIn.headline === 'string' ? signIn.headline : String(signIn.message);
		return { kind: 'refused', signIn: true, message: `Sign-in failed: ${headline}`, description: typeof signIn.advice === 'string' ? signIn.advice : undefined };
	}
	const code = links.map((link) => (typeof link.code === 'string' ? link.code : '')).find((c) => c !== '') ?? '';
	const messages = links.map((link) => (typeof link.message === 'string' ? link.message : '')).filter((m) => m !== '');
	const message = messages[0] ?? String(error);
	const said = messages.join(' | ');
	if (TLS_CODES.test(code) || /certificate/i.test(said)) {
		return {
			kind: 'refused',
			message: `The TLS certificate of Microsoft Graph was not trusted (${code || message})`,
			description: 'A proxy that inspects TLS, or a Graph Endpoint with a private certificate: make its CA trusted by n8n (NODE_EXTRA_CA_CERTS).',
		};
	}
	if (code === 'ECONNABORTED' || code === 'ETIMEDOUT' || /timeout of \d+ms exceeded/i.test(said)) {
		return { kind: 'lost', maybeApplied: true, message: `Microsoft Graph did not answer within the timeout of ${timeoutMs} ms` };
	}
	return { kind: 'lost', maybeApplied: !NOT_SENT_CODES.has(code), message: `Could not reach Microsoft Graph: ${message}` };
}
