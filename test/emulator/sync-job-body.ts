import { dataProperties, isObject, type JsonObject } from './graph-body';
import { graphErrors } from './graph-errors';
import type { SyncSecret } from './sync-store';

/** The synchronizationSecret values (synchronization-synchronizationsecretkeystringvaluepair.md). */
export const SECRET_KEYS = [
	'None', 'UserName', 'Password', 'SecretToken', 'AppKey', 'BaseAddress', 'ClientIdentifier', 'ClientSecret', 'SingleSignOnType', 'Sandbox',
	'Url', 'Domain', 'ConsumerKey', 'ConsumerSecret', 'TokenKey', 'TokenExpiration', 'Oauth2AccessToken', 'Oauth2AccessTokenCreationTime',
	'Oauth2RefreshToken', 'SyncAll', 'InstanceName', 'Oauth2ClientId', 'Oauth2ClientSecret', 'CompanyId', 'UpdateKeyOnSoftDelete',
	'SynchronizationSchedule', 'SystemOfRecord', 'SandboxName', 'EnforceDomain', 'SyncNotificationSettings', 'SkipOutOfScopeDeletions',
	'Oauth2AuthorizationCode', 'Oauth2RedirectUri', 'ApplicationTemplateIdentifier', 'Oauth2TokenExchangeUri', 'Oauth2AuthorizationUri',
	'AuthenticationType', 'Server', 'PerformInboundEntitlementGrants', 'HardDeletesEnabled', 'SyncAgentCompatibilityKey', 'SyncAgentADContainer',
	'ValidateDomain', 'TestReferences', 'ConnectionString',
] as const;

/** synchronizationJobRestartCriteria.resetScope values (synchronization-synchronizationjobrestartcriteria.md). */
export const RESET_SCOPES = ['None', 'ConnectorDataStore', 'Escrows', 'Watermark', 'QuarantineState', 'Full', 'ForceDeletes'] as const;
export type ResetScope = (typeof RESET_SCOPES)[number];

/** An empty resetScope is the portal's Restart: QuarantineState, Watermark and Escrows; Full is all of them. */
const PORTAL_RESTART: ResetScope[] = ['QuarantineState', 'Watermark', 'Escrows'];

/**
 * A {key, value} list (credentials of validateCredentials, value of PUT secrets): each an object of two strings,
 * the key one of Graph's synchronizationSecret values (exact spelling, our reading: Graph's enum parsing is not documented).
 */
export function readSecretPairs(value: unknown, property: string): SyncSecret[] {
	if (!Array.isArray(value)) throw graphErrors.badRequest(`The property '${property}' must be a collection of {key, value} pairs.`);
	return value.map((pair: unknown, index) => {
		if (!isObject(pair)) throw graphErrors.badRequest(`${property}[${index}] must be an object with key and value.`);
		for (const [name] of dataProperties(pair)) {
			if (name !== 'key' && name !== 'value') {
				throw graphErrors.unknownProperty(name, 'microsoft.graph.synchronizationSecretKeyStringValuePair');
			}
		}
		const { key, value: secret } = pair;
		if (typeof key !== 'string' || !(SECRET_KEYS as readonly string[]).includes(key)) {
			throw graphErrors.badRequest(`Requested value '${String(key)}' was not found: ${property}[${index}].key must be a synchronizationSecret.`);
		}
		if (typeof secret !== 'string') throw graphErrors.badRequest(`${property}[${index}].value must be a string.`);
		return { key, value: secret };
	});
}

/** The scopes a restart resets, from its body (none, `{}`, or `{criteria: {resetScope}}`); unknown values → 400. */
export function readResetScope(body: JsonObject): Set<ResetScope> {
	const criteria = body.criteria;
	if (criteria === undefined || criteria === null) return new Set(PORTAL_RESTART);
	if (!isObject(criteria)) throw graphErrors.badRequest("The property 'criteria' must be a synchronizationJobRestartCriteria object.");
	for (const [name] of dataProperties(criteria)) {
		if (name !== 'resetScope') throw graphErrors.unknownProperty(name, 'microsoft.graph.synchronizationJobRestartCriteria');
	}
	const scope = criteria.resetScope;
	if (scope !== undefined && scope !== null && typeof scope !== 'string') throw graphErrors.badRequest("The property 'resetScope' must be a string.");
	const values = (scope ?? '')
		.split(',')
		.map((v) => v.trim())
		.filter((v) => v !== '');
	if (values.length === 0) return new Set(PORTAL_RESTART);
	const unknown = values.find((v) => !(RESET_SCOPES as readonly string[]).includes(v));
	if (unknown !== undefined) {
		throw graphErrors.badRequest(`Requested value '${unknown}' was not found: resetScope takes a comma-separated combination of ${RESET_SCOPES.join(', ')}.`);
	}
	return values.includes('Full') ? new Set(RESET_SCOPES) : new Set(values as ResetScope[]);
}

/** The one subject of a provisionOnDemand body, and the rule it names. */
export interface OnDemandRequest {
	ruleId: string;
	objectId: string;
	objectTypeName: string;
}

function single(value: unknown, property: string): JsonObject {
	if (!Array.isArray(value) || value.length !== 1 || !isObject(value[0])) {
		throw graphErrors.badRequest(`The property '${property}' must hold exactly one entry: the emulator provisions one user per call.`);
	}
	return value[0];
}

/** {parameters: [{ruleId, subjects: [{objectId, objectTypeName}]}]}: one rule, one subject. */
export function readOnDemandRequest(body: JsonObject): OnDemandRequest {
	const parameter = single(body.parameters, 'parameters');
	const subject = single(parameter.subjects, 'parameters[0].subjects');
	const { ruleId } = parameter;
	const { objectId, objectTypeName } = subject;
	if (typeof ruleId !== 'string' || ruleId === '') throw graphErrors.badRequest("The property 'parameters[0].ruleId' is required.");
	if (typeof objectId !== 'string' || objectId === '') throw graphErrors.badRequest("The property 'parameters[0].subjects[0].objectId' is required.");
	if (typeof objectTypeName !== 'string' || objectTypeName === '') {
		throw graphErrors.badRequest("The property 'parameters[0].subjects[0].objectTypeName' is required.");
	}
	return { ruleId, objectId, objectTypeName };
}
