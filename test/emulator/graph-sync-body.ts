import { type JsonObject, dataProperties, isObject, readJsonBody, unexpectedNode } from './graph-body';
import { type GraphError, graphErrors } from './graph-errors';
import type { GraphRequest } from './graph-request';
import type { SyncAllowed, SyncPolicy } from './state';

const SYNC_INBOUND_TYPES: Record<string, string> = {
	userSyncInbound: 'microsoft.graph.crossTenantUserSyncInbound',
	groupSyncInbound: 'microsoft.graph.crossTenantGroupSyncInbound',
	roleEnabledGroupSyncInbound: 'microsoft.graph.crossTenantRoleEnabledGroupSyncInbound',
};

function nullNotAllowed(property: string, type: string): GraphError {
	return graphErrors.badRequest(
		`A null value was found for the property named '${property}', which has the expected type '${type}[Nullable=False]'. The expected type '${type}[Nullable=False]' does not allow null values.`,
	);
}

function readSyncAllowed(property: string, value: unknown): SyncAllowed {
	const type = SYNC_INBOUND_TYPES[property];
	if (value === null) throw nullNotAllowed(property, type);
	if (!isObject(value)) throw unexpectedNode(value, 'StartObject');
	for (const [name] of dataProperties(value)) {
		if (name !== 'isSyncAllowed') throw graphErrors.unknownProperty(name, type);
	}
	const allowed = value.isSyncAllowed;
	if (allowed === undefined) throw graphErrors.badRequest(`The property 'isSyncAllowed' is required on type '${type}'.`);
	if (allowed === null) throw nullNotAllowed('isSyncAllowed', 'Edm.Boolean');
	if (typeof allowed !== 'boolean') {
		throw graphErrors.badRequest(`Cannot convert the literal '${String(JSON.stringify(allowed))}' to the expected type 'Edm.Boolean'.`);
	}
	return { isSyncAllowed: allowed };
}

function readNullableString(property: string, value: unknown): string | null {
	if (value === null || typeof value === 'string') return value;
	if (isObject(value) || Array.isArray(value)) throw unexpectedNode(value, 'PrimitiveValue', property);
	throw graphErrors.badRequest("Cannot convert a primitive value to the expected type 'Edm.String'. See the inner exception for more details.");
}

function readProperty(changes: Partial<SyncPolicy>, name: string, value: unknown, beta: boolean): void {
	if (name === 'tenantId') throw graphErrors.readOnlyProperty(name);
	if (name === 'displayName') changes.displayName = readNullableString(name, value);
	else if (name === 'userSyncInbound') changes.userSyncInbound = readSyncAllowed(name, value);
	else if (beta && name === 'externalCloudAuthorizedApplicationId') changes.externalCloudAuthorizedApplicationId = readNullableString(name, value);
	else if (beta && name === 'groupSyncInbound') changes.groupSyncInbound = readSyncAllowed(name, value);
	else if (beta && name === 'roleEnabledGroupSyncInbound') changes.roleEnabledGroupSyncInbound = readSyncAllowed(name, value);
	else throw graphErrors.unknownProperty(name);
}

/**
 * Body of PUT/PATCH …/identitySynchronization: displayName and userSyncInbound, plus on /beta
 * externalCloudAuthorizedApplicationId, groupSyncInbound and roleEnabledGroupSyncInbound.
 */
export function readSyncPolicyChanges(request: GraphRequest): Partial<SyncPolicy> {
	const body: JsonObject = readJsonBody(request);
	const changes: Partial<SyncPolicy> = {};
	for (const [name, value] of dataProperties(body)) readProperty(changes, name, value, request.version === 'beta');
	return changes;
}

/** Role-enabled groups can only be synchronized when group sync is allowed; checked on the policy a write would leave. */
export function checkSyncPolicy(policy: SyncPolicy): void {
	if (policy.roleEnabledGroupSyncInbound?.isSyncAllowed === true && policy.groupSyncInbound?.isSyncAllowed !== true) {
		throw graphErrors.badRequest(
			'roleEnabledGroupSyncInbound.isSyncAllowed can only be true when groupSyncInbound.isSyncAllowed is true.',
		);
	}
}
