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
 * One paired item per failed input item. With On Error "Continue (using error output)", n8n-core 2.41
 * (WorkflowExecute.handleNodeErrorOutput) moves an item to the error output only when the item carries an `error`
 * object or its json has no keys but `error`, `message` and `details`; and WorkflowExecute.normalizeNodeErrors replaces
 * the json of every item that carries an `error` object with `{error: message}` (in both Continue modes), which would
 * lose Graph's code and request-id. So for the error output the same facts travel as `{error, details}` (n8n then adds
 * the input item's fields beside them); for the regular output the json is flat, as it has always been.
 */
export function failureItem(result: Failure, toErrorOutput: boolean): INodeExecutionData {
	const pairedItem = { item: result.itemIndex };
	const { error, ...details } = failureJson(result);
	const json: IDataObject = toErrorOutput ? { error, details } : { error, ...details };
	return { json, pairedItem };
}
