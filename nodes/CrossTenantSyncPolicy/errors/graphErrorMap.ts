import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { PermissionNeed } from '../permissions';
import { describeNeed, NEEDS } from '../permissions';
import type { GraphCall, GraphFailure } from '../plan';

/** What the failed call was about, derived from its path. */
export type CallTarget = 'syncPolicy' | 'partner' | 'partnerList' | 'tenantLookup' | 'syncValidation' | 'syncJob' | 'assignment' | 'configuration' | 'other';

export interface FailureContext {
	operation: string;
	/** What the item works on as the user named it: a tenant ID, a domain before it was resolved, a configuration. */
	subject: string;
	call: GraphCall;
}

interface ErrorRule {
	target?: CallTarget;
	method?: GraphCall['method'];
	status: number | number[];
	code?: string;
	message(failure: GraphFailure, context: FailureContext): string;
	advice: string | ((failure: GraphFailure, context: FailureContext) => string);
}

function domainAsked(call: GraphCall): string | undefined {
	const quoted = /domainName='([^']*)'/.exec(call.path)?.[1];
	return quoted === undefined ? undefined : decodeURIComponent(quoted);
}

export function callTarget(call: GraphCall): CallTarget {
	const path = call.absoluteUrl ? new URL(call.absoluteUrl).pathname : call.path;
	if (path.includes('findTenantInformationByDomainName')) return 'tenantLookup';
	if (path.endsWith('/validateCredentials')) return 'syncValidation';
	if (path.includes('/synchronization/')) return 'syncJob';
	if (path.includes('/appRoleAssignedTo')) return 'assignment';
	if (/^\/(servicePrincipals|applications|applicationTemplates)\b/.test(path)) return 'configuration';
	if (path.endsWith('/identitySynchronization')) return 'syncPolicy';
	if (/\/partners\/[^/]+$/.test(path)) return 'partner';
	if (path.endsWith('/partners')) return 'partnerList';
	return 'other';
}

const CONSENT =
	'Entra admin center → App registrations → your app → API permissions → Add a permission → Microsoft Graph → ' +
	'Application permissions, then "Grant admin consent" for the tenant. A token minted before the consent keeps its old roles until it expires.';

const needing = (need: PermissionNeed) => `Grant the Microsoft Graph application permission ${describeNeed(need)} in the source tenant. ${CONSENT}`;

/** The target tenant of a test connection: the CompanyId it sent. */
function targetOf(call: GraphCall): string {
	const credentials = (call.body?.credentials as Array<{ key?: unknown; value?: unknown }> | undefined) ?? [];
	return String(credentials.find((c) => c.key === 'CompanyId')?.value ?? 'the target tenant');
}

/** The source tenant's half of cross-tenant sync (Sync Configuration). */
const SYNC_RULES: ErrorRule[] = [
	{
		target: 'syncValidation',
		status: [400, 409],
		code: 'AzureDirectoryB2BManagementPolicyCheckFailure',
		message: (_f, c) => `Tenant ${targetOf(c.call)} does not yet allow cross-tenant synchronization from this tenant (the test connection failed)`,
		advice: (_f, c) =>
			`Both tenants must be configured first. In the target tenant ${targetOf(c.call)}, with its credential: a partner for this tenant (Partner → Create), its sync policy with Allow User Sync Inbound on (Sync Policy → Create or Update), and Automatic User Consent: Inbound on (Partner → Update). ` +
			'In this (source) tenant: a partner for the target with Automatic User Consent: Outbound on (Partner → Update, Create Partner If Missing). Graph\'s details below name what it found missing.',
	},
	{
		target: 'configuration',
		status: 403,
		message: (_f, c) =>
			c.call.method === 'GET' ? 'The app may not read applications in this tenant' : 'The app may not create or delete applications in this tenant (or this one is not its own)',
		advice: (_f, c) => needing(c.call.method === 'GET' ? NEEDS.applicationRead : NEEDS.applicationWrite),
	},
	{
		target: 'syncJob',
		status: 403,
		message: (_f, c) => (c.call.method === 'GET' ? 'The app may not read synchronization jobs' : 'The app may not change synchronization jobs (or this configuration is not its own)'),
		advice: (_f, c) => `${needing(c.call.method === 'GET' ? NEEDS.syncRead : NEEDS.syncWrite)} Application.ReadWrite.OwnedBy covers only configurations this app created.`,
	},
	{
		target: 'syncValidation',
		status: 403,
		message: () => 'The app may not test the connection of a synchronization job',
		advice: () => needing(NEEDS.syncWrite),
	},
	{
		target: 'assignment',
		status: 403,
		message: () => "The app may not change who is in the configuration's scope",
		advice: () => needing(NEEDS.assignment),
	},
	{
		target: 'configuration',
		status: 404,
		message: (_f, c) => `Microsoft Graph found no ${c.subject} in this tenant`,
		advice: 'Check the configuration (pick it from the list, or By Name); one created moments ago may not be readable yet: run the item again in a minute.',
	},
	{
		target: 'syncJob',
		status: 404,
		message: (_f, c) => `Microsoft Graph found no synchronization job at ${c.call.path} (${c.subject})`,
		advice: 'The configuration or its job may have been deleted; Sync Configuration → Get shows what is there.',
	},
	{
		target: 'assignment',
		status: 404,
		message: () => 'Microsoft Graph found no such user or group in this tenant',
		advice: 'The User or Group ID must be the object ID of a user or group of this (source) tenant.',
	},
];

/** Graph failures users meet with this API, turned into a sentence and a fix. Matches error.code, never the message. */
const RULES: ErrorRule[] = [
	...SYNC_RULES,
	// Graph's 404 codes (Request_ResourceNotFound, Directory_ObjectNotFound, ResourceNotFound, others) do not say whether
	// the policy or the partner is missing, so no rule trusts them: a PUT creates the policy, so its 404 means the
	// partner; any other sync policy 404 may mean either. The advice names the option the operation offers.
	{
		target: 'syncPolicy',
		method: 'PUT',
		status: 404,
		message: (_f, c) => `Tenant ${c.subject} is not a partner in your cross-tenant access settings (or was added moments ago and Graph has not caught up)`,
		advice: (_f, c) =>
			`Add the organization first: resource Partner → Create${c.operation === 'update' || c.operation === 'create' ? ', the option "Create Partner If Missing"' : ''}, or the Entra admin center ` +
			'(External Identities → Cross-tenant access settings → Add organization).',
	},
	{
		target: 'syncPolicy',
		status: 404,
		message: (_f, c) => `Partner tenant ${c.subject} has no cross-tenant identity synchronization policy yet, or is not a partner at all`,
		advice: (_f, c) =>
			(c.operation === 'delete'
				? 'There is nothing to delete'
				: `Create it first: the Create operation (PUT ${c.call.path}), or ` +
					(c.operation === 'update' ? 'set this operation\'s Options → "If Missing" to Create' : 'Update with Options → "If Missing" set to Create') +
					' (with "Create Partner If Missing" when the tenant is not a partner yet)') +
			'; or in the Entra admin center: External Identities → Cross-tenant access settings → Organizational settings → the partner → Cross-tenant sync.',
	},
	{
		target: 'tenantLookup',
		status: 404,
		message: (_f, c) => `No Microsoft Entra tenant has the verified domain ${domainAsked(c.call) ?? c.subject}`,
		advice: "Check the spelling, or use the partner's tenant ID (mode By ID).",
	},
	{
		target: 'partner',
		status: 404,
		message: (_f, c) => `Tenant ${c.subject} is not a partner in your cross-tenant access settings`,
		advice: (_f, c) =>
			c.operation === 'delete'
				? 'There is nothing to delete: the organization already uses your default cross-tenant access settings.'
				: `Add the organization first: resource Partner → Create${c.operation === 'update' ? ', the option "Create Partner If Missing"' : ''}, or the Entra admin center ` +
					'(External Identities → Cross-tenant access settings → Add organization).',
	},
	{
		status: 404,
		message: (f, c) => `Microsoft Graph found nothing at ${c.call.method} ${c.call.absoluteUrl ?? c.call.path}: ${f.message}`,
		advice: 'Check the tenant ID or domain; if the partner or policy was created moments ago, Graph may not have caught up yet: run the item again in a minute.',
	},
	{
		target: 'tenantLookup',
		status: 403,
		message: () => 'The app may not look up tenants by domain (missing CrossTenantInformation.ReadBasic.All)',
		advice: `Grant the Microsoft Graph application permission CrossTenantInformation.ReadBasic.All, or pick the partner by ID. ${CONSENT}`,
	},
	{
		status: 403,
		message: (_f, c) =>
			c.call.method === 'GET'
				? 'The app may not read cross-tenant access policy (missing Policy.Read.All)'
				: 'The app may not change cross-tenant access policy (missing Policy.ReadWrite.CrossTenantAccess)',
		advice: `Grant the Microsoft Graph application permission Policy.ReadWrite.CrossTenantAccess (Policy.Read.All is enough for reads). ${CONSENT} Delegated permissions do not apply to this app-only credential.`,
	},
	{
		status: 401,
		message: () => 'Microsoft Graph rejected the access token',
		advice:
			"n8n already fetched a fresh token and retried once. Check that the credential's Cloud matches the tenant " +
			'(a token from one national cloud is not valid in another) and test the credential.',
	},
	{
		target: 'syncPolicy',
		status: 409,
		code: 'Request_MultipleObjectsWithSameKeyValue',
		message: (_f, c) => `Partner tenant ${c.subject} already has an identity synchronization policy`,
		advice: 'Use the Update operation, or set the Create option "If Exists" to Update.',
	},
	{
		target: 'partnerList',
		method: 'POST',
		status: [400, 409],
		code: 'Request_MultipleObjectsWithSameKeyValue',
		message: (_f, c) => `Tenant ${c.subject} is already a partner in your cross-tenant access settings`,
		advice: 'Nothing to create; use Get to read it.',
	},
	{
		target: 'partner',
		method: 'DELETE',
		status: [400, 409],
		message: (f, c) => `Graph refused to delete partner ${c.subject}: ${f.message}`,
		advice:
			'Graph does not delete a partner whose identity synchronization policy still exists. Turn on "Delete Sync Policy First", ' +
			'or delete the sync policy (resource Sync Policy → Delete) and try again.',
	},
	{
		status: 400,
		message: (f) => `Microsoft Graph rejected the request: ${f.message}`,
		advice: 'The request body or the tenant ID was not accepted by Graph.',
	},
	{
		status: [429, 503, 504],
		message: (f) =>
			`Microsoft Graph is throttling or temporarily unavailable (HTTP ${f.statusCode}${f.retryAfterSeconds !== undefined ? `, retry after ${f.retryAfterSeconds} s` : ''})`,
		advice: 'Run the workflow again later, or process fewer items per execution.',
	},
];

function matches(rule: ErrorRule, failure: GraphFailure, call: GraphCall): boolean {
	const statuses = Array.isArray(rule.status) ? rule.status : [rule.status];
	return (
		statuses.includes(failure.statusCode) &&
		(rule.code === undefined || rule.code === failure.code) &&
		(rule.target === undefined || rule.target === callTarget(call)) &&
		(rule.method === undefined || rule.method === call.method)
	);
}

export function graphApiError(node: INode, failure: GraphFailure, context: FailureContext, itemIndex: number): NodeApiError {
	const rule = RULES.find((r) => matches(r, failure, context.call));
	const message = rule ? rule.message(failure, context) : `Microsoft Graph answered HTTP ${failure.statusCode}: ${failure.message}`;
	const advice = typeof rule?.advice === 'function' ? rule.advice(failure, context) : rule?.advice;
	const facts = [
		`Graph error code: ${failure.code}`,
		`Graph message: ${failure.message}`,
		...(failure.details ?? []).map((detail) => `Graph detail: ${detail}`),
		failure.requestId ? `request-id: ${failure.requestId}` : undefined,
		failure.date ? `date: ${failure.date}` : undefined,
	].filter(Boolean);
	const fullMessage = `${message} [item ${itemIndex}, ${failure.code}]`;
	const error = new NodeApiError(node, graphErrorBody(failure), {
		message: fullMessage,
		description: [advice, facts.join(' · ')].filter(Boolean).join('\n'),
		httpCode: String(failure.statusCode),
		itemIndex,
	});
	// NodeApiError swaps messages that contain "ENOTFOUND" & co. for network hints; Graph codes such as
	// Request_ResourceNotFound contain that text, so the message is set again here.
	error.message = fullMessage;
	return error;
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
