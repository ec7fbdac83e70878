import type { IDataObject } from 'n8n-workflow';

import { isAlreadyExists, isNotFound } from '../../errors/graphFailure';
import { PARTNERS_PATH, partnerPath } from '../../transport/graphPaths';
import { successOutput } from '../outputs';
import type { GraphCall, GraphReply, PlanStep, StepOutcome } from '../../plan';
import { withoutODataAnnotations } from '../../plan';

/** One partner write, fixed when the item is planned (the body already merged with what Graph holds). */
export interface PartnerWrite {
	partnerTenantId: string;
	body: IDataObject;
	/** Members of a touched group that keep their current value (carried over from the read). */
	kept: string[];
	createPartnerIfMissing: boolean;
	returnPartner: boolean;
	previous?: IDataObject | null;
}


export function patchPartnerCall(write: PartnerWrite): GraphCall {
	return { method: 'PATCH', path: partnerPath(write.partnerTenantId), body: write.body };
}

export function postPartnerCall(write: PartnerWrite): GraphCall {
	return { method: 'POST', path: PARTNERS_PATH, body: { tenantId: write.partnerTenantId, ...write.body } };
}

/** PATCH the partner; when Graph does not know it and the user allows it, create it with these values instead. */
export function patchPartnerStep(write: PartnerWrite, fellBack = false): PlanStep {
	return {
		call: patchPartnerCall(write),
		onSuccess: (reply) => afterWrite(write, reply, 'updated'),
		onFailure: (failure) => (write.createPartnerIfMissing && !fellBack && isNotFound(failure) ? { next: postPartnerStep(write) } : undefined),
	};
}

export function postPartnerStep(write: PartnerWrite): PlanStep {
	return {
		call: postPartnerCall(write),
		onSuccess: (reply) => afterWrite(write, reply, 'created', withoutODataAnnotations(reply.body)),
		// Created meanwhile (or by an earlier attempt whose answer was lost): write the values onto it.
		onFailure: (failure) => (isAlreadyExists(failure.statusCode, failure.code) ? { next: patchPartnerStep(write, true) } : undefined),
	};
}

function afterWrite(write: PartnerWrite, reply: GraphReply, action: 'created' | 'updated', created?: IDataObject): StepOutcome {
	const output = successOutput('update', write.partnerTenantId, reply, {
		action,
		applied: write.body,
		...(write.kept.length > 0 ? { kept: write.kept } : {}),
		...(write.previous !== undefined ? { previous: write.previous } : {}),
		...(action === 'created' ? { partnerCreated: true } : {}),
	});
	if (!write.returnPartner) return { output };
	// POST answers with the partner; reading it back right away could meet Graph's replication lag.
	if (created) return { output: { ...output, partner: created } };
	return {
		next: {
			call: { method: 'GET', path: partnerPath(write.partnerTenantId) },
			onSuccess: (partner) => ({ output: { ...output, partner: withoutODataAnnotations(partner.body) } }),
		},
	};
}
