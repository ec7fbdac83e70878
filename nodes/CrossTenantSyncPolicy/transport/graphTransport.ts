import type { IExecuteFunctions, IHttpRequestOptions, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { resolveCloud } from '../../../credentials/entra/clouds';
import type { GraphCall, GraphReply } from '../actions/plan';

export const CREDENTIAL_TYPE = 'microsoftEntraAppOnlyApi';

export type ApiVersion = 'v1.0' | 'beta';

export interface GraphTransport {
	/** Sends one call. Any HTTP answer comes back as a reply; only a failure to get an answer throws. */
	send(call: GraphCall, itemIndex: number): Promise<GraphReply & { headers: Record<string, unknown> }>;
}

interface FullResponse {
	body: unknown;
	headers: Record<string, unknown>;
	statusCode: number;
}

/** The only module that talks HTTP to Graph; it goes through n8n's authenticated request helper. */
export async function createGraphTransport(ctx: IExecuteFunctions, apiVersion: ApiVersion = 'v1.0'): Promise<GraphTransport> {
	const credentials = await ctx.getCredentials(CREDENTIAL_TYPE);
	const root = `${resolveCloud(credentials).graphEndpoint}/${apiVersion}`;

	return {
		async send(call, itemIndex) {
			const options: IHttpRequestOptions = {
				method: call.method,
				url: `${root}${call.path}`,
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
				const headers = response.headers ?? {};
				return {
					statusCode: response.statusCode,
					body: response.body,
					headers,
					requestId: typeof headers['request-id'] === 'string' ? headers['request-id'] : undefined,
				};
			} catch (error) {
				const answered = answeredResponse(error);
				if (answered) return answered;
				throw requestFailed(ctx, error, itemIndex);
			}
		},
	};
}

interface ErrorWithResponse {
	response?: { status?: number; data?: unknown; headers?: Record<string, unknown> };
}

/** A 401 that survived n8n's re-authentication arrives as an error; hand it back as a reply. */
function answeredResponse(error: unknown): (GraphReply & { headers: Record<string, unknown> }) | undefined {
	const cause = error instanceof Error ? (error.cause as ErrorWithResponse | undefined) : undefined;
	const response = cause?.response;
	if (!response?.status) return undefined;
	const headers = { ...(response.headers ?? {}) };
	return {
		statusCode: response.status,
		body: response.data,
		headers,
		requestId: typeof headers['request-id'] === 'string' ? headers['request-id'] : undefined,
	};
}

/** Rebuilds the error from its message only, so no request options (and no bearer token) travel with it. */
function requestFailed(ctx: IExecuteFunctions, error: unknown, itemIndex: number): NodeApiError {
	const message = error instanceof Error ? error.message : String(error);
	return new NodeApiError(ctx.getNode(), { message } as JsonObject, {
		message: `Could not reach Microsoft Graph: ${message} [item ${itemIndex}]`,
		description: 'Check the credential (Cloud, Graph Endpoint) and the network path from n8n to Graph.',
		itemIndex,
	});
}
