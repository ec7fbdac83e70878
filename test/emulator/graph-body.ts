import { GraphError, graphErrors } from './graph-errors';
import type { GraphRequest } from './graph-request';
import { isGuid } from './guid';
import { partnerComplexValue } from './graph-partner-settings';
import { PARTNER_PROPERTIES } from './state';

const PARTNER_TYPE = 'microsoft.graph.crossTenantAccessPolicyConfigurationPartner';

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function jsonNodeKind(value: unknown): string {
	if (Array.isArray(value)) return 'StartArray';
	return isObject(value) ? 'StartObject' : 'PrimitiveValue';
}

export function unexpectedNode(value: unknown, expected: 'StartObject' | 'PrimitiveValue', property?: string): GraphError {
	const where = property === undefined ? '' : ` for property named '${property}'`;
	return graphErrors.badRequest(
		`An unexpected '${jsonNodeKind(value)}' node was found${where} when reading from the JSON reader. A '${expected}' node was expected.`,
	);
}

/** OData instance annotations ("@odata.type", …) are accepted and ignored. */
export function dataProperties(body: JsonObject): Array<[string, unknown]> {
	return Object.entries(body).filter(([name]) => !name.startsWith('@'));
}

export function readJsonBody(request: Pick<GraphRequest, 'headers' | 'rawBody'>): JsonObject {
	const contentType = request.headers['content-type'];
	if (!contentType) {
		throw graphErrors.unsupportedMediaType('Write requests (excluding DELETE) must contain the Content-Type header declaration.');
	}
	if (contentType.split(';')[0].trim().toLowerCase() !== 'application/json') {
		throw graphErrors.unsupportedMediaType(`The content type '${contentType}' is not supported.`);
	}
	if (request.rawBody.trim() === '') throw graphErrors.badRequest('Empty Payload. JSON content expected.');
	let body: unknown;
	try {
		body = JSON.parse(request.rawBody);
	} catch {
		throw graphErrors.badRequest('Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.');
	}
	if (!isObject(body)) throw unexpectedNode(body, 'StartObject');
	return body;
}

const PARTNER_BOOLEANS = new Set(['isServiceProvider']);
const PARTNER_READ_ONLY = new Set(['isInMultiTenantOrganization']);

/**
 * Body of POST …/partners (creating: tenantId required) or PATCH …/partners/{id} (tenantId read-only).
 * Complex values are only checked to be objects: the emulator stores them as given.
 */
export function readPartnerBody(request: GraphRequest, creating: boolean): { tenantId?: string; properties: JsonObject } {
	const body = readJsonBody(request);
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
				throw unexpectedNode(value, 'StartObject');
			}
			properties[name] = partnerComplexValue(name, value);
		} else {
			throw graphErrors.unknownProperty(name, PARTNER_TYPE);
		}
	}
	if (creating && tenantId === undefined) {
		throw new GraphError(400, 'Request_BadRequest', "The required property 'tenantId' is missing from the request body.");
	}
	return { tenantId, properties };
}
