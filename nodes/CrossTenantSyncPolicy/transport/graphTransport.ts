import type { IExecuteFunctions, IHttpRequestOptions, ILoadOptionsFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { resolveCloud } from '../../../credentials/entra/clouds';
import type { ApiVersion, GraphCall, GraphReply } from '../actions/plan';
import { buildBatchPayload, mapBatchResponses } from './batchPayload';

export const CREDENTIAL_TYPE = 'microsoftEntraAppOnlyApi';

export type GraphContext = IExecuteFunctions | ILoadOptionsFunctions;

export interface GraphResponse extends GraphReply {
	headers: Record<string, unknown>;
}

export interface BatchResponse {
	/** The answer to POST /$batch itself (200 even when parts failed). */
	outer: GraphResponse;
	/** Per call, in call order; undefined when the batch failed as a whole or a part is missing. */
	parts: Array<GraphResponse | undefined>;
}

export interface GraphTransport {
	urlOf(call: GraphCall): string;
	/** Sends one call. Any HTTP answer comes back as a response; only a failure to get an answer throws. */
	send(call: GraphCall): Promise<GraphResponse>;
	/** Sends up to 20 calls of one API version as one JSON batch; throws only when no answer came back. */
	sendBatch(calls: GraphCall[], version: ApiVersion): Promise<BatchResponse>;
}

interface FullResponse {
	body: unknown;
	headers: Record<string, unknown>;
	statusCode: number;
}

/** The only module that talks HTTP to Graph; it goes through n8n's authenticated request helper. */
export async function createGraphTransport(ctx: GraphContext): Promise<GraphTransport> {
	const credentials = await ctx.getCredentials(CREDENTIAL_TYPE);
	const root = resolveCloud(credentials).graphEndpoint;

	const urlOf = (call: GraphCall): string => {
		if (call.absoluteUrl === undefined) return `${root}/${call.version ?? 'v1.0'}${call.path}`;
		// A nextLink is followed with our bearer token, so it must point at the same Graph.
		if (!call.absoluteUrl.startsWith(`${root}/`)) {
			throw new NodeApiError(ctx.getNode(), { message: 'Unexpected nextLink' } as JsonObject, {
				message: `Graph returned a link outside ${root}; it was not followed`,
			});
		}
		return call.absoluteUrl;
	};

	const request = async (method: GraphCall['method'], url: string, body: unknown): Promise<GraphResponse> => {
		const options: IHttpRequestOptions = {
			method,
			url,
			json: true,
			returnFullResponse: true,
			// 401 must still throw so that n8n mints a new token and retries once.
			ignoreHttpStatusErrors: { ignore: true, except: [401] },
		};
		if (body !== undefined) {
			options.body = body as IHttpRequestOptions['body'];
			options.headers = { 'Content-Type': 'application/json' };
		}
		try {
			const response = (await ctx.helpers.httpRequestWithAuthentication.call(ctx, CREDENTIAL_TYPE, options)) as FullResponse;
			return toGraphResponse(response.statusCode, response.body, response.headers);
		} catch (error) {
			const answered = (error instanceof Error ? (error.cause as ErrorWithResponse | undefined) : undefined)?.response;
			if (answered?.status) return toGraphResponse(answered.status, answered.data, answered.headers);
			throw requestFailed(error);
		}
	};

	return {
		urlOf,
		send: async (call) => await request(call.method, urlOf(call), call.body),
		async sendBatch(calls, version) {
			const outer = await request('POST', `${root}/${version}/$batch`, buildBatchPayload(calls));
			if (outer.statusCode !== 200) return { outer, parts: calls.map(() => undefined) };
			// Parts rarely carry their own request-id; the batch's is the one Microsoft support can trace.
			const parts = mapBatchResponses(calls.length, outer.body).map((part) =>
				part ? toGraphResponse(part.statusCode, part.body, { 'request-id': outer.requestId, ...part.headers }) : undefined,
			);
			return { outer, parts };
		},
	};
}

interface ErrorWithResponse {
	response?: { status?: number; data?: unknown; headers?: Record<string, unknown> };
}

function toGraphResponse(statusCode: number, body: unknown, rawHeaders: Record<string, unknown> | undefined): GraphResponse {
	const headers = { ...(rawHeaders ?? {}) };
	const requestId = headers['request-id'];
	return { statusCode, body, headers, requestId: typeof requestId === 'string' ? requestId : undefined };
}

/** Keeps only the message, so no request options (and no bearer token) travel with the error. */
function requestFailed(error: unknown): Error {
	return new Error(error instanceof Error ? error.message : String(error));
}
