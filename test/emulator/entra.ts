import { issuerFor, signAccessToken } from './access-tokens';
import { checkClientAssertion } from './client-assertion';
import type { EmulatorContext } from './context';
import { type EntraErrorSpec, entraErrors, entraHeaders, sendEntraError } from './entra-errors';
import { type Exchange, headerValue, send } from './exchange';
import { jwks } from './signing-keys';
import type { RegisteredApp, SeedTenant } from './types';

const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';

export type EntraRoute = 'metadata' | 'keys' | 'token';

/** Path after the tenant segment → route. */
export function entraRoute(segments: string[]): EntraRoute | undefined {
	const rest = segments.slice(1).join('/').toLowerCase();
	if (segments.length < 2) return undefined;
	if (rest === 'v2.0/.well-known/openid-configuration') return 'metadata';
	if (rest === 'discovery/v2.0/keys') return 'keys';
	if (rest === 'oauth2/v2.0/token') return 'token';
	return undefined;
}

export function handleEntra(ctx: EmulatorContext, ex: Exchange): void {
	const route = entraRoute(ex.segments);
	if (route === 'token') return handleToken(ctx, ex);
	if (route && ex.req.method !== 'GET') {
		send(ex, 405, { ...entraHeaders(ex), allow: 'GET' }, { error: 'method_not_allowed' });
		return;
	}
	if (route === 'metadata') return handleMetadata(ctx, ex);
	if (route === 'keys') {
		send(ex, 200, entraHeaders(ex), jwks(ctx.keys, issuerFor(ctx.url, '{tenantid}')));
		return;
	}
	send(ex, 404, entraHeaders(ex), { error: 'not_found', error_description: `No emulated endpoint at ${ex.record.path}.` });
}

function handleMetadata(ctx: EmulatorContext, ex: Exchange): void {
	const requested = ex.segments[0];
	const lookup = ctx.directory.lookupTenant(requested);
	let tenantSegment: string;
	if (lookup.kind === 'found') {
		tenantSegment = lookup.tenant.tenantId;
		ex.record.tenantId = lookup.tenant.tenantId;
	} else if (lookup.kind === 'multi-tenant') {
		tenantSegment = lookup.alias;
	} else {
		sendEntraError(ex, ctx.url, { ...entraErrors.tenantNotFound(requested), error: 'invalid_tenant' });
		return;
	}
	// Like Entra, endpoints name the tenant GUID even when the request used a domain; the issuer keeps Entra's
	// {tenantid} placeholder for common/organizations.
	const base = `${ctx.url}/${tenantSegment}`;
	const host = new URL(ctx.url).host;
	send(ex, 200, entraHeaders(ex), {
		token_endpoint: `${base}/oauth2/v2.0/token`,
		token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
		jwks_uri: `${base}/discovery/v2.0/keys`,
		response_modes_supported: ['query', 'fragment', 'form_post'],
		subject_types_supported: ['pairwise'],
		id_token_signing_alg_values_supported: ['RS256'],
		response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
		scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
		issuer: issuerFor(ctx.url, lookup.kind === 'found' ? lookup.tenant.tenantId : '{tenantid}'),
		request_uri_parameter_supported: false,
		userinfo_endpoint: `${ctx.url}/oidc/userinfo`,
		authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
		device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
		http_logout_supported: true,
		frontchannel_logout_supported: true,
		end_session_endpoint: `${base}/oauth2/v2.0/logout`,
		claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'auth_time', 'acr', 'nonce', 'tid', 'ver', 'oid'],
		tenant_region_scope: 'NA',
		cloud_instance_name: host,
		cloud_graph_host_name: host,
		msgraph_host: host,
		rbac_url: ctx.url,
	});
}

function formParams(ex: Exchange): Record<string, string> {
	const contentType = headerValue(ex, 'content-type') ?? '';
	if (!contentType.toLowerCase().includes('application/x-www-form-urlencoded')) return {};
	return Object.fromEntries(new URLSearchParams(ex.rawBody).entries());
}

/** client_secret_basic: Authorization: Basic base64(urlencode(id):urlencode(secret)). */
function basicCredentials(ex: Exchange): { clientId?: string; secret?: string } {
	const header = headerValue(ex, 'authorization') ?? '';
	const match = /^Basic\s+(.+)$/i.exec(header);
	if (!match) return {};
	const decoded = Buffer.from(match[1], 'base64').toString('utf8');
	const colon = decoded.indexOf(':');
	if (colon < 0) return {};
	return { clientId: decodeURIComponent(decoded.slice(0, colon)), secret: decodeURIComponent(decoded.slice(colon + 1)) };
}

function tokenEndpointAudiences(ctx: EmulatorContext, requestedTenant: string, tenantId: string): string[] {
	const tenants = [...new Set([requestedTenant, tenantId, tenantId.toLowerCase()])];
	return tenants.flatMap((t) => [`${ctx.url}/${t}/oauth2/v2.0/token`, `${ctx.url}/${t}/oauth2/token`]);
}

function authenticateClient(
	ctx: EmulatorContext,
	app: RegisteredApp,
	form: Record<string, string>,
	basicSecret: string | undefined,
	audiences: string[],
): EntraErrorSpec | undefined {
	if (form.client_assertion !== undefined) {
		return checkClientAssertion({
			clientId: app.clientId,
			assertion: form.client_assertion,
			assertionType: form.client_assertion_type,
			certificate: app.certificate === 'generate' ? ctx.directory.certificate(app.clientId) : undefined,
			audiences,
		});
	}
	const secret = form.client_secret ?? basicSecret;
	if (secret === undefined) return entraErrors.missingCredential();
	if (app.secret === undefined || secret !== app.secret) return entraErrors.invalidSecret(app.clientId);
	if (app.secretExpired) return entraErrors.expiredSecret(app.clientId);
	return undefined;
}

function checkScope(ctx: EmulatorContext, scope: string, tenant: SeedTenant): EntraErrorSpec | undefined {
	const requested = scope.trim().split(/\s+/)[0];
	if (!requested.endsWith('/.default')) return entraErrors.scopeWithoutDefault(scope);
	const resource = requested.slice(0, -'/.default'.length).replace(/\/+$/, '');
	if (resource === ctx.url || resource.toLowerCase() === GRAPH_APP_ID) return undefined;
	return entraErrors.resourceNotFound(resource, tenant.displayName ?? tenant.tenantId);
}

function handleToken(ctx: EmulatorContext, ex: Exchange): void {
	const fail = (spec: EntraErrorSpec) => sendEntraError(ex, ctx.url, spec);
	if (ex.req.method !== 'POST') return fail(entraErrors.onlyPost(ex.req.method ?? 'GET'));
	const requestedTenant = ex.segments[0];
	const lookup = ctx.directory.lookupTenant(requestedTenant);
	if (lookup.kind === 'multi-tenant') return fail(entraErrors.noTenantInformation());
	if (lookup.kind === 'malformed') return fail(entraErrors.tenantMalformed(requestedTenant));
	if (lookup.kind === 'not-found') return fail(entraErrors.tenantNotFound(requestedTenant));
	const tenant = lookup.tenant;
	ex.record.tenantId = tenant.tenantId;

	const form = formParams(ex);
	const basic = basicCredentials(ex);
	if (!form.grant_type) return fail(entraErrors.missingParameter('grant_type'));
	if (form.grant_type !== 'client_credentials') return fail(entraErrors.unsupportedGrantType(form.grant_type));
	const clientId = form.client_id ?? basic.clientId;
	if (!clientId) return fail(entraErrors.missingParameter('client_id'));
	if (!form.scope) return fail(entraErrors.missingParameter('scope'));

	const app = ctx.directory.app(tenant.tenantId, clientId);
	if (!app) return fail(entraErrors.appNotFound(clientId, tenant.displayName ?? tenant.tenantId));
	const audiences = tokenEndpointAudiences(ctx, requestedTenant, tenant.tenantId);
	const authFailure = authenticateClient(ctx, app, form, basic.secret, audiences);
	if (authFailure) return fail(authFailure);
	const scopeFailure = checkScope(ctx, form.scope, tenant);
	if (scopeFailure) return fail(scopeFailure);

	const accessToken = signAccessToken(ctx.keys, {
		url: ctx.url,
		tenantId: tenant.tenantId,
		clientId: app.clientId,
		appDisplayName: app.displayName,
		roles: app.roles,
		lifetimeSeconds: ctx.tokenLifetimeSeconds,
		appidacr: form.client_assertion !== undefined ? '2' : '1',
	});
	ctx.counters.tokensIssued += 1;
	send(ex, 200, entraHeaders(ex), {
		token_type: 'Bearer',
		expires_in: ctx.tokenLifetimeSeconds,
		ext_expires_in: ctx.tokenLifetimeSeconds,
		access_token: accessToken,
	});
}
