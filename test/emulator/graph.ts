import type { AccessTokenClaims } from './access-tokens';
import type { EmulatorContext } from './context';
import { READ_ROLES, WRITE_ROLES, authenticate, authorize } from './graph-auth';
import { catchUpCycles } from './sync-cycles';
import { authorizeAny } from './sync-permissions';
import { errorResponse, graphErrors, graphHeaders } from './graph-errors';
import { type GraphRequest, type GraphResponse, isWrite } from './graph-request';
import { type GraphCall, type GraphResult, type GraphRoute, type GraphRouteMatch, type Handler, matchGraphRoute, notAPartner } from './graph-routes';

export const ODATA_JSON = 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

function toResponse(request: GraphRequest, result: GraphResult): GraphResponse {
	const headers = { ...graphHeaders(request), ...result.headers };
	if (result.body === undefined) return { status: result.status, headers };
	return { status: result.status, headers: { ...headers, 'content-type': ODATA_JSON, 'odata-version': '4.0' }, body: result.body };
}

/**
 * Takes a write token (reads are free): the x-ms-throttle-* headers this answer carries, whatever its status. Throws
 * the 429 (with those headers) when the bucket is empty.
 */
function throttle(ctx: EmulatorContext, claims: AccessTokenClaims, method: string): Record<string, string> {
	if (!isWrite(method)) return {};
	const verdict = ctx.throttle.take(claims.appid, claims.tid);
	if (!verdict) return {};
	if (verdict.retryAfterSeconds !== undefined) throw graphErrors.throttled(verdict.retryAfterSeconds, verdict.headers);
	return verdict.headers;
}

function withHeaders(response: GraphResponse, headers: Record<string, string>): GraphResponse {
	return { ...response, headers: { ...response.headers, ...headers } };
}

/** A partner POSTed less than the replication lag ago answers as if it were not a partner (under the readings). */
function checkReplicated(ctx: EmulatorContext, request: GraphRequest, owner: string, match: GraphRouteMatch): void {
	if (match.partnerId === undefined) return;
	const visibleAfter = ctx.store.get(owner, match.partnerId)?.visibleAfter;
	if (visibleAfter !== undefined && Date.now() < visibleAfter) throw notAPartner({ ctx, request, partnerId: match.partnerId }, match.route.name);
}

/**
 * Runs a write so that a result over the policy size cap leaves the store as it was. A write that names its
 * partner in the path changes only that partner: it is copied and measured alone (bulk runs stay linear).
 */
function runWithinSizeCap(call: GraphCall, route: GraphRoute, handler: Handler): GraphResult {
	const { method } = call.request;
	if (!isWrite(method) || route.outsidePolicy) return handler(call);
	const { store, settings } = call.ctx;
	const { owner, partnerId } = call;
	if (partnerId === undefined) {
		const before = store.snapshot(owner);
		const result = handler(call);
		if (method !== 'DELETE' && store.sizeInBytes(owner) > settings.policySizeLimitBytes) {
			store.restore(owner, before);
			throw graphErrors.policyTooLarge(settings.policySizeLimitBytes);
		}
		return result;
	}
	const sizeBefore = store.sizeInBytes(owner);
	const partnerBefore = store.get(owner, partnerId);
	const copy = partnerBefore && structuredClone(partnerBefore);
	const bytesBefore = store.partnerBytes(owner, partnerId);
	const result = handler(call);
	const size = store.sizeAfterWrite(owner, sizeBefore, bytesBefore, store.partnerBytes(owner, partnerId));
	if (method !== 'DELETE' && size > settings.policySizeLimitBytes) {
		if (copy) store.add(owner, copy);
		else store.remove(owner, partnerId);
		throw graphErrors.policyTooLarge(settings.policySizeLimitBytes);
	}
	return result;
}

/** A route with its own permissions (the directory and sync routes) names them per method; the policy routes do not. */
function authorizeRoute(claims: AccessTokenClaims, route: GraphRoute, method: string): void {
	if (route.permissions) authorizeAny(claims, route.permissions[method] ?? []);
	else authorize(claims, method === 'GET' ? (route.readRoles ?? READ_ROLES) : WRITE_ROLES);
}

/**
 * One Graph operation after fault injection: authenticate, route, authorize, throttle, run. Never throws. A write that
 * reached the bucket carries its x-ms-throttle-* headers whatever happens next (404, size cap, …).
 */
export function handleGraph(ctx: EmulatorContext, request: GraphRequest): GraphResponse {
	const { method } = request;
	let throttleHeaders: Record<string, string> = {};
	// Sync cycles that fell due since the last request run first, so they see the state before this one changes it.
	catchUpCycles(ctx);
	try {
		const claims = authenticate(ctx, request.headers);
		request.record.tenantId = claims.tid;
		const match = matchGraphRoute(request.segments);
		const handler = match.route.handlers[method];
		if (!handler) throw graphErrors.methodNotAllowed();
		authorizeRoute(claims, match.route, method);
		throttleHeaders = throttle(ctx, claims, method);
		checkReplicated(ctx, request, claims.tid, match);
		const call: GraphCall = {
			ctx,
			request,
			owner: claims.tid,
			base: `${ctx.url}/${request.version}`,
			partnerId: match.partnerId,
			domainName: match.domainName,
			claims,
			params: match.params ?? {},
		};
		return withHeaders(toResponse(request, runWithinSizeCap(call, match.route, handler)), throttleHeaders);
	} catch (error) {
		return withHeaders(errorResponse(request, error), throttleHeaders);
	}
}
