import { graphErrors } from './graph-errors';
import { group, groupMembers, groups, user, users } from './graph-directory-routes';
import type { GraphRoute, GraphRouteMatch } from './graph-routes';
import { appRoleAssignedTo, appRoleAssignment } from './graph-sync-assignments';
import { application, applications, instantiate, servicePrincipal, servicePrincipals } from './graph-sync-applications';
import {
	job,
	jobPause,
	jobProvisionOnDemand,
	jobRestart,
	jobSchema,
	jobStart,
	jobValidateCredentials,
	jobs,
	jobsValidateCredentials,
	secrets,
} from './graph-sync-jobs';
import { isGuid } from './guid';

/** The source side of cross-tenant sync and the directory it reads: the roots matchSyncRoute answers for. */
const ROOTS = ['applicationTemplates', 'applications', 'servicePrincipals', 'users', 'groups'];

/** Graph resolves URL segments case-insensitively. */
function same(segment: string | undefined, expected: string): boolean {
	return segment !== undefined && segment.toLowerCase() === expected.toLowerCase();
}

/** `collection(appId='…')`, Graph's alternate key of applications and service principals. */
const BY_APP_ID = /^([A-Za-z]+)\(\s*appId\s*=\s*'([^']*)'\s*\)$/;

function objectId(segment: string): string {
	if (!isGuid(segment)) throw graphErrors.invalidObjectId(segment);
	return segment.toLowerCase();
}

function done(route: GraphRoute, params: Record<string, string>, rest: string[]): GraphRouteMatch {
	if (rest.length > 0) throw graphErrors.segmentNotFound(rest[0]);
	return { route, params };
}

/** …/jobs/{jobId}/{action}: the job's own actions and navigations. */
const JOB_ACTIONS: Record<string, GraphRoute> = {
	schema: jobSchema,
	start: jobStart,
	pause: jobPause,
	restart: jobRestart,
	provisionondemand: jobProvisionOnDemand,
	validatecredentials: jobValidateCredentials,
};

/** Segments after /servicePrincipals/{id}/synchronization. */
function matchSynchronization(params: Record<string, string>, segments: string[]): GraphRouteMatch {
	const [navigation, jobId, action, ...rest] = segments;
	if (same(navigation, 'secrets')) return done(secrets, params, segments.slice(1));
	if (!same(navigation, 'jobs')) throw graphErrors.segmentNotFound(navigation ?? 'synchronization');
	if (jobId === undefined) return { route: jobs, params };
	// The guide's validateCredentials without a job; whether Graph answers it is a reading (the route decides).
	if (same(jobId, 'validateCredentials') && action === undefined) return { route: jobsValidateCredentials, params };
	const withJob = { ...params, jobId };
	if (action === undefined) return { route: job, params: withJob };
	const route = JOB_ACTIONS[action.toLowerCase()];
	if (!route) throw graphErrors.segmentNotFound(action);
	return done(route, withJob, rest);
}

/** Segments after /servicePrincipals/{id} (or (appId='…')). */
function matchServicePrincipal(params: Record<string, string>, segments: string[]): GraphRouteMatch {
	const [navigation, item, ...rest] = segments;
	if (navigation === undefined) return { route: servicePrincipal, params };
	if (same(navigation, 'synchronization')) return matchSynchronization(params, segments.slice(1));
	if (!same(navigation, 'appRoleAssignedTo')) throw graphErrors.segmentNotFound(navigation);
	if (item === undefined) return { route: appRoleAssignedTo, params };
	return done(appRoleAssignment, { ...params, assignmentId: item }, rest);
}

/** A collection's item segment: `{guid}` → {idKey}, or `(appId='…')` on the collection segment → {appIdKey}. */
function itemKey(root: string, segments: string[], idKey: string, appIdKey: string): { params: Record<string, string>; rest: string[] } | undefined {
	const alternate = BY_APP_ID.exec(root);
	if (alternate) return { params: { [appIdKey]: alternate[2].toLowerCase() }, rest: segments.slice(1) };
	const id = segments[1];
	return id === undefined ? undefined : { params: { [idKey]: objectId(id) }, rest: segments.slice(2) };
}

/**
 * Resolves /applicationTemplates, /applications, /servicePrincipals, /users and /groups paths; undefined for any
 * other root (the policy routes take those). Unknown segments answer 400 like Graph.
 */
export function matchSyncRoute(segments: string[]): GraphRouteMatch | undefined {
	const [root = ''] = segments;
	const collection = BY_APP_ID.exec(root)?.[1] ?? root;
	if (!ROOTS.some((name) => same(collection, name))) return undefined;
	if (same(collection, 'applicationTemplates')) {
		const [, templateId, action, ...rest] = segments;
		if (templateId === undefined) throw graphErrors.segmentNotFound(root);
		if (!same(action, 'instantiate')) throw graphErrors.segmentNotFound(action ?? templateId);
		return done(instantiate, { templateId: objectId(templateId) }, rest);
	}
	if (same(collection, 'applications')) {
		const key = itemKey(root, segments, 'applicationId', 'appAppId');
		return key ? done(application, key.params, key.rest) : { route: applications, params: {} };
	}
	if (same(collection, 'servicePrincipals')) {
		const key = itemKey(root, segments, 'spId', 'spAppId');
		return key ? matchServicePrincipal(key.params, key.rest) : { route: servicePrincipals, params: {} };
	}
	if (same(collection, 'users')) {
		const [, id, ...rest] = segments;
		return id === undefined ? { route: users, params: {} } : done(user, { userId: objectId(id) }, rest);
	}
	const [, id, navigation, ...rest] = segments;
	if (id === undefined) return { route: groups, params: {} };
	if (navigation === undefined) return { route: group, params: { groupId: objectId(id) } };
	if (!same(navigation, 'members')) throw graphErrors.segmentNotFound(navigation);
	return done(groupMembers, { groupId: objectId(id) }, rest);
}
