import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { partnerTenantIdProperty } from '../../descriptions/partnerTenantId';
import { requestOptions } from '../../descriptions/requestOptions';
import { partnerPath } from '../../transport/graphPaths';
import { isNotFound } from '../../errors/graphFailure';
import { ParameterReader } from '../parameters';
import { forPartner, planPartner, readPartnerRef } from '../partnerRef';
import type { GraphCall, ItemPlan, PlanEnvironment, StepOutcome } from '../../plan';
import { withoutODataAnnotations } from '../../plan';
import { diffPolicy } from '../syncPolicy/fields';
import type { PartnerChanges } from './partnerFields';
import { currentGroups, mergePartnerBody, needsCurrentValues, partnerUpdateFields, readPartnerChanges } from './partnerFields';
import type { PartnerWrite } from './partnerWriteFlow';
import { patchPartnerCall, patchPartnerStep, postPartnerCall, postPartnerStep } from './partnerWriteFlow';

const properties: INodeProperties[] = [
	partnerTenantIdProperty,
	partnerUpdateFields,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Create Partner If Missing',
				name: 'createPartnerIfMissing',
				type: 'boolean',
				default: false,
				description: 'Whether to add the partner (POST, with these values) when it is not in cross-tenant access settings yet',
			},
			{
				displayName: 'Dry Run',
				name: 'dryRun',
				type: 'boolean',
				default: false,
				description:
					'Whether to only read the partner and output the request that would be sent, with the field-by-field differences, without writing anything',
			},
			...requestOptions,
			{
				displayName: 'Return Partner',
				name: 'returnPartner',
				type: 'boolean',
				default: false,
				description: 'Whether to output the partner configuration as it is after the write',
			},
			{
				displayName: 'Skip If Unchanged',
				name: 'skipIfUnchanged',
				type: 'boolean',
				default: false,
				description: 'Whether to send no write when the partner already has these values',
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['partner'], operation: ['update'] } }, properties);

interface Choices {
	changes: PartnerChanges;
	dryRun: boolean;
	skipIfUnchanged: boolean;
	createPartnerIfMissing: boolean;
	returnPartner: boolean;
}

export function plan(ctx: IExecuteFunctions, itemIndex: number, env: PlanEnvironment): ItemPlan {
	const params = new ParameterReader(ctx, itemIndex);
	const partner = readPartnerRef(params);
	const changes = readPartnerChanges(params);
	if (Object.keys(changes).length === 0) {
		throw params.invalid('updateFields', 'Update Fields is empty: add an Automatic User Consent or Trust field');
	}
	const choices: Choices = {
		changes,
		dryRun: params.boolean('options.dryRun', 'Dry Run', false),
		skipIfUnchanged: params.boolean('options.skipIfUnchanged', 'Skip If Unchanged', false),
		createPartnerIfMissing: params.boolean('options.createPartnerIfMissing', 'Create Partner If Missing', false),
		returnPartner: params.boolean('options.returnPartner', 'Return Partner', false),
	};
	const readFirst = choices.dryRun || choices.skipIfUnchanged || needsCurrentValues(changes);
	return {
		itemIndex,
		operation: 'update',
		...planPartner(partner),
		start: forPartner(partner, (partnerTenantId) =>
			readFirst ? readThenDecide(partnerTenantId, choices, env) : { next: patchPartnerStep(writeFor(partnerTenantId, choices, null)) },
		),
	};
}

function writeFor(partnerTenantId: string, choices: Choices, current: IDataObject | null, previous?: IDataObject | null): PartnerWrite {
	const { body, kept } = mergePartnerBody(choices.changes, current);
	return { partnerTenantId, body, kept, createPartnerIfMissing: choices.createPartnerIfMissing, returnPartner: choices.returnPartner, previous };
}

/** Read the partner, merge the fields the user left out, then write, skip, or (dry run) only describe the write. */
function readThenDecide(partnerTenantId: string, choices: Choices, env: PlanEnvironment): StepOutcome {
	const describe = (call: GraphCall) => ({ method: call.method, url: env.urlOf(call), body: call.body });
	const dryRun = (write: PartnerWrite, call: GraphCall, statusCode: number, requestId?: string): StepOutcome => {
		const diff = diffPolicy(write.previous ?? null, write.body);
		const changed = Object.keys(diff).length > 0;
		return {
			output: {
				success: true,
				dryRun: true,
				operation: 'update',
				partnerTenantId,
				statusCode,
				changed,
				action: write.previous === null ? 'created' : changed ? 'updated' : 'unchanged',
				request: changed || !choices.skipIfUnchanged ? describe(call) : null,
				previous: write.previous ?? null,
				diff,
				...(write.kept.length > 0 ? { kept: write.kept } : {}),
				requestId,
			},
		};
	};
	return {
		next: {
			call: { method: 'GET', path: partnerPath(partnerTenantId) },
			onSuccess: (reply) => {
				const current = withoutODataAnnotations(reply.body);
				const write = writeFor(partnerTenantId, choices, current, currentGroups(choices.changes, current));
				if (choices.dryRun) return dryRun(write, patchPartnerCall(write), reply.statusCode, reply.requestId);
				const changed = Object.keys(diffPolicy(current, write.body)).length > 0;
				if (!changed && choices.skipIfUnchanged) {
					return {
						output: {
							success: true,
							operation: 'update',
							partnerTenantId,
							statusCode: reply.statusCode,
							changed: false,
							action: 'unchanged',
							applied: {},
							previous: write.previous ?? null,
							requestId: reply.requestId,
						},
					};
				}
				return { next: patchPartnerStep(write) };
			},
			onFailure: (failure) => {
				if (!choices.createPartnerIfMissing || !isNotFound(failure)) return undefined;
				const write = writeFor(partnerTenantId, choices, null, null);
				if (choices.dryRun) return dryRun(write, postPartnerCall(write), failure.statusCode, failure.requestId);
				return { next: postPartnerStep(write) };
			},
		},
	};
}
