import type { IDataObject, INodeExecutionData, NodeError } from 'n8n-workflow';

import type { GraphFailure } from '../plan';

/** An item's failure as the executor reports it. */
interface Failure {
	itemIndex: number;
	error: NodeError;
	partnerTenantId?: string;
	failure?: GraphFailure;
}

/** The json of a failed item as "Continue (regular output)" shows it: the message in `error`, Graph's facts beside it. */
function failureJson(result: Failure): IDataObject {
	const json: IDataObject = { error: result.error.message };
	if (result.error.description) json.description = result.error.description;
	if (result.partnerTenantId) json.partnerTenantId = result.partnerTenantId;
	if (result.failure) {
		json.statusCode = result.failure.statusCode;
		json.code = result.failure.code;
		json.requestId = result.failure.requestId;
	}
	return json;
}

/**
 * One paired item per failed input item. n8n (WorkflowExecute.handleNodeErrorOutput) sends an item to the error
 * output only when it carries `error` (and then replaces its json with `{error: message}`, losing Graph's code and
 * request-id) or when its json has no keys but `error`, `message` and `details`. So for the error output the same
 * facts travel as `{error, details}`; n8n then adds the input item's fields beside them.
 */
export function failureItem(result: Failure, toErrorOutput: boolean): INodeExecutionData {
	const pairedItem = { item: result.itemIndex };
	const { error, ...details } = failureJson(result);
	const json: IDataObject = toErrorOutput ? { error, details } : { error, ...details };
	return { json, pairedItem };
}
