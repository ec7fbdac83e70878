import type { JsonObject } from './graph-body';
import { graphErrors } from './graph-errors';
import type { GraphCall, GraphResult, GraphRoute } from './graph-routes';
import { NO_CONTENT, contextUrl, jobNotFound, readKnownBody, requireJob, requireServicePrincipal, requireString } from './graph-sync-common';
import { newGuid, stableGuid } from './guid';
import { scheduleNextCycle } from './sync-cycles';
import { readOnDemandRequest, readResetScope, readSecretPairs } from './sync-job-body';
import { onDemandPair, provisionOnDemand } from './sync-on-demand';
import { SYNC_PERMISSIONS } from './sync-permissions';
import { jobResource, schemaResource } from './sync-resources';
import { NEVER, type SyncJob, type SyncServicePrincipal, newJobStatus } from './sync-store';
import { type SyncCredentials, credentialsFrom, pairProblems, validationFailure } from './sync-validation';

/** The only job template of the cross-tenant sync gallery app. */
export const JOB_TEMPLATE_ID = 'Azure2Azure';

const readSync = SYNC_PERMISSIONS.readSync;
const writeSync = SYNC_PERMISSIONS.writeSync;

function jobContext(call: GraphCall, sp: SyncServicePrincipal): string {
	return contextUrl(call, `servicePrincipals('${sp.id}')/synchronization/jobs/$entity`);
}

function checkTemplate(sp: SyncServicePrincipal, templateId: string): void {
	if (sp.applicationTemplateId === null || templateId !== JOB_TEMPLATE_ID) {
		throw graphErrors.badRequest(`The templateId '${templateId}' does not match any synchronization template of this application.`);
	}
}

/** Job ids look like Graph's: template, the tenant without dashes, a random part. */
function newJobId(tenantId: string): string {
	return `${JOB_TEMPLATE_ID}.${tenantId.replace(/-/g, '')}.${newGuid().replace(/-/g, '')}`;
}

export const jobs: GraphRoute = {
	name: 'synchronization.jobs',
	outsidePolicy: true,
	permissions: { GET: readSync, POST: writeSync },
	handlers: {
		GET: (call) => {
			const sp = requireServicePrincipal(call, jobs);
			return {
				status: 200,
				body: { '@odata.context': contextUrl(call, `servicePrincipals('${sp.id}')/synchronization/jobs`), value: call.ctx.sync.jobs(call.owner, sp.id).map(jobResource) },
			};
		},
		/** Created Disabled and Paused, as the cross-tenant guide shows (the reference example shows NotConfigured). */
		POST: (call) => {
			const sp = requireServicePrincipal(call, jobs);
			const templateId = requireString(readKnownBody(call, ['templateId'], 'synchronizationJob creation'), 'templateId');
			checkTemplate(sp, templateId);
			const id = newJobId(call.owner);
			const job: SyncJob = {
				id,
				servicePrincipalId: sp.id,
				templateId,
				ruleId: stableGuid('USER_INBOUND_USER', id),
				scheduleState: 'Disabled',
				status: newJobStatus(),
				hasCompletedCycle: false,
			};
			call.ctx.sync.addJob(call.owner, job);
			return { status: 201, body: { '@odata.context': jobContext(call, sp), ...jobResource(job) } };
		},
	},
};

export const job: GraphRoute = {
	name: 'synchronization.job',
	outsidePolicy: true,
	permissions: { GET: readSync, DELETE: writeSync },
	handlers: {
		GET: (call) => {
			const sp = requireServicePrincipal(call, job);
			return { status: 200, body: { '@odata.context': jobContext(call, sp), ...jobResource(requireJob(call, sp)) } };
		},
		/** The job and its state go; users it synchronized stay in the target. */
		DELETE: (call) => {
			const sp = requireServicePrincipal(call, job);
			call.ctx.sync.removeJob(call.owner, requireJob(call, sp).id);
			return NO_CONTENT;
		},
	},
};

export const jobSchema: GraphRoute = {
	name: 'synchronization.job.schema',
	outsidePolicy: true,
	permissions: { GET: readSync },
	handlers: {
		GET: (call) => {
			const sp = requireServicePrincipal(call, jobSchema);
			const found = requireJob(call, sp);
			const context = contextUrl(call, `servicePrincipals('${sp.id}')/synchronization/jobs('${found.id}')/schema/$entity`);
			return { status: 200, body: { '@odata.context': context, ...schemaResource(found) } };
		},
	},
};

/** An action on one job (start, pause, restart): resolves the job, applies `act`, answers 204. */
function jobAction(name: string, act: (call: GraphCall, job: SyncJob) => void, readBody = false): GraphRoute {
	const route: GraphRoute = {
		name: `synchronization.job.${name}`,
		outsidePolicy: true,
		permissions: { POST: writeSync },
		handlers: {
			POST: (call) => {
				const sp = requireServicePrincipal(call, route);
				const found = requireJob(call, sp);
				if (!readBody && call.request.rawBody.trim() !== '') readKnownBody(call, [], `the operation '${name}'`);
				act(call, found);
				return NO_CONTENT;
			},
		},
	};
	return route;
}

/**
 * What GET shows right after the first start, before any cycle ends (the guide's step 13): a failed execution
 * that never began, error code None.
 */
function notYetRunExecution(): SyncJob['status']['lastExecution'] {
	return {
		activityIdentifier: null,
		countEntitled: 0,
		countEntitledForProvisioning: 0,
		countEscrowed: 0,
		countEscrowedRaw: 0,
		countExported: 0,
		countExports: 0,
		countImported: 0,
		countImportedDeltas: 0,
		countImportedReferenceDeltas: 0,
		error: { code: 'None', message: '', tenantActionable: false },
		state: 'Failed',
		timeBegan: NEVER,
		timeEnded: NEVER,
	};
}

/** Schedule Active; quarantine lifted; NotRun until a first cycle completes, else Active. A running job is left alone. */
function startJob(call: GraphCall, found: SyncJob): void {
	if (found.scheduleState === 'Active' && found.status.quarantine === null) return;
	found.scheduleState = 'Active';
	found.status.quarantine = null;
	found.status.code = found.hasCompletedCycle ? 'Active' : 'NotRun';
	if (!found.hasCompletedCycle && found.status.lastExecution === null) {
		found.status.lastExecution = notYetRunExecution();
		found.status.troubleshootingUrl = '';
	}
	scheduleNextCycle(call.ctx, found, call.ctx.syncClock());
}

export const jobStart = jobAction('start', startJob);

/** Schedule and status Paused; the job's state (quarantine included) is kept. */
export const jobPause = jobAction('pause', (_call, found) => {
	found.scheduleState = 'Paused';
	found.status.code = 'Paused';
	found.nextCycleAt = undefined;
});

/** {criteria: {resetScope}}: QuarantineState lifts quarantine, Watermark re-runs the initial cycle (NotRun); the job runs again. */
export const jobRestart = jobAction(
	'restart',
	(call, found) => {
		const scopes = readResetScope(readKnownBody(call, ['criteria'], "the operation 'restart'", true));
		found.scheduleState = 'Active';
		if (scopes.has('QuarantineState') || scopes.has('None')) found.status.quarantine = null;
		const initialCycle = scopes.has('Watermark') || !found.hasCompletedCycle;
		found.status.code = found.status.quarantine ? 'Quarantine' : initialCycle ? 'NotRun' : 'Active';
		scheduleNextCycle(call.ctx, found, call.ctx.syncClock());
	},
	true,
);

/** The credentials to check: the request's, or the saved secrets when useSavedCredentials is true. */
function credentialsToValidate(call: GraphCall, sp: SyncServicePrincipal, body: JsonObject): SyncCredentials {
	const { useSavedCredentials } = body;
	if (useSavedCredentials !== undefined && typeof useSavedCredentials !== 'boolean') {
		throw graphErrors.badRequest("Cannot convert the literal 'useSavedCredentials' to the expected type 'Edm.Boolean'.");
	}
	if (useSavedCredentials === true) return credentialsFrom(call.ctx.sync.secrets(call.owner, sp.id));
	return credentialsFrom(body.credentials === undefined ? [] : readSecretPairs(body.credentials, 'credentials'));
}

/**
 * Test connection: 204 when the target allows user sync from the source and redeems its invitations automatically,
 * and the source redeems them outbound; else AzureDirectoryB2BManagementPolicyCheckFailure naming what is missing.
 */
function validate(call: GraphCall, sp: SyncServicePrincipal, templateId: string | undefined, body: JsonObject): GraphResult {
	if (templateId !== undefined) checkTemplate(sp, templateId);
	const problems = pairProblems(call.ctx, call.owner, credentialsToValidate(call, sp, body));
	if (problems.length > 0) throw validationFailure(call.ctx, problems);
	return NO_CONTENT;
}

const VALIDATE_PARAMETERS = ['useSavedCredentials', 'templateId', 'credentials'];

function optionalTemplateId(body: JsonObject): string | undefined {
	if (body.templateId === undefined) return undefined;
	if (typeof body.templateId !== 'string') throw graphErrors.badRequest("The property 'templateId' must be a string.");
	return body.templateId;
}

/** The guide's form, without a job: POST …/synchronization/jobs/validateCredentials with templateId. */
export const jobsValidateCredentials: GraphRoute = {
	name: 'synchronization.jobs.validateCredentials',
	outsidePolicy: true,
	permissions: { GET: readSync, POST: writeSync },
	handlers: {
		// Where this form is not Graph's (reading 'job'), the segment names a job that does not exist.
		GET: (call) => {
			requireServicePrincipal(call, jobsValidateCredentials);
			throw jobNotFound('validateCredentials');
		},
		POST: (call) => {
			const sp = requireServicePrincipal(call, jobsValidateCredentials);
			if (call.ctx.settings.syncReadings.validateCredentialsUrl === 'job') throw jobNotFound('validateCredentials');
			const body = readKnownBody(call, VALIDATE_PARAMETERS, "the operation 'validateCredentials'");
			const templateId = optionalTemplateId(body);
			if (templateId === undefined) throw graphErrors.badRequest("The property 'templateId' is required to validate credentials without a job.");
			return validate(call, sp, templateId, body);
		},
	},
};

/** The reference's form: POST …/synchronization/jobs/{jobId}/validateCredentials (templateId optional: the job has one). */
export const jobValidateCredentials: GraphRoute = {
	name: 'synchronization.job.validateCredentials',
	outsidePolicy: true,
	permissions: { POST: writeSync },
	handlers: {
		POST: (call) => {
			if (call.ctx.settings.syncReadings.validateCredentialsUrl === 'jobs') throw graphErrors.segmentNotFound('validateCredentials');
			const sp = requireServicePrincipal(call, jobValidateCredentials);
			const found = requireJob(call, sp);
			const body = readKnownBody(call, VALIDATE_PARAMETERS, "the operation 'validateCredentials'");
			const templateId = optionalTemplateId(body);
			if (templateId !== undefined && templateId !== found.templateId) checkTemplate(sp, templateId);
			return validate(call, sp, undefined, body);
		},
	},
};

/** The rate limit's keys: per job and per calling app and tenant; the reading provisionOnDemandRateScope picks the one checked. */
function onDemandKeys(call: GraphCall, found: SyncJob): { checked: string; counted: string[] } {
	const job = `job|${call.owner}|${found.servicePrincipalId}|${found.id}`;
	const app = `app|${call.claims.appid.toLowerCase()}|${call.owner}`;
	return call.ctx.settings.syncReadings.provisionOnDemandRateScope === 'job' ? { checked: job, counted: [app] } : { checked: app, counted: [job] };
}

/**
 * POST …/jobs/{jobId}/provisionOnDemand: one user now, 200 with Graph's {key, value} (where the result sits is a
 * reading). Past 5 calls in 10 s: 429 with Retry-After, nothing provisioned. Groups: 400 (unsupported for
 * cross-tenant sync, provision-on-demand.md).
 */
export const jobProvisionOnDemand: GraphRoute = {
	name: 'synchronization.job.provisionOnDemand',
	outsidePolicy: true,
	permissions: { POST: writeSync },
	handlers: {
		POST: (call) => {
			const sp = requireServicePrincipal(call, jobProvisionOnDemand);
			const found = requireJob(call, sp);
			const now = call.ctx.syncClock();
			const { checked, counted } = onDemandKeys(call, found);
			const retryAfter = call.ctx.onDemandLimiter.take(checked, counted, now, call.ctx.settings.provisionOnDemandRateLimit);
			if (retryAfter !== undefined) throw graphErrors.throttled(retryAfter);
			const request = readOnDemandRequest(readKnownBody(call, ['parameters'], "the operation 'provisionOnDemand'"));
			if (request.ruleId.toLowerCase() !== found.ruleId) throw graphErrors.badRequest(`The synchronization rule '${request.ruleId}' is not a rule of this job's schema.`);
			if (request.objectTypeName.toLowerCase() === 'group') throw graphErrors.badRequest('Provisioning groups on demand is not supported for this application.');
			if (request.objectTypeName.toLowerCase() !== 'user') throw graphErrors.badRequest(`The object type '${request.objectTypeName}' cannot be provisioned on demand.`);
			const outcome = provisionOnDemand(call.ctx, call.owner, found, request.objectId, now);
			return { status: 200, body: { '@odata.context': contextUrl(call, 'microsoft.graph.stringKeyStringValuePair'), ...onDemandPair(call.ctx, outcome, now) } };
		},
	},
};

/**
 * PUT …/synchronization/secrets {value: [{key, value}]}: 204; replaces what was saved. Graph documents no way to read
 * secrets back, so there is no GET (405): state dumps show the keys only.
 */
export const secrets: GraphRoute = {
	name: 'synchronization.secrets',
	outsidePolicy: true,
	permissions: { PUT: writeSync },
	handlers: {
		PUT: (call) => {
			const sp = requireServicePrincipal(call, secrets);
			const body = readKnownBody(call, ['value'], 'synchronization secrets');
			if (body.value === undefined) throw graphErrors.badRequest("The property 'value' is required.");
			const pairs = readSecretPairs(body.value, 'value');
			// A key given twice keeps its last value.
			const byKey = new Map(pairs.map((pair) => [pair.key, pair]));
			call.ctx.sync.setSecrets(call.owner, sp.id, [...byKey.values()]);
			return NO_CONTENT;
		},
	},
};
