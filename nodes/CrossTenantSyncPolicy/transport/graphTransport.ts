import type { IExecuteFunctions, IHttpRequestOptions, ILoadOptionsFunctions, IPollFunctions } from 'n8n-workflow';

import { resolveCloud } from '../../../credentials/entra/clouds';
import type { ApiVersion, GraphAnswer, GraphCall, GraphRefused } from '../plan';
import { DEFAULT_TIMEOUT_MS } from '../plan';
import { buildBatchPayload, mapBatchResponses } from './batchPayload';
import type { Expectation, HttpAnswer } from './answerShape';
import { BATCH_ENVELOPE, checkAnswerShape, expectationOf } from './answerShape';
import { describeRequestError } from './requestErrors';

export const CREDENTIAL_TYPE = 'microsoftEntraAppOnlyApi';

type GraphContext = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions;

export interface GraphTransport {
	/** Names the Graph write budget the calls draw on (Graph root, tenant and app; no secret). */
	writeBudget: string;
	/** Names the directory whose policy the calls read and change (Graph root and tenant, as the credential spells them). */
	directory: string;
	/** The full URL of a call; throws for a link outside the credential's Graph root. */
	urlOf(call: GraphCall): string;
	/** Sends one call. Never throws: every result is a GraphAnswer. */
	send(call: GraphCall): Promise<GraphAnswer>;
	/** Sends up to 20 calls of one API version as one JSON batch; one answer per call, in call order. */
	sendBatch(calls: GraphCall[], version: ApiVersion): Promise<GraphAnswer[]>;
}

interface ErrorWithResponse {
	response?: { status?: number; data?: unknown; headers?: Record<string, unknown> };
}

/**
 * The only module that talks HTTP to Graph; it goes through n8n's authenticated request helper. It never follows
 * redirects (the bearer token goes to the credential's Graph root and nowhere else), bounds every request by a
 * timeout, and tells apart answers, lost answers and refusals so that nothing deterministic is retried.
 */
export async function createGraphTransport(ctx: GraphContext, options: { timeoutMs?: number } = {}): Promise<GraphTransport> {
	const credentials = await ctx.getCredentials(CREDENTIAL_TYPE);
	const root = resolveCloud(credentials).graphEndpoint;
	const rootUrl = new URL(`${root}/`);
	const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
	let signInFailure: GraphRefused | undefined;

	const urlOf = (call: GraphCall): string => {
		if (call.absoluteUrl === undefined) return `${root}/${call.version ?? 'v1.0'}${call.path}`;
		const link = URL.canParse(call.absoluteUrl) ? new URL(call.absoluteUrl) : undefined;
		const inside = link && link.origin === rootUrl.origin && link.pathname.startsWith(rootUrl.pathname) && !link.username && !link.password;
		if (!inside) throw new Error(`Graph returned a link outside ${root}; it was not followed`);
		return call.absoluteUrl;
	};

	const request = async (method: GraphCall['method'], url: string, body: unknown, expected: Expectation): Promise<GraphAnswer> => {
		if (signInFailure) return signInFailure;
		const requestOptions: IHttpRequestOptions = {
			method,
			url,
			json: true,
			returnFullResponse: true,
			disableFollowRedirect: true,
			timeout: timeoutMs,
			// 401 must still throw so that n8n mints a new token and retries once.
			ignoreHttpStatusErrors: { ignore: true, except: [401] },
		};
		if (body !== undefined) {
			requestOptions.body = body as IHttpRequestOptions['body'];
			requestOptions.headers = { 'Content-Type': 'application/json' };
		}
		try {
			const response = (await ctx.helpers.httpRequestWithAuthentication.call(ctx, CREDENTIAL_TYPE, requestOptions)) as HttpAnswer;
			return checkAnswerShape(expected, response.statusCode, response.body, response.headers, root);
		} catch (error) {
			const answered = (error instanceof Error ? (error.cause as ErrorWithResponse | undefined) : undefined)?.response;
			if (answered?.status) return checkAnswerShape(expected, answered.status, answered.data, answered.headers ?? {}, root);
			const failure = describeRequestError(error, timeoutMs);
			if (failure.kind === 'refused' && failure.signIn) signInFailure = failure;
			return failure;
		}
	};

	const refusedLink = (error: unknown): GraphRefused => ({ kind: 'refused', message: error instanceof Error ? error.message : String(error) });

	return {
		writeBudget: [root, credentials.tenantId, credentials.clientId].map((part) => String(part ?? '').trim().toLowerCase()).join('|'),
		directory: [root, credentials.tenantId].map((part) => String(part ?? '').trim().toLowerCase()).join('|'),
		urlOf,
		async send(call) {
			let url: string;
			try {
				url = urlOf(call);
			} catch (error) {
				return refusedLink(error);
			}
			return await request(call.method, url, call.body, expectationOf(call));
		},
		async sendBatch(calls, version) {
			const outer = await request('POST', `${root}/${version}/$batch`, buildBatchPayload(calls), BATCH_ENVELOPE);
			if (outer.kind !== 'answered' || outer.statusCode !== 200) return calls.map(() => outer);
			// Parts rarely carry their own request-id; the batch's is the one Microsoft support can trace.
			return mapBatchResponses(calls.length, outer.body).map((part, i): GraphAnswer => {
				if (part === undefined) return { kind: 'lost', message: 'Graph left this request out of its $batch answer', maybeApplied: true };
				if (part === 'ambiguous') return { kind: 'lost', message: 'Graph answered this request twice, differently, in its $batch answer', maybeApplied: true };
				return checkAnswerShape(expectationOf(calls[i]), part.statusCode, part.body, { 'request-id': outer.requestId, ...part.headers }, root);
			});
		},
	};
}
