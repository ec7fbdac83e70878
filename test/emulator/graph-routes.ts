import type { AccessTokenClaims } from './access-tokens';
import type { EmulatorContext } from './context';
import { readPartnerBody } from './graph-body';
import { type GraphError, graphErrors } from './graph-errors';
import { page, parsePartnerQuery, repeatedFirstPage, shapeResource } from './graph-query';
import type { GraphRequest } from './graph-request';
import { checkSyncPolicy, readSyncPolicyChanges } from './graph-sync-body';
import { matchSyncRoute } from './graph-sync-routes';
import { matchTenantRelationships } from './graph-tenant-lookup';
import { isGuid, stableGuid } from './guid';
import { type Partner, type SyncPolicy, partnerResource, syncPolicyResource } from './state';
import type { RoleRequirement } from './sync-permissions';

export interface GraphCall {
	ctx: EmulatorContext;
	request: GraphRequest;
	/** The tenant whose policy is addressed: the token's tid. */
	owner: string;
	/** e.g. https://127.0.0.1:1234/v1.0 */
	base: string;
	partnerId?: string;
	domainName?: string;
	/** The validated bearer token. */
	claims: AccessTokenClaims;
	/** Path keys of the directory and sync routes (service principal id, job id, …). */
	params: Record<string, string>;
}

export interface GraphResult {
	status: number;
	body?: Record<string, unknown>;
	headers?: Record<string, string>;
}

export type Handler = (call: GraphCall) => GraphResult;

export interface GraphRoute {
	name: string;
	handlers: Partial<Record<string, Handler>>;
	/** Application permissions accepted for GET (default: the policy read roles). */
	readRoles?: string[];
	/** Application permissions per method; when set, they replace readRoles and the policy write roles. */
	permissions?: Partial<Record<string, readonly RoleRequirement[]>>;
	/** The route never touches the cross-tenant access policy: its writes are not measured against the size cap. */
	outsidePolicy?: boolean;
}

export interface GraphRouteMatch {
	route: GraphRoute;
	partnerId?: string;
	domainName?: string;
	params?: Record<string, string>;
}

const NO_CONTENT: GraphResult = { status: 204 };

function context(call: GraphCall, fragment: string): string {
	return `${call.base}/$metadata#${fragment}`;
}

/**
 * What Graph answers for a tenant that is not a partner (or not yet replicated), by route and method, under the
 * chosen readings (readings.ts): the reference documents none of these 404 codes.
 */
export function notAPartner(call: Pick<GraphCall, 'ctx' | 'partnerId' | 'request'>, routeName: string): GraphError {
	const { readings } = call.ctx.settings;
	const id = call.partnerId ?? '';
	if (routeName === 'identitySynchronization') {
		const code =
			readings.nonPartnerSyncPolicy !== 'split'
				? readings.nonPartnerSyncPolicy
				: call.request.method === 'PUT'
					? 'Request_ResourceNotFound'
					: readings.missingSyncPolicy;
		return graphErrors.notFound(code, id);
	}
	return graphErrors.notFound(readings.missingPartner, id);
}

function requirePartner(call: GraphCall, routeName = 'partner'): Partner {
	const partner = call.ctx.store.get(call.owner, call.partnerId ?? '');
	if (!partner) throw notAPartner(call, routeName);
	return partner;
}

/** A partner's sync policy, or the 404 the readings choose for a missing partner or a missing policy. */
function requireSyncPolicy(call: GraphCall): Partner {
	const existing = requirePartner(call, 'identitySynchronization');
	if (!existing.identitySynchronization) throw graphErrors.notFound(call.ctx.settings.readings.missingSyncPolicy, existing.tenantId);
	return existing;
}

function partnerWithExpansions(call: GraphCall, partner: Partner, expand: string[]): Record<string, unknown> {
	const resource = partnerResource(partner);
	if (expand.includes('identitySynchronization')) {
		resource.identitySynchronization = partner.identitySynchronization ? syncPolicyResource(partner, call.request.version) : null;
	}
	return resource;
}

const policy: GraphRoute = {
	name: 'crossTenantAccessPolicy',
	handlers: {
		GET: (call) => ({
			status: 200,
			body: {
				'@odata.context': context(call, 'policies/crossTenantAccessPolicy/$entity'),
				id: stableGuid('crossTenantAccessPolicy', call.owner),
				displayName: 'CrossTenantAccessPolicy',
				definition: [],
				allowedCloudEndpoints: [],
			},
		}),
	},
};

const partners: GraphRoute = {
	name: 'partners',
	handlers: {
		GET: (call) => {
			const query = parsePartnerQuery(call.request.url);
			const all = call.ctx.store.list(call.owner).map((p) => shapeResource(partnerWithExpansions(call, p, query.expand), query));
			const paging = call.ctx.faults.takeRepeatingPage() ? repeatedFirstPage : page;
			const { items, nextLink } = paging(all, query, call.request.url, call.ctx.settings.serverPageSize);
			const body: Record<string, unknown> = { '@odata.context': context(call, 'policies/crossTenantAccessPolicy/partners'), value: items };
			if (nextLink) body['@odata.nextLink'] = nextLink;
			return { status: 200, body };
		},
		POST: (call) => {
			const { tenantId, properties } = readPartnerBody(call.request, true);
			const id = tenantId ?? '';
			if (call.ctx.store.get(call.owner, id)) throw graphErrors.partnerExists(call.ctx.settings.readings.partnerExistsStatus);
			const partner: Partner = { tenantId: id, properties };
			const lag = call.ctx.settings.replicationLagMs;
			if (lag > 0) partner.visibleAfter = Date.now() + lag;
			call.ctx.store.add(call.owner, partner);
			return {
				status: 201,
				headers: { location: `${call.base}/policies/crossTenantAccessPolicy/partners/${id}` },
				body: { '@odata.context': context(call, 'policies/crossTenantAccessPolicy/partners/$entity'), ...partnerResource(partner) },
			};
		},
	},
};

const partner: GraphRoute = {
	name: 'partner',
	handlers: {
		GET: (call) => {
			const query = parsePartnerQuery(call.request.url);
			const resource = shapeResource(partnerWithExpansions(call, requirePartner(call), query.expand), query);
			return { status: 200, body: { '@odata.context': context(call, 'policies/crossTenantAccessPolicy/partners/$entity'), ...resource } };
		},
		PATCH: (call) => {
			const { properties } = readPartnerBody(call.request, false);
			const existing = requirePartner(call);
			Object.assign(existing.properties, properties);
			return NO_CONTENT;
		},
		DELETE: (call) => {
			const existing = requirePartner(call);
			if (existing.identitySynchronization) throw graphErrors.partnerHasSyncPolicy(existing.tenantId, call.ctx.settings.readings.partnerWithSyncPolicyDeleteStatus);
			call.ctx.store.remove(call.owner, existing.tenantId);
			return NO_CONTENT;
		},
	},
};

const identitySynchronization: GraphRoute = {
	name: 'identitySynchronization',
	handlers: {
		GET: (call) => {
			const existing = requireSyncPolicy(call);
			return {
				status: 200,
				body: {
					'@odata.context': context(call, `policies/crossTenantAccessPolicy/partners('${existing.tenantId}')/identitySynchronization/$entity`),
					...syncPolicyResource(existing, call.request.version),
				},
			};
		},
		PUT: (call) => {
			const changes = readSyncPolicyChanges(call.request);
			const existing = requirePartner(call, 'identitySynchronization');
			if (existing.identitySynchronization) throw graphErrors.syncPolicyExists(call.ctx.settings.readings.syncPolicyExistsStatus);
			const created: SyncPolicy = { ...changes, displayName: changes.displayName ?? null, userSyncInbound: changes.userSyncInbound ?? null };
			checkSyncPolicy(created);
			existing.identitySynchronization = created;
			return NO_CONTENT;
		},
		PATCH: (call) => {
			const changes = readSyncPolicyChanges(call.request);
			const existing = requireSyncPolicy(call);
			const updated = { ...(existing.identitySynchronization as SyncPolicy), ...changes };
			checkSyncPolicy(updated);
			existing.identitySynchronization = updated;
			return NO_CONTENT;
		},
		DELETE: (call) => {
			const existing = requireSyncPolicy(call);
			delete existing.identitySynchronization;
			return NO_CONTENT;
		},
	},
};

function same(segment: string | undefined, expected: string): boolean {
	// Graph resolves URL segments case-insensitively.
	return segment !== undefined && segment.toLowerCase() === expected.toLowerCase();
}

/**
 * Resolves the path after the version segment. Unknown segments answer like Graph (400 "Resource not found for
 * the segment"), a non-GUID partner key answers 400 "Invalid object identifier".
 */
export function matchGraphRoute(segments: string[]): GraphRouteMatch {
	const [root, policyName, collection, id, navigation, ...rest] = segments;
	if (same(root, 'tenantRelationships')) return matchTenantRelationships(segments.slice(1));
	const sync = matchSyncRoute(segments);
	if (sync) return sync;
	if (!same(root, 'policies')) throw graphErrors.segmentNotFound(root ?? '');
	if (!same(policyName, 'crossTenantAccessPolicy')) throw graphErrors.segmentNotFound(policyName ?? '');
	if (collection === undefined) return { route: policy };
	if (!same(collection, 'partners')) throw graphErrors.segmentNotFound(collection);
	if (id === undefined) return { route: partners };
	if (!isGuid(id)) throw graphErrors.invalidObjectId(id);
	const partnerId = id.toLowerCase();
	if (navigation === undefined) return { route: partner, partnerId };
	if (!same(navigation, 'identitySynchronization')) throw graphErrors.segmentNotFound(navigation);
	if (rest.length > 0) throw graphErrors.segmentNotFound(rest[0]);
	return { route: identitySynchronization, partnerId };
}
