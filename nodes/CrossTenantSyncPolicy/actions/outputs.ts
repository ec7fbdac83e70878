import type { IDataObject } from 'n8n-workflow';

import type { GraphReply } from '../plan';

const INFERRED =
	"The first attempt's answer was lost; a retry found the change in place, so it is applied, but whether this run made it (or it was already so) cannot be known.";

/**
 * The output of a successful write, in one place: `changed: true` only where Graph confirmed this run's change.
 * After a lost answer the success is inferred: `changed: null`, `verified: false`, and a note saying why.
 */
export function successOutput(operation: string, subject: string | IDataObject, reply: GraphReply, fields: IDataObject = {}): IDataObject {
	// A partner's tenant ID, or the fields that name another subject ({configurationId}).
	const names = typeof subject === 'string' ? { partnerTenantId: subject } : subject;
	const output: IDataObject = { success: true, operation, ...names, statusCode: reply.statusCode, changed: true, ...fields, requestId: reply.requestId };
	if (reply.inferred) Object.assign(output, { changed: null, verified: false, note: INFERRED });
	return output;
}

export function deletedOutput(subject: string | IDataObject, reply: GraphReply, fields: IDataObject = {}): IDataObject {
	return successOutput('delete', subject, reply, fields);
}
