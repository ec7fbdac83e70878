import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { optionsCollection } from '../../descriptions/requestOptions';
import { isNotFound } from '../../errors/graphFailure';
import { applicationPath, configurationsPath, INSTANTIATE_PATH, servicePrincipalPath, syncJobPath, syncJobsPath, syncSecretsPath } from '../../transport/graphPaths';
import { successOutput } from '../outputs';
import { MAX_DISPLAY_NAME_LENGTH, ParameterReader } from '../parameters';
import { forTenant, readTenantRef } from '../partnerRef';
import type { GraphCall, GraphFailure, GraphReply, ItemPlan, PlanEnvironment, PlanStep, StepOutcome } from '../../plan';
import { withoutODataAnnotations } from '../../plan';
import { configurationOf } from './configurationRef';
import { JOB_TEMPLATE_ID, jobSummary, withJob } from './syncJob';

/*
 * Sync Configuration → Create, in the source tenant (Microsoft's "Configure cross-tenant synchronization using
 * Microsoft Graph", steps 6–13):
 *
 *   GET configurations named so ─one→ (If Exists: Use Existing) its job → done
 *     └none→ POST instantiate → GET service principal (until replicated) → POST jobs/validateCredentials
 *            → POST jobs → [POST jobs/{id}/validateCredentials, where Graph serves only that form]
 *            → PUT secrets → [POST start → GET job] → done
 *
 * What fails after instantiate and before the secrets are saved deletes the application again (its service principal
 * and job go with it), so a failed item never leaves a half-made configuration behind.
 */

const properties: INodeProperties[] = [
	{
		displayName: 'Display Name',
		name: 'displayName',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'Fabrikam',
		description: "Name of the configuration (its application in this tenant), usually the target organization's name",
	},
	{
		displayName: 'Target Tenant',
		name: 'targetTenantId',
		type: 'string',
		default: '',
		required: true,
		placeholder: '72f988bf-0000-4000-8000-000000000001 or contoso.com',
		description: 'The tenant users are synchronized into: its tenant ID GUID or a verified domain',
	},
	optionsCollection([
		{
			displayName: 'Dry Run',
			name: 'dryRun',
			type: 'boolean',
			default: false,
			description: 'Whether to only look for an existing configuration and output the requests that would be sent, without writing anything',
		},
		{
			displayName: 'If Exists',
			name: 'ifExists',
			type: 'options',
			options: [
				{ name: 'Error', value: 'error', description: 'Fail the item when a configuration with this display name exists' },
				{ name: 'Use Existing', value: 'useExisting', description: 'Output the existing configuration; nothing is created' },
			],
			default: 'error',
		},
		{
			displayName: 'Start Job',
			name: 'startJob',
			type: 'boolean',
			default: false,
			description: 'Whether to start the provisioning job once it is configured (assign users or groups first, or it has nobody to synchronize)',
		},
	]),
];

export const description = updateDisplayOptions({ show: { resource: ['syncConfiguration'], operation: ['create'] } }, properties);

/** The service principal of a new application can be unreadable for a while (undocumented): read again on this schedule. */
const REPLICATION_RETRY_DELAYS_MS = [500, 1000, 2000, 4000, 8000];

/** Graph's test connection failure: something the pair needs is not configured in one of the two tenants. */
const POLICY_CHECK_FAILURE = 'AzureDirectoryB2BManagementPolicyCheckFailure';

interface Choices {
	displayName: string;
	ifExists: 'error' | 'useExisting';
	startJob: boolean;
	dryRun: boolean;
}

interface Created {
	configurationId: string;
	applicationId: string;
	appId: string;
}

const credentialsFor = (targetTenantId: string) => [
	{ key: 'CompanyId', value: targetTenantId },
	{ key: 'AuthenticationType', value: 'SyncPolicy' },
];

/** The guide's secrets: the target, sign-in by the cross-tenant policy, no notification mails, only assigned users in scope. */
const secretsFor = (targetTenantId: string) => [
	...credentialsFor(targetTenantId),
	{ key: 'SyncNotificationSettings', value: JSON.stringify({ Enabled: false, DeleteThresholdEnabled: false, HumanResourcesLookaheadQueryEnabled: false }) },
	{ key: 'SyncAll', value: 'false' },
];

const validateBody = (targetTenantId: string): IDataObject => ({ useSavedCredentials: false, templateId: JOB_TEMPLATE_ID, credentials: credentialsFor(targetTenantId) });

export function plan(ctx: IExecuteFunctions, itemIndex: number, env: PlanEnvironment): ItemPlan {
	const params = new ParameterReader(ctx, itemIndex);
	const displayName = params.text('displayName', 'Display Name', { maxLength: MAX_DISPLAY_NAME_LENGTH });
	if (displayName === undefined || displayName.trim() === '') throw params.invalid('displayName', 'Display Name is required');
	const target = readTenantRef(params, 'targetTenantId', 'Target Tenant');
	const choices: Choices = {
		displayName,
		ifExists: params.choice('options.ifExists', 'If Exists', ['error', 'useExisting'], 'error'),
		startJob: params.boolean('options.startJob', 'Start Job', false),
		dryRun: params.boolean('options.dryRun', 'Dry Run', false),
	};
	return {
		itemIndex,
		operation: 'create',
		// Items creating the same name run one after another: the second finds the first's configuration.
		subject: `configuration "${displayName}"`,
		subjectField: 'displayName',
		subjectId: displayName,
		start: forTenant(target, (targetTenantId) => ({ next: findExisting(choices, targetTenantId, env) })),
	};
}

function findExisting(choices: Choices, targetTenantId: string, env: PlanEnvironment): PlanStep {
	return {
		call: { method: 'GET', path: `${configurationsPath(choices.displayName)}&$select=id,displayName,appId`, list: true },
		onSuccess: (reply) => {
			const named = ((reply.body as { value: unknown[] }).value ?? []).map(configurationOf).filter((c) => c.displayName === choices.displayName);
			if (named.length > 1) throw new Error(`${named.length} cross-tenant sync configurations are named "${choices.displayName}" already; pick another name`);
			const [existing] = named;
			if (existing && choices.ifExists === 'error') {
				throw new Error(`A cross-tenant sync configuration named "${choices.displayName}" exists already (${String(existing.configurationId)}); set If Exists to Use Existing, or pick another name`);
			}
			if (existing) {
				const configurationId = String(existing.configurationId);
				return { next: withJob(configurationId, (job) => ({ output: { success: true, operation: 'create', action: 'existing', changed: false, ...existing, targetTenantId, ...jobFields(job) } })) };
			}
			if (choices.dryRun) return { output: dryRunOutput(choices, targetTenantId, env, reply) };
			return { next: instantiate(choices, targetTenantId) };
		},
	};
}

const jobFields = (job: IDataObject): IDataObject => {
	const { jobId, jobStatus } = jobSummary(job);
	return { jobId, jobStatus };
};

function dryRunOutput(choices: Choices, targetTenantId: string, env: PlanEnvironment, reply: GraphReply): IDataObject {
	const sp = '{servicePrincipalId}';
	const calls: GraphCall[] = [
		{ method: 'POST', path: INSTANTIATE_PATH, body: { displayName: choices.displayName } },
		{ method: 'POST', path: `${syncJobsPath(sp)}/validateCredentials`, body: validateBody(targetTenantId) },
		{ method: 'POST', path: syncJobsPath(sp), body: { templateId: JOB_TEMPLATE_ID } },
		{ method: 'PUT', path: syncSecretsPath(sp), body: { value: secretsFor(targetTenantId) } },
		...(choices.startJob ? [{ method: 'POST' as const, path: `${syncJobsPath(sp)}/{jobId}/start`, body: {} }] : []),
	];
	return {
		success: true,
		dryRun: true,
		operation: 'create',
		action: 'created',
		changed: true,
		displayName: choices.displayName,
		targetTenantId,
		requests: calls.map((call) => ({ method: call.method, url: env.urlOf(call), body: call.body })),
		requestId: reply.requestId,
	};
}

function instantiate(choices: Choices, targetTenantId: string): PlanStep {
	return {
		call: { method: 'POST', path: INSTANTIATE_PATH, body: { displayName: choices.displayName } },
		onSuccess: (reply) => {
			const body = withoutODataAnnotations(reply.body);
			const application = withoutODataAnnotations(body.application);
			const servicePrincipal = withoutODataAnnotations(body.servicePrincipal);
			if (typeof application.id !== 'string' || typeof servicePrincipal.id !== 'string') throw new Error('Graph answered the instantiate request without the application and its service principal');
			const created: Created = { configurationId: servicePrincipal.id, applicationId: application.id, appId: String(application.appId ?? servicePrincipal.appId ?? '') };
			return { next: awaitReplication(choices, targetTenantId, created, 0) };
		},
	};
}

/** Deletes what this item created, then fails with the failure that stopped it. */
function undo(created: Created, failure: GraphFailure, during: GraphCall): StepOutcome {
	const deleted = `The configuration this item had created (application ${created.applicationId}) was deleted again: nothing half-made is left.`;
	return {
		next: {
			call: { method: 'DELETE', path: applicationPath(created.applicationId) },
			onSuccess: () => ({ failed: failure, during, note: deleted }),
			onFailure: (cleanup) => ({
				failed: failure,
				during,
				note: `The configuration this item had created (application ${created.applicationId}) could not be deleted again (${cleanup.code}): delete it in the Entra admin center (App registrations) before running the item again.`,
			}),
		},
	};
}

/** Every failure of a step between instantiate and the saved secrets puts things back. */
function undoing(created: Created, step: PlanStep): PlanStep {
	return {
		...step,
		onFailure: (failure) => step.onFailure?.(failure) ?? undo(created, failure, step.call),
	};
}

function awaitReplication(choices: Choices, targetTenantId: string, created: Created, attempt: number): PlanStep {
	const call: GraphCall = { method: 'GET', path: `${servicePrincipalPath(created.configurationId)}?$select=id` };
	return undoing(created, {
		call,
		onSuccess: () => ({ next: validate(choices, targetTenantId, created) }),
		onFailure: (failure) =>
			isNotFound(failure) && attempt < REPLICATION_RETRY_DELAYS_MS.length
				? { next: awaitReplication(choices, targetTenantId, created, attempt + 1), delayMs: REPLICATION_RETRY_DELAYS_MS[attempt] }
				: undefined,
	});
}

/**
 * Test connection, as the guide sends it (before the job exists). Microsoft's reference documents another URL
 * (…/jobs/{jobId}/validateCredentials): where Graph does not serve the guide's, the test runs once the job exists.
 */
function validate(choices: Choices, targetTenantId: string, created: Created): PlanStep {
	return undoing(created, {
		call: { method: 'POST', path: `${syncJobsPath(created.configurationId)}/validateCredentials`, body: validateBody(targetTenantId) },
		onSuccess: () => ({ next: createJob(choices, targetTenantId, created, true) }),
		onFailure: (failure) => (failure.code !== POLICY_CHECK_FAILURE && [400, 404, 405].includes(failure.statusCode) ? { next: createJob(choices, targetTenantId, created, false) } : undefined),
	});
}

function createJob(choices: Choices, targetTenantId: string, created: Created, validated: boolean): PlanStep {
	return undoing(created, {
		call: { method: 'POST', path: syncJobsPath(created.configurationId), body: { templateId: JOB_TEMPLATE_ID } },
		onSuccess: (reply) => {
			const job = withoutODataAnnotations(reply.body);
			if (typeof job.id !== 'string') throw new Error('Graph answered the job request without the job');
			return { next: validated ? saveSecrets(choices, targetTenantId, created, job) : validateJob(choices, targetTenantId, created, job) };
		},
	});
}

function validateJob(choices: Choices, targetTenantId: string, created: Created, job: IDataObject): PlanStep {
	return undoing(created, {
		call: { method: 'POST', path: `${syncJobPath(created.configurationId, String(job.id))}/validateCredentials`, body: validateBody(targetTenantId) },
		onSuccess: () => ({ next: saveSecrets(choices, targetTenantId, created, job) }),
	});
}

function saveSecrets(choices: Choices, targetTenantId: string, created: Created, job: IDataObject): PlanStep {
	return undoing(created, {
		call: { method: 'PUT', path: syncSecretsPath(created.configurationId), body: { value: secretsFor(targetTenantId) } },
		onSuccess: (reply) => (choices.startJob ? { next: startJob(choices, targetTenantId, created, job) } : { output: createdOutput(choices, targetTenantId, created, job, reply) }),
	});
}

/** The configuration is complete: a failure to start it fails the item but keeps the configuration (Start can follow). */
function startJob(choices: Choices, targetTenantId: string, created: Created, job: IDataObject): PlanStep {
	const jobPath = syncJobPath(created.configurationId, String(job.id));
	return {
		call: { method: 'POST', path: `${jobPath}/start`, body: {} },
		onSuccess: (started) => ({
			next: {
				call: { method: 'GET', path: jobPath },
				onSuccess: (read) => ({ output: createdOutput(choices, targetTenantId, created, withoutODataAnnotations(read.body), started) }),
			},
		}),
		onFailure: (failure) => ({
			failed: failure,
			during: { method: 'POST', path: `${jobPath}/start` },
			note: `The configuration ${created.configurationId} was created and configured, but its job did not start: run Sync Configuration → Start for it.`,
		}),
	};
}

function createdOutput(choices: Choices, targetTenantId: string, created: Created, job: IDataObject, reply: GraphReply): IDataObject {
	return successOutput('create', {}, reply, { action: 'created', ...created, displayName: choices.displayName, targetTenantId, ...jobFields(job) });
}
