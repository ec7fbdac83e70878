import { ADATUM, APPS, CONTOSO, CROSS_TENANT_SYNC_TEMPLATE_ID, PARTNERS_PATH, SYNC_PATH, graphCall, secretForm, tokenFor, tokenRequest } from './test-client';
import type { GraphEmulator } from './types';

/** Paths and helpers of the source side of cross-tenant sync, for the emulator's sync-*.test.ts. */
export const INSTANTIATE_PATH = `/v1.0/applicationTemplates/${CROSS_TENANT_SYNC_TEMPLATE_ID}/instantiate`;
export const SP_PATH = (spId: string) => `/v1.0/servicePrincipals/${spId}`;
export const JOBS_PATH = (spId: string) => `${SP_PATH(spId)}/synchronization/jobs`;
export const JOB_PATH = (spId: string, jobId: string) => `${JOBS_PATH(spId)}/${jobId}`;
export const SECRETS_PATH = (spId: string) => `${SP_PATH(spId)}/synchronization/secrets`;
export const ASSIGNMENTS_PATH = (spId: string) => `${SP_PATH(spId)}/appRoleAssignedTo`;

/** The guide's validateCredentials body for a target tenant. */
export const validateBody = (target: string) => ({
	useSavedCredentials: false,
	templateId: 'Azure2Azure',
	credentials: [
		{ key: 'CompanyId', value: target },
		{ key: 'AuthenticationType', value: 'SyncPolicy' },
	],
});

/** The guide's four secrets for a target tenant. */
export const secretsBody = (target: string) => ({
	value: [
		{ key: 'AuthenticationType', value: 'SyncPolicy' },
		{ key: 'CompanyId', value: target },
		{ key: 'SyncNotificationSettings', value: '{"Enabled":false,"DeleteThresholdEnabled":false,"HumanResourcesLookaheadQueryEnabled":false}' },
		{ key: 'SyncAll', value: 'false' },
	],
});

/** A clock the test moves: the emulator's syncClock. */
export class TestClock {
	now = Date.parse('2026-03-02T08:00:00Z');

	readonly read = () => this.now;

	advance(ms: number): void {
		this.now += ms;
	}
}

export interface PairTokens {
	/** Contoso's writer (the target's policy). */
	target: string;
	/** Adatum's writer (the source's policy and its sync configuration). */
	source: string;
}

/** A token of one of Adatum's apps (registered in the source tenant). */
export async function sourceTokenFor(emulator: GraphEmulator, app: { clientId: string; secret: string } = APPS.adatumWriter): Promise<string> {
	const answer = await tokenRequest(emulator, secretForm(emulator, app), ADATUM);
	if (answer.status !== 200) throw new Error(`token request failed: ${answer.text}`);
	return answer.json<{ access_token: string }>().access_token;
}

export async function pairTokens(emulator: GraphEmulator): Promise<PairTokens> {
	const [target, source] = await Promise.all([tokenFor(emulator, APPS.writer), sourceTokenFor(emulator)]);
	return { target, source };
}

export interface PairSettings {
	/** The target's partner entry for the source (default true). */
	targetPartner?: boolean;
	/** identitySynchronization.userSyncInbound.isSyncAllowed in the target (undefined: no sync policy; default true). */
	syncAllowed?: boolean | undefined;
	/** automaticUserConsentSettings.inboundAllowed in the target (default true). */
	inboundAllowed?: boolean;
	/** The source's partner entry for the target (default true). */
	sourcePartner?: boolean;
	/** automaticUserConsentSettings.outboundAllowed in the source (default true). */
	outboundAllowed?: boolean;
}

async function expectStatus(answer: Promise<{ status: number; text: string }>, status: number, what: string): Promise<void> {
	const reply = await answer;
	if (reply.status !== status) throw new Error(`${what}: ${reply.status} ${reply.text}`);
}

/**
 * Both tenants' policies through Graph, as the node's target and source steps set them: Contoso (target) partners
 * Adatum (source) with user sync allowed and inbound redemption; Adatum partners Contoso with outbound redemption.
 */
export async function configurePair(emulator: GraphEmulator, tokens: PairTokens, settings: PairSettings = {}): Promise<void> {
	const { targetPartner = true, inboundAllowed = true, sourcePartner = true, outboundAllowed = true } = settings;
	const syncAllowed = 'syncAllowed' in settings ? settings.syncAllowed : true;
	if (targetPartner) {
		await expectStatus(graphCall(emulator, tokens.target, 'POST', PARTNERS_PATH, { tenantId: ADATUM, automaticUserConsentSettings: { inboundAllowed, outboundAllowed: false } }), 201, 'target partner');
		if (syncAllowed !== undefined) {
			await expectStatus(graphCall(emulator, tokens.target, 'PUT', SYNC_PATH(ADATUM), { userSyncInbound: { isSyncAllowed: syncAllowed } }), 204, 'target sync policy');
		}
	}
	if (sourcePartner) {
		await expectStatus(graphCall(emulator, tokens.source, 'POST', PARTNERS_PATH, { tenantId: CONTOSO, automaticUserConsentSettings: { inboundAllowed: false, outboundAllowed } }), 201, 'source partner');
	}
}

export interface Configuration {
	applicationId: string;
	appId: string;
	servicePrincipalId: string;
	appRoleId: string;
	jobId: string;
}

/** Instantiate, create the Azure2Azure job and (unless told not to) save the guide's secrets for Contoso. */
export async function createConfiguration(emulator: GraphEmulator, token: string, options: { displayName?: string; secrets?: boolean } = {}): Promise<Configuration> {
	const created = await graphCall(emulator, token, 'POST', INSTANTIATE_PATH, { displayName: options.displayName ?? 'Contoso' });
	if (created.status !== 201) throw new Error(`instantiate: ${created.status} ${created.text}`);
	const { application, servicePrincipal } = created.json<{
		application: { id: string; appId: string };
		servicePrincipal: { id: string; appRoles: Array<{ id: string }> };
	}>();
	const job = await graphCall(emulator, token, 'POST', JOBS_PATH(servicePrincipal.id), { templateId: 'Azure2Azure' });
	if (job.status !== 201) throw new Error(`create job: ${job.status} ${job.text}`);
	if (options.secrets !== false) await expectStatus(graphCall(emulator, token, 'PUT', SECRETS_PATH(servicePrincipal.id), secretsBody(CONTOSO)), 204, 'secrets');
	return {
		applicationId: application.id,
		appId: application.appId,
		servicePrincipalId: servicePrincipal.id,
		appRoleId: servicePrincipal.appRoles[0].id,
		jobId: job.json<{ id: string }>().id,
	};
}

/** Assigns a user or group to the configuration (201 expected). */
export async function assign(emulator: GraphEmulator, token: string, config: Configuration, principalId: string): Promise<Record<string, unknown>> {
	const answer = await graphCall(emulator, token, 'POST', ASSIGNMENTS_PATH(config.servicePrincipalId), {
		appRoleId: config.appRoleId,
		resourceId: config.servicePrincipalId,
		principalId,
	});
	if (answer.status !== 201) throw new Error(`assign: ${answer.status} ${answer.text}`);
	return answer.json();
}

export interface JobView {
	id: string;
	schedule: { state: string; interval: string };
	status: {
		code: string;
		lastExecution: { state: string; error: { code: string; message: string } | null; timeBegan: string; countExported: number } | null;
		quarantine: { reason: string; seriesCount: number; currentBegan: string; nextAttempt: string; seriesBegan: string; error: { code: string; message: string; tenantActionable: boolean } } | null;
		steadyStateLastAchievedTime: string;
		troubleshootingUrl: string | null;
		countSuccessiveCompleteFailures: number;
	};
}

export async function getJob(emulator: GraphEmulator, token: string, config: Configuration): Promise<JobView> {
	const answer = await graphCall(emulator, token, 'GET', JOB_PATH(config.servicePrincipalId, config.jobId));
	if (answer.status !== 200) throw new Error(`get job: ${answer.status} ${answer.text}`);
	return answer.json<JobView>();
}

/** The ruleId provisionOnDemand needs: the schema rule named USER_INBOUND_USER. */
export async function userRuleId(emulator: GraphEmulator, token: string, config: Configuration): Promise<string> {
	const schema = await graphCall(emulator, token, 'GET', `${JOB_PATH(config.servicePrincipalId, config.jobId)}/schema`);
	const rule = schema.json<{ synchronizationRules: Array<{ id: string; name: string }> }>().synchronizationRules.find((r) => r.name === 'USER_INBOUND_USER');
	if (!rule) throw new Error('no USER_INBOUND_USER rule');
	return rule.id;
}

export const onDemandBody = (ruleId: string, objectId: string, objectTypeName = 'User') => ({ parameters: [{ ruleId, subjects: [{ objectId, objectTypeName }] }] });
