import type { EmulatorContext } from './context';
import type { DirectoryUser } from './directory-objects';
import { newGuid } from './guid';
import { type ScopeVerdict, provisionUser, scopeOf } from './sync-provisioning';
import type { SyncJob } from './sync-store';
import { POLICY_CHECK_FAILURE, credentialsFrom, pairProblems } from './sync-validation';
import type { ProvisionOnDemandRateLimit } from './types';

/** The key of the cross-tenant guide's answer (reading provisionOnDemandResult 'value'). */
export const STATUS_INFO_TYPE = 'Microsoft.Identity.Health.CPP.Common.DataContracts.SyncFabric.StatusInfo';

export const DEFAULT_ON_DEMAND_RATE_LIMIT: ProvisionOnDemandRateLimit = { requests: 5, windowMs: 10_000 };

export function checkOnDemandRateLimit(limit: ProvisionOnDemandRateLimit | undefined): ProvisionOnDemandRateLimit {
	if (limit === undefined) return { ...DEFAULT_ON_DEMAND_RATE_LIMIT };
	const { requests, windowMs } = limit;
	if (!Number.isInteger(requests) || requests < 1 || !Number.isFinite(windowMs) || windowMs <= 0) {
		throw new Error(`Invalid provisionOnDemandRateLimit: requests must be an integer >= 1 and windowMs > 0, got ${JSON.stringify(limit)}.`);
	}
	return { requests, windowMs };
}

/**
 * provisionOnDemand's documented limit (5 requests per 10 seconds) as a sliding window of admitted calls. Each call
 * is counted under every key that could scope the limit (its job, its app); the reading picks the key checked, so
 * switching the reading mid-test keeps what was counted.
 */
export class OnDemandLimiter {
	private calls = new Map<string, number[]>();

	/** Admits a call (undefined) or answers the whole seconds until the oldest call in the window leaves it (>= 1). */
	take(checked: string, counted: readonly string[], now: number, limit: ProvisionOnDemandRateLimit): number | undefined {
		const recent = this.recent(checked, now, limit);
		if (recent.length >= limit.requests) return Math.max(1, Math.ceil((recent[0] + limit.windowMs - now) / 1000));
		for (const key of new Set([checked, ...counted])) this.recent(key, now, limit).push(now);
		return undefined;
	}

	clear(): void {
		this.calls.clear();
	}

	private recent(key: string, now: number, limit: ProvisionOnDemandRateLimit): number[] {
		const recent = (this.calls.get(key) ?? []).filter((at) => at > now - limit.windowMs);
		this.calls.set(key, recent);
		return recent;
	}
}

interface Step {
	name: string;
	type: 'Import' | 'Scoping' | 'Matching' | 'Export';
	status: 'Success' | 'Skipped' | 'Failed';
	description: string;
	timestamp: string;
	details: Record<string, string>;
}

export interface OnDemandOutcome {
	status: 'Success' | 'Skipped' | 'Failed';
	action: 'Create' | 'Update' | 'Other';
	errorCode: string | null;
	errorMessage: string | null;
	steps: Step[];
	source?: DirectoryUser;
	target?: DirectoryUser;
}

const SKIP_MESSAGES: Record<NonNullable<ScopeVerdict['reason']>, [string, string]> = {
	NotAssigned: ['NotEffectivelyEntitled', 'The user is not assigned to the configuration, directly or as a direct member of an assigned group.'],
	Guest: ['NotInternalMember', 'The user is a guest (userType Guest): cross-tenant synchronization provisions internal members only.'],
	External: ['NotInternalMember', 'The user is an external member: cross-tenant synchronization provisions internal members only.'],
	Disabled: ['NotActive', 'The user is disabled in the source tenant.'],
};

function importStep(user: DirectoryUser, at: string): Step {
	return {
		name: 'EntryImport',
		type: 'Import',
		status: 'Success',
		description: `Retrieved User '${user.userPrincipalName}' from Azure Active Directory`,
		timestamp: at,
		details: {
			objectId: user.id,
			accountEnabled: user.accountEnabled ? 'True' : 'False',
			displayName: user.displayName,
			mailNickname: user.userPrincipalName.split('@')[0],
			userPrincipalName: user.userPrincipalName,
			userType: user.userType,
		},
	};
}

function scopingStep(verdict: ScopeVerdict, user: DirectoryUser, at: string): Step {
	return {
		name: 'EntrySynchronizationScoping',
		type: 'Scoping',
		status: verdict.inScope ? 'Success' : 'Skipped',
		description: 'Determine if User in scope by evaluating against each scoping filter',
		timestamp: at,
		details: {
			'Active in the source system': user.accountEnabled ? 'True' : 'False',
			'Assigned to the application': verdict.assigned ? 'True' : 'False',
			'User has the required role': verdict.assigned ? 'True' : 'False',
			'Scoping filter evaluation passed': user.userType === 'Member' && user.externalUserState === null ? 'True' : 'False',
		},
	};
}

const failed = (errorCode: string, errorMessage: string, steps: Step[], source?: DirectoryUser): OnDemandOutcome => ({
	status: 'Failed',
	action: 'Other',
	errorCode,
	errorMessage,
	steps,
	source,
});

/**
 * Provisions one source user now, as a cycle would (provisionOnDemand): checks the pair, then the user's scope,
 * then creates or updates the target user. Never throws for the user's state: the result says why.
 */
export function provisionOnDemand(ctx: EmulatorContext, tenantId: string, job: SyncJob, objectId: string, atMs: number): OnDemandOutcome {
	const at = new Date(atMs).toISOString();
	const source = ctx.directoryObjects.user(tenantId, objectId);
	if (!source) return failed('SourceObjectNotFound', `No user with object id '${objectId}' was found in Azure Active Directory.`, []);
	const credentials = credentialsFrom(ctx.sync.secrets(tenantId, job.servicePrincipalId));
	const problems = pairProblems(ctx, tenantId, credentials);
	const imported = importStep(source, at);
	if (problems.length > 0) {
		const message = problems.map((p) => p.message).join(' ');
		const step: Step = { name: 'EntryExportAdd', type: 'Export', status: 'Failed', description: message, timestamp: at, details: { ErrorCode: POLICY_CHECK_FAILURE } };
		return failed(POLICY_CHECK_FAILURE, message, [imported, step], source);
	}
	const verdict = scopeOf(ctx, tenantId, job.servicePrincipalId, source);
	const scoping = scopingStep(verdict, source, at);
	if (!verdict.inScope) {
		const [errorCode, errorMessage] = SKIP_MESSAGES[verdict.reason ?? 'NotAssigned'];
		return { status: 'Skipped', action: 'Other', errorCode, errorMessage, steps: [imported, scoping], source };
	}
	const target = (credentials.companyId ?? '').toLowerCase();
	const outcome = provisionUser(ctx, { sourceTenantId: tenantId, targetTenantId: target, servicePrincipalId: job.servicePrincipalId, job, at }, source);
	const upn = outcome.user.userPrincipalName;
	if (outcome.action === 'None') {
		const description = `The state of the user in both the source and target systems already match. No change to the User '${upn}' currently needs to be made.`;
		const skip: Step = { name: 'EntrySynchronizationSkip', type: 'Export', status: 'Skipped', description, timestamp: at, details: { SkipReason: 'RedundantExport' } };
		return { status: 'Skipped', action: 'Other', errorCode: 'RedundantExport', errorMessage: 'The state of the user in both the source and target systems already match.', steps: [imported, scoping, skip], source, target: outcome.user };
	}
	const created = outcome.action === 'Create';
	const exportStep: Step = {
		name: created ? 'EntryExportAdd' : 'EntryExportUpdate',
		type: 'Export',
		status: 'Success',
		description: `User '${upn}' was ${created ? 'created' : 'updated'} in Azure Active Directory (target tenant)`,
		timestamp: at,
		details: { TargetObjectId: outcome.user.id },
	};
	return { status: 'Success', action: outcome.action, errorCode: null, errorMessage: null, steps: [imported, scoping, exportStep], source, target: outcome.user };
}

/** The result object: provisioning steps and statusInfo, with the identities, as the reference example shows. */
function resultObject(outcome: OnDemandOutcome, at: string): Record<string, unknown> {
	return {
		action: outcome.action,
		changeId: newGuid(),
		endTime: at,
		provisioningSteps: outcome.steps,
		reportableIdentifier: outcome.source?.userPrincipalName ?? null,
		startTime: at,
		statusInfo: { status: outcome.status, errorCode: outcome.errorCode, reason: outcome.errorMessage, additionalDetails: null, errorCategory: null, recommendedAction: null },
		sourceIdentity: { id: outcome.source?.id ?? null, type: 'User', displayName: outcome.source?.displayName ?? null, details: null },
		sourceSystem: { id: null, name: 'Azure Active Directory', details: null },
		targetIdentity: { id: outcome.target?.id ?? null, type: 'User', displayName: outcome.target?.displayName ?? null, details: null },
		targetSystem: { id: null, name: 'Azure Active Directory (target tenant)', details: null },
	};
}

/** Graph's stringKeyStringValuePair, the result placed as the reading provisionOnDemandResult says. */
export function onDemandPair(ctx: EmulatorContext, outcome: OnDemandOutcome, atMs: number): { key: string; value: string } {
	const result = resultObject(outcome, new Date(atMs).toISOString());
	if (ctx.settings.syncReadings.provisionOnDemandResult === 'value') return { key: STATUS_INFO_TYPE, value: JSON.stringify([result]) };
	const details = outcome.errorCode === null ? {} : { errorCode: outcome.errorCode, errorMessage: outcome.errorMessage };
	return { key: JSON.stringify({ result: outcome.status, details }), value: JSON.stringify(result) };
}
