import { type JsonObject, isObject, readJsonBody } from './graph-body';
import { type GraphError, graphErrors } from './graph-errors';
import type { GraphRequest } from './graph-request';

export const MAX_BATCH_PARTS = 20;

/** One entry of a JSON batch's "requests". */
export interface BatchPart {
	id: string;
	method: string;
	url: string;
	/** Lower-case names. */
	headers: Record<string, string>;
	/** undefined when absent or null. */
	body: unknown;
	dependsOn: string[];
}

const BODY_METHODS = ['POST', 'PUT', 'PATCH'];

function invalid(message: string): GraphError {
	return graphErrors.badRequest(`Invalid batch payload format. ${message}`);
}

/** Graph matches batch ids case-insensitively. */
export function idKey(id: string): string {
	return id.toLowerCase();
}

function readHeaders(value: unknown, index: number): Record<string, string> {
	if (value === undefined || value === null) return {};
	if (!isObject(value)) throw invalid(`requests[${index}].headers must be an object.`);
	const headers: Record<string, string> = {};
	for (const [name, header] of Object.entries(value)) {
		if (typeof header !== 'string' && typeof header !== 'number') throw invalid(`requests[${index}].headers.${name} must be a string.`);
		headers[name.toLowerCase()] = String(header);
	}
	return headers;
}

function readPart(value: unknown, index: number): BatchPart {
	if (!isObject(value)) throw invalid(`requests[${index}] must be an object.`);
	const entry: JsonObject = value;
	const { id, method, url, dependsOn } = entry;
	if (typeof id !== 'string' || id === '') throw invalid(`requests[${index}].id must be a non-empty string.`);
	if (typeof method !== 'string' || method === '') throw invalid(`Request '${id}' has no method.`);
	if (typeof url !== 'string' || url === '') throw invalid(`Request '${id}' has no url.`);
	if (dependsOn !== undefined && !(Array.isArray(dependsOn) && dependsOn.every((d) => typeof d === 'string'))) {
		throw invalid(`dependsOn of request '${id}' must be a list of request ids.`);
	}
	return {
		id,
		method: method.toUpperCase(),
		url,
		headers: readHeaders(entry.headers, index),
		body: entry.body === null ? undefined : entry.body,
		dependsOn: (dependsOn as string[] | undefined) ?? [],
	};
}

/**
 * Graph rejects the whole batch (400, nothing runs) when a write part lacks a body or Content-Type, or any part has
 * a body without Content-Type.
 */
function checkContentType(part: BatchPart): void {
	const needsBody = BODY_METHODS.includes(part.method);
	if ((needsBody && part.body === undefined) || (part.body !== undefined && part.headers['content-type'] === undefined)) {
		throw graphErrors.badRequest(`Write request id : ${part.id} does not contain Content-Type header or body.`);
	}
}

function checkDependencies(parts: BatchPart[]): void {
	const ids = new Set<string>();
	for (const part of parts) {
		if (ids.has(idKey(part.id))) throw invalid(`The batch contains more than one request with id '${part.id}'.`);
		ids.add(idKey(part.id));
	}
	for (const part of parts) {
		for (const dependency of part.dependsOn) {
			if (!ids.has(idKey(dependency)) || idKey(dependency) === idKey(part.id)) {
				throw invalid(`Request '${part.id}' depends on '${dependency}', which is not another request of this batch.`);
			}
		}
	}
}

/** The parts of a POST /$batch body; throws 400 (whole batch) when the payload is not usable. */
export function readBatchPayload(request: GraphRequest): BatchPart[] {
	const body = readJsonBody(request);
	const requests = body.requests;
	if (!Array.isArray(requests)) throw invalid("The 'requests' property must be an array.");
	if (requests.length === 0) throw invalid('The batch contains no requests.');
	if (requests.length > MAX_BATCH_PARTS) throw graphErrors.badRequest(`The number of batch requests exceeds the limit of ${MAX_BATCH_PARTS}.`);
	const parts = requests.map(readPart);
	checkDependencies(parts);
	parts.forEach(checkContentType);
	return parts;
}

/**
 * Indices in run order: request order, except that a part waits for the parts it depends on. `lastFirst` (a fault):
 * the last ready part runs first.
 */
export function executionOrder(parts: BatchPart[], lastFirst = false): number[] {
	const order: number[] = [];
	const done = new Set<string>();
	const ready = (part: BatchPart, i: number) => !order.includes(i) && part.dependsOn.every((d) => done.has(idKey(d)));
	while (order.length < parts.length) {
		const next = lastFirst ? parts.findLastIndex(ready) : parts.findIndex(ready);
		if (next < 0) throw invalid('The dependsOn references of the batch form a cycle.');
		order.push(next);
		done.add(idKey(parts[next].id));
	}
	return order;
}
