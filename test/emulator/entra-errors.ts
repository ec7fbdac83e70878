import { type Exchange, headerValue, send } from './exchange';
import { newGuid } from './guid';

/** Entra's timestamp style: "2016-01-09 02:02:12Z". */
function entraTimestamp(date = new Date()): string {
	return `${date.toISOString().slice(0, 19).replace('T', ' ')}Z`;
}

function correlationId(ex: Exchange): string {
	return ex.url.searchParams.get('client-request-id') ?? headerValue(ex, 'client-request-id') ?? newGuid();
}

export function entraHeaders(ex: Exchange): Record<string, string> {
	return {
		'content-type': 'application/json; charset=utf-8',
		'cache-control': 'no-store, no-cache',
		pragma: 'no-cache',
		'x-ms-request-id': ex.record.id,
		'client-request-id': correlationId(ex),
		'x-ms-ests-server': '2.1.emulator',
	};
}

export interface EntraErrorSpec {
	status: 400 | 401;
	error: string;
	code: number;
	text: string;
}

export function sendEntraError(ex: Exchange, authorityUrl: string, spec: EntraErrorSpec): void {
	const timestamp = entraTimestamp();
	const correlation = correlationId(ex);
	send(ex, spec.status, entraHeaders(ex), {
		error: spec.error,
		error_description: `AADSTS${spec.code}: ${spec.text}\r\nTrace ID: ${ex.record.id}\r\nCorrelation ID: ${correlation}\r\nTimestamp: ${timestamp}`,
		error_codes: [spec.code],
		timestamp,
		trace_id: ex.record.id,
		correlation_id: correlation,
		error_uri: `${authorityUrl}/error?code=${spec.code}`,
	});
}

// The texts below follow what login.microsoftonline.com answers; clients should branch on the number only.
export const entraErrors = {
	tenantNotFound: (tenant: string): EntraErrorSpec => ({
		status: 400,
		error: 'invalid_request',
		code: 90002,
		text: `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`,
	}),
	tenantMalformed: (tenant: string): EntraErrorSpec => ({
		status: 400,
		error: 'invalid_request',
		code: 900023,
		text: `Specified tenant identifier '${tenant}' is neither a valid DNS name, nor a valid external domain.`,
	}),
	noTenantInformation: (): EntraErrorSpec => ({
		status: 400,
		error: 'invalid_request',
		code: 50059,
		text: 'No tenant-identifying information found in either the request or implied by any provided credentials.',
	}),
	onlyPost: (method: string): EntraErrorSpec => ({
		status: 400,
		error: 'invalid_request',
		code: 900561,
		text: `The endpoint only accepts POST, OPTIONS requests. Received a ${method} request.`,
	}),
	missingParameter: (name: string): EntraErrorSpec => ({
		status: 400,
		error: 'invalid_request',
		code: 900144,
		text: `The request body must contain the following parameter: '${name}'.`,
	}),
	unsupportedGrantType: (grantType: string): EntraErrorSpec => ({
		status: 400,
		error: 'unsupported_grant_type',
		code: 70003,
		text: `The app requested an unsupported grant type '${grantType}'.`,
	}),
	appNotFound: (clientId: string, directory: string): EntraErrorSpec => ({
		status: 400,
		error: 'unauthorized_client',
		code: 700016,
		text: `Application with identifier '${clientId}' was not found in the directory '${directory}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
	}),
	missingCredential: (): EntraErrorSpec => ({
		status: 401,
		error: 'invalid_client',
		code: 7000218,
		text: "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
	}),
	invalidSecret: (clientId: string): EntraErrorSpec => ({
		status: 401,
		error: 'invalid_client',
		code: 7000215,
		text: `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`,
	}),
	expiredSecret: (clientId: string): EntraErrorSpec => ({
		status: 401,
		error: 'invalid_client',
		code: 7000222,
		text: `The provided client secret keys for app '${clientId}' are expired. Visit the Azure portal to create new keys for your app: https://aka.ms/NewClientSecret, or consider using certificate credentials for added security: https://aka.ms/certCreds.`,
	}),
	assertionRejected: (clientId: string, reason: string, thumbprint: string): EntraErrorSpec => ({
		status: 401,
		error: 'invalid_client',
		code: 700027,
		text: `Client assertion failed signature validation. (Reason - ${reason}, Thumbprint of key used by client: '${thumbprint}', Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '${clientId}'. Review the documentation at https://docs.microsoft.com/en-us/graph/deployments if you are not using the global cloud.)`,
	}),
	assertionExpired: (now: number, notBefore: number | undefined, expiry: number | undefined): EntraErrorSpec => ({
		status: 401,
		error: 'invalid_client',
		code: 700024,
		text: `Client assertion is not within its valid time range. Current time: ${isoSeconds(now)}, assertion valid from ${isoSeconds(notBefore)}, expiry time of assertion ${isoSeconds(expiry)}. Review the documentation at https://docs.microsoft.com/azure/active-directory/develop/active-directory-certificate-credentials .`,
	}),
	scopeWithoutDefault: (scope: string): EntraErrorSpec => ({
		status: 400,
		error: 'invalid_scope',
		code: 1002012,
		text: `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
	}),
	resourceNotFound: (resource: string, tenantName: string): EntraErrorSpec => ({
		status: 400,
		error: 'invalid_resource',
		code: 500011,
		text: `The resource principal named ${resource} was not found in the tenant named ${tenantName}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`,
	}),
};

function isoSeconds(epochSeconds: number | undefined): string {
	return epochSeconds === undefined ? '(none)' : `${new Date(epochSeconds * 1000).toISOString().slice(0, 19)}Z`;
}
