import { type Exchange, headerValue } from './exchange';
import { GraphError, graphErrors } from './graph-errors';
import { isGuid } from './guid';
import { PARTNER_PROPERTIES, type SyncPolicy } from './state';

const PARTNER_TYPE = 'microsoft.graph.crossTenantAccessPolicyConfigurationPartner';
const USER_SYNC_INBOUND_TYPE = 'microsoft.graph.crossTenantUserSyncInbound';

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function jsonNodeKind(value: unknown): string {
	if (Array.isArray(value)) return 'StartArray';
	return isObject(value) ? 'StartObject' : 'PrimitiveValue';
}

/** OData instance annotations ("@odata.type", …) are accepted and ignored. */
function dataProperties(body: JsonObject): Array<[string, unknown]> {
	return Object.entries(body).filter(([name]) => !name.startsWith('@'));
}

export function readJsonBody(ex: Exchange): JsonObject {
	const contentType = headerValue(ex, 'content-type');
	if (!contentType) {
		throw graphErrors.unsupportedMediaType('Write requests (excluding DELETE) must contain the Content-Type header declaration.');
	}
	if (contentType.split(';')[0].trim().toLowerCase() !== 'application/json') {
		throw graphErrors.unsupportedMediaType(`The content type '${contentType}' is not supported.`);
	}
	if (ex.rawBody.trim() === '') throw graphErrors.badRequest('Empty Payload. JSON content expected.');
	let body: unknown;
	try {
		body = JSON.parse(ex.rawBody);
	} catch {
		throw graphErrors.badRequest('Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.');
	}
	if (!isObject(body)) {
		throw graphErrors.badRequest(
			`An unexpected '${jsonNodeKind(body)}' node was found when reading from the JSON reader. A 'StartObject' node was expected.`,
		);
	}
	return body;
}

function nullNotAllowed(property: string, type: string): GraphError {
	return graphErrors.badRequest(
		`A null value was found for the property named '${property}', which has the expected type '${type}[Nullable=False]'. The expected type '${type}[Nullable=False]' does not allow null values.`,
	);
}

function readUserSyncInbound(value: unknown): { isSyncAllowed: boolean } {
	if (value === null) throw nullNotAllowed('userSyncInbound', USER_SYNC_INBOUND_TYPE);
	if (!isObject(value)) {
		throw graphErrors.badRequest(
			`An unexpected '${jsonNodeKind(value)}' node was found when reading from the JSON reader. A 'StartObject' node was expected.`,
		);
	}
	for (const [name] of dataProperties(value)) {
		if (name !== 'isSyncAllowed') throw graphErrors.unknownProperty(name, USER_SYNC_INBOUND_TYPE);
	}
	const allowed = value.isSyncAllowed;
	if (allowed === undefined) throw graphErrors.badRequest(`The property 'isSyncAllowed' is required on type '${USER_SYNC_INBOUND_TYPE}'.`);
	if (allowed === null) throw nullNotAllowed('isSyncAllowed', 'Edm.Boolean');
	if (typeof allowed !== 'boolean') {
		throw graphErrors.badRequest(`Cannot convert the literal '${String(JSON.stringify(allowed))}' to the expected type 'Edm.Boolean'.`);
	}
	return { isSyncAllowed: allowed };
}

function readDisplayName(value: unknown): string | null {
	if (value === null || typeof value === 'string') return value;
	if (isObject(value) || Array.isArray(value)) {
		throw graphErrors.badRequest(
			`An unexpected '${jsonNodeKind(value)}' node was found for property named 'displayName' when reading from the JSON reader. A 'PrimitiveValue' node was expected.`,
		);
	}
	throw graphErrors.badRequest("Cannot convert a primitive value to the expected type 'Edm.String'. See the inner exception for more details.");
}

/** Body of PUT/PATCH …/identitySynchronization: only displayName and userSyncInbound may appear. */
export function readSyncPolicyChanges(ex: Exchange): Partial<SyncPolicy> {
	const body = readJsonBody(ex);
	const changes: Partial<SyncPolicy> = {};
	for (const [name, value] of dataProperties(body)) {
		if (name === 'tenantId') throw graphErrors.readOnlyProperty(name);
		else if (name === 'displayName') changes.displayName = readDisplayName(value);
		else if (name === 'userSyncInbound') changes.userSyncInbound = readUserSyncInbound(value);
		else throw graphErrors.unknownProperty(name);
	}
	return changes;
}

const PARTNER_BOOLEANS = new Set(['isServiceProvider']);
const PARTNER_READ_ONLY = new Set(['isInMultiTenantOrganization']);

/**
 * Body of POST …/partners (creating: tenantId required) or PATCH …/partners/{id} (tenantId read-only).
 * Complex values are only checked to be objects: the emulator stores them as given.
 */
export function readPartnerBody(ex: Exchange, creating: boolean): { tenantId?: string; properties: JsonObject } {
	const body = readJsonBody(ex);
	const properties: JsonObject = {};
	let tenantId: string | undefined;
	for (const [name, value] of dataProperties(body)) {
		if (name === 'tenantId') {
			if (!creating) throw graphErrors.readOnlyProperty(name);
			if (!isGuid(value)) throw graphErrors.invalidObjectId(String(value));
			tenantId = value.toLowerCase();
		} else if (PARTNER_READ_ONLY.has(name)) {
			throw graphErrors.readOnlyProperty(name);
		} else if (name === 'identitySynchronization') {
			throw graphErrors.badRequest(
				"The navigation property 'identitySynchronization' cannot be written here; use PUT on …/partners/{tenantId}/identitySynchronization.",
			);
		} else if (PARTNER_BOOLEANS.has(name)) {
			if (value !== null && typeof value !== 'boolean') {
				throw graphErrors.badRequest(`Cannot convert the literal '${String(JSON.stringify(value))}' to the expected type 'Edm.Boolean'.`);
			}
			properties[name] = value;
		} else if ((PARTNER_PROPERTIES as readonly string[]).includes(name)) {
			if (value !== null && !isObject(value)) {
				throw graphErrors.badRequest(
					`An unexpected '${jsonNodeKind(value)}' node was found when reading from the JSON reader. A 'StartObject' node was expected.`,
				);
			}
			properties[name] = value;
		} else {
			throw graphErrors.unknownProperty(name, PARTNER_TYPE);
		}
	}
	if (creating && tenantId === undefined) {
		throw new GraphError(400, 'Request_BadRequest', "The required property 'tenantId' is missing from the request body.");
	}
	return { tenantId, properties };
}
