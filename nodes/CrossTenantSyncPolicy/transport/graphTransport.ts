import type { IExecuteFunctions, IHttpRequestOptions, ILoadOptionsFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { resolveCloud } from '../../../credentials/entra/clouds';
import type { GraphCall, GraphReply } from '../actions/plan';

export const CREDENTIAL_TYPE = 'microsoftEntraAppOnlyApi';

export type GraphContext = IExecuteFunctions | ILoadOptionsFunctions;

export interface GraphResponse extends GraphReply {
	headers: Record<string, unknown>;
}

export interface GraphTransport {
	urlOf(call: GraphCall): string;
	/** Sends one call. Any HTTP answer comes back as a response; only a failure to get an answer throws. */
	send(call: GraphCall, itemIndex: number): Promise<GraphResponse>;
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

	return {
		urlOf,
		async send(call, itemIndex) {
			const options: IHttpRequestOptions = {
				method: call.method,
				url: urlOf(call),
				json: true,
				returnFullResponse: true,
				// 401 must still throw so that n8n mints a new token and retries once.
				ignoreHttpStatusErrors: { ignore: true, except: [401] },
			};
			if (call.body !== undefined) {
				options.body = call.body;
				options.headers = { 'Content-Type': 'application/json' };
			}
			try {
				const response = (await ctx.helpers.httpRequestWithAuthentication.call(ctx, CREDENTIAL_TYPE, options)) as FullResponse;
				return toGraphResponse(response.statusCode, response.body, response.headers);
			} catch (error) {
				const answered = (error instanceof Error ? (error.cause as ErrorWithResponse | undefined) : undefined)?.response;
				if (answered?.status) return toGraphResponse(answered.status, answered.data, answered.headers);
				throw requestFailed(ctx, error, itemIndex);
			}
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

/** Rebuilds the error from its message only, so no request options (and no bearer token) travel with it. */
function requestFailed(ctx: GraphContext, error: unknown, itemIndex: number): NodeApiError {
	const message = error instanceof Error ? error.message : String(error);
	return new NodeApiError(ctx.getNode(), { message } as JsonObject, {
		message: `Could not reach Microsoft Graph: ${message} [item ${itemIndex}]`,
		description: 'Check the credential (Cloud, Graph Endpoint) and the network path from n8n to Graph.',
		itemIndex,
	});
}
