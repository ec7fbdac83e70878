import type { EmulatorContext } from './context';
import { GraphError } from './graph-errors';
import type { Partner } from './state';
import type { SyncSecret, SynchronizationError } from './sync-store';

/** Microsoft's code and message for a failed "Test connection" (cross-tenant-synchronization-configure.md). */
export const POLICY_CHECK_FAILURE = 'AzureDirectoryB2BManagementPolicyCheckFailure';
export const INVALID_CREDENTIALS_MESSAGE =
	'You appear to have entered invalid credentials. Please confirm you are using the correct information for an administrative account.';
/** The documented detail for missing automatic redemption (in the target or the source). */
export const AUTO_REDEMPTION_NOT_CONFIGURED = 'Policy permitting auto-redemption of invitations not configured.';

/** One thing that keeps the source from synchronizing into the target; `setting` names it (tenant role first). */
export interface PairProblem {
	tenant: 'source' | 'target';
	tenantId: string;
	setting: string;
	message: string;
}

/** What the emulator reads from a set of credentials (validateCredentials' credentials, or the saved secrets). */
export interface SyncCredentials {
	companyId?: string;
	authenticationType?: string;
}

export function credentialsFrom(pairs: SyncSecret[] | undefined): SyncCredentials {
	const value = (key: string) => pairs?.find((p) => p.key === key)?.value;
	return { companyId: value('CompanyId'), authenticationType: value('AuthenticationType') };
}

/** A partner the sync service can see: present, and past its replication lag (the partner side's replicationLagMs). */
function visiblePartner(ctx: EmulatorContext, owner: string, partnerId: string): Partner | undefined {
	const partner = ctx.store.get(owner, partnerId);
	if (!partner) return undefined;
	return partner.visibleAfter !== undefined && Date.now() < partner.visibleAfter ? undefined : partner;
}

function consent(partner: Partner, direction: 'inboundAllowed' | 'outboundAllowed'): boolean {
	const settings = partner.properties.automaticUserConsentSettings;
	return typeof settings === 'object' && settings !== null && (settings as Record<string, unknown>)[direction] === true;
}

function credentialProblems(source: string, credentials: SyncCredentials): PairProblem[] {
	const problems: PairProblem[] = [];
	if (!credentials.companyId) {
		problems.push({ tenant: 'target', tenantId: '', setting: 'credentials.CompanyId', message: 'The target tenant (credential CompanyId) is missing.' });
	}
	if (credentials.authenticationType !== 'SyncPolicy') {
		problems.push({
			tenant: 'source',
			tenantId: source,
			setting: 'credentials.AuthenticationType',
			message: `AuthenticationType must be SyncPolicy, got ${credentials.authenticationType === undefined ? 'none' : `'${credentials.authenticationType}'`}.`,
		});
	}
	return problems;
}

/** The target's three settings for the source: its partner entry, user sync allowed inbound, automatic redemption inbound. */
function targetProblems(ctx: EmulatorContext, source: string, target: string): PairProblem[] {
	const at = (setting: string, message: string): PairProblem => ({ tenant: 'target', tenantId: target, setting, message });
	if (ctx.directory.lookupTenant(target).kind !== 'found') return [at('targetTenant', `The target tenant ${target} was not found.`)];
	const partner = visiblePartner(ctx, target, source);
	if (!partner) {
		return [at('target.partner', `The target tenant ${target} has no cross-tenant access partner configuration for the source tenant ${source}.`)];
	}
	const problems: PairProblem[] = [];
	if (partner.identitySynchronization?.userSyncInbound?.isSyncAllowed !== true) {
		problems.push(
			at(
				'target.identitySynchronization.userSyncInbound.isSyncAllowed',
				`Policy permitting user synchronization from the source tenant not configured in the target tenant ${target} (identitySynchronization.userSyncInbound.isSyncAllowed).`,
			),
		);
	}
	if (!consent(partner, 'inboundAllowed')) {
		problems.push(
			at('target.automaticUserConsentSettings.inboundAllowed', `${AUTO_REDEMPTION_NOT_CONFIGURED} Target tenant ${target}: automaticUserConsentSettings.inboundAllowed.`),
		);
	}
	return problems;
}

/** The source's one setting for the target: automatic redemption outbound, on its partner entry for the target. */
function sourceProblems(ctx: EmulatorContext, source: string, target: string): PairProblem[] {
	const at = (setting: string, message: string): PairProblem => ({ tenant: 'source', tenantId: source, setting, message });
	const partner = visiblePartner(ctx, source, target);
	if (!partner) {
		return [at('source.partner', `${AUTO_REDEMPTION_NOT_CONFIGURED} The source tenant ${source} has no cross-tenant access partner configuration for the target tenant ${target}.`)];
	}
	if (!consent(partner, 'outboundAllowed')) {
		return [at('source.automaticUserConsentSettings.outboundAllowed', `${AUTO_REDEMPTION_NOT_CONFIGURED} Source tenant ${source}: automaticUserConsentSettings.outboundAllowed.`)];
	}
	return [];
}

/**
 * Everything that keeps `source` from synchronizing users into the target the credentials name, read from both
 * tenants' cross-tenant access policies as Microsoft's test connection does. Empty: the pair is ready.
 */
export function pairProblems(ctx: EmulatorContext, source: string, credentials: SyncCredentials): PairProblem[] {
	const problems = credentialProblems(source, credentials);
	const target = credentials.companyId?.toLowerCase();
	if (!target) return problems;
	const atTarget = targetProblems(ctx, source, target);
	// A tenant that does not exist is the whole story: nothing about it can be configured in the source either.
	if (atTarget.some((p) => p.setting === 'targetTenant')) return [...problems, ...atTarget];
	return [...problems, ...atTarget, ...sourceProblems(ctx, source, target)];
}

/** A failed validateCredentials, shaped by the readings (status; details as error.details or in the message). */
export function validationFailure(ctx: EmulatorContext, problems: PairProblem[]): GraphError {
	const { validateCredentialsFailureStatus: status, validateCredentialsFailureBody: body } = ctx.settings.syncReadings;
	if (body === 'text') return new GraphError(status, POLICY_CHECK_FAILURE, [INVALID_CREDENTIALS_MESSAGE, ...problems.map((p) => p.message)].join(' '));
	const details = problems.map((p) => ({ code: POLICY_CHECK_FAILURE, message: p.message, target: p.setting }));
	return new GraphError(status, POLICY_CHECK_FAILURE, INVALID_CREDENTIALS_MESSAGE, {}, details);
}

/** The same failure as a job reports it (lastExecution.error, quarantine.error). */
export function synchronizationError(problems: PairProblem[]): SynchronizationError {
	return { code: POLICY_CHECK_FAILURE, message: problems.map((p) => p.message).join(' '), tenantActionable: true };
}
