import { dataProperties, readJsonBody, type JsonObject } from './graph-body';
import { GraphError, graphErrors } from './graph-errors';
import type { GraphCall, GraphRoute } from './graph-routes';
import { authorizeOwnership } from './sync-permissions';
import type { SyncJob, SyncServicePrincipal } from './sync-store';

export const NO_CONTENT = { status: 204 } as const;

/** Graph's 404 for a directory object that is not there (or not yet replicated). */
export function notFound(id: string): GraphError {
	return graphErrors.notFound('Request_ResourceNotFound', id);
}

export function contextUrl(call: GraphCall, fragment: string): string {
	return `${call.base}/$metadata#${fragment}`;
}

/**
 * Application.ReadWrite.OwnedBy admits a call only for objects the caller owns. The route's accepted permissions
 * for this method decide whether OwnedBy was what let the token in.
 */
export function checkOwner(call: GraphCall, route: GraphRoute, ownerAppId: string | undefined): void {
	authorizeOwnership(call.claims, route.permissions?.[call.request.method] ?? [], ownerAppId);
}

/**
 * The service principal the path names (by id or appId) in the caller's tenant; 404 while it is not replicated
 * (servicePrincipalReplicationMs), and 403 when only OwnedBy admitted the call and the caller does not own it.
 */
export function requireServicePrincipal(call: GraphCall, route: GraphRoute): SyncServicePrincipal {
	const { spId, spAppId } = call.params;
	const sp = spId !== undefined ? call.ctx.sync.servicePrincipal(call.owner, spId) : call.ctx.sync.servicePrincipalByAppId(call.owner, spAppId ?? '');
	if (!sp || !isReplicated(call, sp)) throw notFound(spId ?? spAppId ?? '');
	checkOwner(call, route, sp.ownerAppId);
	return sp;
}

export function isReplicated(call: Pick<GraphCall, 'ctx'>, sp: SyncServicePrincipal): boolean {
	return sp.visibleAfter === undefined || call.ctx.syncClock() >= sp.visibleAfter;
}

/** Graph's answer for a job id the service principal does not have. */
export function jobNotFound(jobId: string): GraphError {
	return new GraphError(404, 'Request_ResourceNotFound', `The synchronization job '${jobId}' was not found.`);
}

export function requireJob(call: GraphCall, sp: SyncServicePrincipal): SyncJob {
	const jobId = call.params.jobId ?? '';
	const job = call.ctx.sync.job(call.owner, sp.id, jobId);
	if (!job) throw jobNotFound(jobId);
	return job;
}

/** A JSON body whose properties are all known to the action or type; unknown ones answer 400 like OData. */
export function readKnownBody(call: GraphCall, known: readonly string[], what: string, optional = false): JsonObject {
	if (optional && call.request.rawBody.trim() === '') return {};
	const body = readJsonBody(call.request);
	for (const [name] of dataProperties(body)) {
		if (!known.includes(name)) throw graphErrors.badRequest(`The parameter '${name}' in the request payload is not a valid parameter for ${what}.`);
	}
	return body;
}

/** A required string property (non-empty). */
export function requireString(body: JsonObject, name: string): string {
	const value = body[name];
	if (typeof value !== 'string' || value.trim() === '') throw graphErrors.badRequest(`The required property '${name}' is missing or is not a non-empty string.`);
	return value;
}
