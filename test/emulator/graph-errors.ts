import type { GraphRequest, GraphResponse } from './graph-request';

export class GraphError extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		message: string,
		readonly headers: Record<string, string> = {},
		/** OData error details ({code, message, target}), shown only when given. */
		readonly details?: Array<Record<string, unknown>>,
	) {
		super(message);
		this.name = 'GraphError';
	}
}

type RequestIdentity = Pick<GraphRequest, 'record' | 'headers'>;

export function graphHeaders(request: RequestIdentity): Record<string, string> {
	return {
		'request-id': request.record.id,
		'client-request-id': request.headers['client-request-id'] ?? request.record.id,
		'x-ms-ags-diagnostic': JSON.stringify({
			ServerInfo: { DataCenter: 'Emulator', Slice: 'E', Ring: '0', ScaleUnit: '000', RoleInstance: 'EMULATOR', ADSiteName: 'LOCAL' },
		}),
		'strict-transport-security': 'max-age=31536000',
		'cache-control': 'no-cache',
	};
}

export function graphErrorResponse(request: RequestIdentity, error: GraphError): GraphResponse {
	const headers = graphHeaders(request);
	return {
		status: error.status,
		headers: { ...headers, 'content-type': 'application/json', ...error.headers },
		body: {
			error: {
				code: error.code,
				message: error.message,
				...(error.details ? { details: error.details } : {}),
				innerError: {
					date: new Date().toISOString().slice(0, 19),
					'request-id': headers['request-id'],
					'client-request-id': headers['client-request-id'],
				},
			},
		},
	};
}

/** Any thrown value as a Graph error answer (unexpected ones as 500). */
export function errorResponse(request: RequestIdentity, error: unknown): GraphResponse {
	if (error instanceof GraphError) return graphErrorResponse(request, error);
	return graphErrorResponse(request, new GraphError(500, 'InternalServerError', error instanceof Error ? error.message : 'Unexpected error.'));
}

const SYNC_POLICY_TYPE = 'microsoft.graph.crossTenantIdentitySyncPolicyPartner';

export const graphErrors = {
	unauthenticated: (message: string, authorityUrl: string) =>
		new GraphError(401, 'InvalidAuthenticationToken', message, {
			'www-authenticate': `Bearer realm="", authorization_uri="${authorityUrl}/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"`,
		}),
	forbidden: () => new GraphError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.'),
	segmentNotFound: (segment: string) => new GraphError(400, 'BadRequest', `Resource not found for the segment '${segment}'.`),
	methodNotAllowed: () => new GraphError(405, 'Request_BadRequest', 'Specified HTTP method is not allowed for the request uri.'),
	invalidObjectId: (id: string) => new GraphError(400, 'Request_BadRequest', `Invalid object identifier '${id}'.`),
	partnerNotFound: (id: string) =>
		new GraphError(
			404,
			'Request_ResourceNotFound',
			`Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
		),
	/** Graph's two 404 codes for what is not there; which one comes when is a reading (readings.ts). */
	notFound: (code: 'Request_ResourceNotFound' | 'Directory_ObjectNotFound', id: string) =>
		code === 'Directory_ObjectNotFound'
			? new GraphError(404, code, 'Unable to read the company information from the directory.')
			: new GraphError(404, code, `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`),
	partnerExists: (status: 400 | 409 = 400) =>
		new GraphError(status, 'Request_MultipleObjectsWithSameKeyValue', 'Another object with the same value for property tenantId already exists.'),
	partnerHasSyncPolicy: (id: string, status: 400 | 409 = 400) =>
		new GraphError(
			status,
			'Request_BadRequest',
			`The partner configuration for tenant '${id}' cannot be deleted while its identity synchronization policy exists. Delete the identitySynchronization policy first.`,
		),
	syncPolicyExists: (status: 409 | 400 = 409) =>
		new GraphError(
			status,
			'Request_MultipleObjectsWithSameKeyValue',
			'A conflicting object with one or more of the specified property values is present in the directory.',
		),
	badRequest: (message: string) => new GraphError(400, 'BadRequest', message),
	unknownProperty: (property: string, type = SYNC_POLICY_TYPE) =>
		new GraphError(
			400,
			'BadRequest',
			`The property '${property}' does not exist on type '${type}'. Make sure to only use property names that are defined by the type or mark the type as open type.`,
		),
	readOnlyProperty: (property: string) =>
		new GraphError(400, 'BadRequest', `The property '${property}' is read-only and cannot be set or updated.`),
	unsupportedMediaType: (message: string) => new GraphError(415, 'BadRequest', message),
	throttled: (retryAfterSeconds: number, headers: Record<string, string> = {}) =>
		new GraphError(429, 'TooManyRequests', 'Too many requests', { ...headers, 'retry-after': String(retryAfterSeconds) }),
	policyTooLarge: (limitBytes: number) =>
		new GraphError(
			400,
			'Request_BadRequest',
			`The cross-tenant access policy would exceed its maximum allowed size of ${limitBytes} bytes. Remove partner configurations or settings first.`,
		),
	injected: (status: number, code: string | undefined, retryAfterSeconds: number | undefined) => {
		const known: Record<number, [string, string]> = {
			429: ['TooManyRequests', 'Too many requests'],
			503: ['ServiceUnavailable', 'The service is temporarily unavailable. Please retry later.'],
			504: ['GatewayTimeout', 'The gateway did not receive a response in time.'],
		};
		const [defaultCode, message] = known[status] ?? ['UnknownError', `Injected failure (HTTP ${status}).`];
		const headers: Record<string, string> = retryAfterSeconds === undefined ? {} : { 'retry-after': String(retryAfterSeconds) };
		return new GraphError(status, code ?? defaultCode, message, headers);
	},
};
