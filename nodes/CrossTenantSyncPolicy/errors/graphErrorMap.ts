import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { GraphFailure } from './graphFailure';

export interface FailureContext {
	operation: string;
	partnerTenantId: string;
}

interface ErrorRule {
	matches(failure: GraphFailure): boolean;
	message(failure: GraphFailure, context: FailureContext): string;
	description: string | ((failure: GraphFailure, context: FailureContext) => string);
}

const SYNC_POLICY_PATH = '/policies/crossTenantAccessPolicy/partners/{id}/identitySynchronization';

/** Graph failures users meet with this API, turned into a sentence and a fix. Branches on error.code, never on the message. */
const RULES: ErrorRule[] = [
	{
		matches: (f) => f.statusCode === 404 && f.code === 'Directory_ObjectNotFound',
		message: (_f, c) => `Partner tenant ${c.partnerTenantId} has no cross-tenant identity synchronization policy yet`,
		description: (_f, c) =>
			`Graph can only update a sync policy that exists. Create it first with PUT ${SYNC_POLICY_PATH.replace('{id}', c.partnerTenantId)} ` +
			'(body {"userSyncInbound": {"isSyncAllowed": true}}), or in the Entra admin center: External Identities → Cross-tenant access settings → ' +
			'Organizational settings → the partner → Cross-tenant sync. The partner itself must already be listed there.',
	},
	{
		matches: (f) => f.statusCode === 404 && f.code === 'Request_ResourceNotFound',
		message: (_f, c) => `Tenant ${c.partnerTenantId} is not a partner in your cross-tenant access settings`,
		description:
			'Add the organization first (Entra admin center: External Identities → Cross-tenant access settings → Add organization, ' +
			'or POST /policies/crossTenantAccessPolicy/partners with {"tenantId": "…"}), then create its sync policy.',
	},
	{
		matches: (f) => f.statusCode === 403,
		message: () => 'The app is not allowed to change cross-tenant access policy (missing Policy.ReadWrite.CrossTenantAccess)',
		description:
			'Grant the Microsoft Graph application permission Policy.ReadWrite.CrossTenantAccess (Policy.Read.All is enough for reads): ' +
			'Entra admin center → App registrations → your app → API permissions → Add a permission → Microsoft Graph → ' +
			'Application permissions, then "Grant admin consent" for the tenant. Delegated permissions do not apply to this app-only credential.',
	},
	{
		matches: (f) => f.statusCode === 401,
		message: () => 'Microsoft Graph rejected the access token',
		description:
			'n8n already fetched a fresh token and retried once. Check that the credential\'s Cloud matches the tenant ' +
			'(a token from one national cloud is not valid in another) and test the credential.',
	},
	{
		matches: (f) => f.statusCode === 409 && f.code === 'Request_MultipleObjectsWithSameKeyValue',
		message: (_f, c) => `Partner tenant ${c.partnerTenantId} already has an identity synchronization policy`,
		description: 'Use the Update operation to change an existing policy.',
	},
	{
		matches: (f) => f.statusCode === 400,
		message: (f) => `Microsoft Graph rejected the request: ${f.message}`,
		description: 'The request body or the tenant ID was not accepted by Graph.',
	},
	{
		matches: (f) => f.statusCode === 429 || f.statusCode === 503 || f.statusCode === 504,
		message: (f) =>
			`Microsoft Graph is throttling or temporarily unavailable (HTTP ${f.statusCode}${f.retryAfterSeconds !== undefined ? `, retry after ${f.retryAfterSeconds} s` : ''})`,
		description: 'Run the workflow again later, or process fewer items per execution.',
	},
];

const FALLBACK: ErrorRule = {
	matches: () => true,
	message: (f) => `Microsoft Graph answered HTTP ${f.statusCode}: ${f.message}`,
	description: '',
};

export function graphApiError(node: INode, failure: GraphFailure, context: FailureContext, itemIndex: number): NodeApiError {
	const rule = RULES.find((r) => r.matches(failure)) ?? FALLBACK;
	const advice = typeof rule.description === 'function' ? rule.description(failure, context) : rule.description;
	const facts = [
		`Graph error code: ${failure.code}`,
		`Graph message: ${failure.message}`,
		failure.requestId ? `request-id: ${failure.requestId}` : undefined,
		failure.date ? `date: ${failure.date}` : undefined,
	].filter(Boolean);
	return new NodeApiError(node, graphErrorBody(failure), {
		message: `${rule.message(failure, context)} [item ${itemIndex}, ${failure.code}]`,
		description: [advice, facts.join(' · ')].filter(Boolean).join('\n'),
		httpCode: String(failure.statusCode),
		itemIndex,
	});
}

function graphErrorBody(failure: GraphFailure): JsonObject {
	return {
		error: {
			code: failure.code,
			message: failure.message,
			innerError: { 'request-id': failure.requestId ?? null, date: failure.date ?? null },
		},
	};
}
