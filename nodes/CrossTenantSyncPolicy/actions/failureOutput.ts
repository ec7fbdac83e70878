import type { IDataObject, INodeExecutionData, NodeError } from 'n8n-workflow';

import type { GraphFailure, SubjectOfFailure } from '../plan';

/** An item's failure as the executor reports it. */
interface Failure {
	itemIndex: number;
	error: NodeError;
	subject?: SubjectOfFailure;
	failure?: GraphFailure;
}

/** The json of a failed item as "Continue (regular output)" shows it: the message in `error`, Graph's facts beside it. */
function failureJson(result: Failure): IDataObject {
	const json: IDataObject = { error: result.error.message };
	if (result.error.description) json.description = result.error.description;
	if (result.subject) json[result.subject.field] = result.subject.id;
	if (result.failure) {
		json.statusCode = result.failure.statusCode;
		json.code = result.failure.code;
		json.requestId = result.failure.requestId;
	}
	return json;
}

/**
 * One paired item per failed input item. n8n moves an item to the error output only when its json holds nothing but
 * `error`, `message` and `details`, and it keeps only the message of an item that carries an error object. So for the
 * error output Graph's code and request-id travel under `details`; for the regular output the json is flat.
 */
export function failureItem(result: Failure, toErrorOutput: boolean): INodeExecutionData {
	const pairedItem = { item: result.itemIndex };
	const { error, ...details } = failureJson(result);
	const json: IDataObject = toErrorOutput ? { error, details } : { error, ...details };
	return { json, pairedItem };
}
