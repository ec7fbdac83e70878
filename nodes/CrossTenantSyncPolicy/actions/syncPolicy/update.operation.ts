import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { partnerTenantIdProperty } from '../../descriptions/partnerTenantId';
import { optionsCollection } from '../../descriptions/requestOptions';
import { syncPolicyPath } from '../../transport/graphPaths';
import { isNotFound } from '../../errors/graphFailure';
import { ParameterReader } from '../parameters';
import { forPartner, planPartner, readPartnerRef } from '../partnerRef';
import type { ItemPlan, PlanEnvironment, StepOutcome } from '../../plan';
import type { ReadThenWrite } from '../readThenWrite';
import { dryRunOutput, readThenWrite } from '../readThenWrite';
import type { SyncPolicyFieldPaths } from './fields';
import { apiVersionOption, betaFields, createPartnerIfMissingOption, displayNameField, isSyncAllowedField, readApiVersion, readSyncPolicyBody, returnPolicyOption } from './fields';
import type { SyncPolicyWrite } from './writeFlow';
import { partnerGetCall, patchCall, patchStep, postPartnerCall, putCall, putStep } from './writeFlow';

const properties: INodeProperties[] = [
	partnerTenantIdProperty,
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		description: 'Only the fields you add are sent; the others keep their current values',
		options: [displayNameField, isSyncAllowedField, ...betaFields],
	},
	optionsCollection([
		apiVersionOption,
		{
			...createPartnerIfMissingOption,
			description: `${createPartnerIfMissingOption.description}, before creating its sync policy`,
			// It acts only where a missing policy is created: shown beside If Missing: Create, nowhere else.
			displayOptions: { show: { ifMissing: ['create'] } },
		},
		{
			displayName: 'Dry Run',
			name: 'dryRun',
			type: 'boolean',
			default: false,
			description:
				'Whether to only read the current policy and output the request that would be sent, with the field-by-field differences, without writing anything',
		},
		{
			displayName: 'If Missing',
			name: 'ifMissing',
			type: 'options',
			options: [
				{ name: 'Error', value: 'error', description: 'Fail the item when the partner has no sync policy' },
				{ name: 'Create', value: 'create', description: 'Create the sync policy (PUT) with these fields' },
			],
			default: 'error',
		},
		returnPolicyOption,
		{
			displayName: 'Skip If Unchanged',
			name: 'skipIfUnchanged',
			type: 'boolean',
			default: false,
			description: 'Whether to read the policy first and send no write when it already has these values',
		},
	]),
];

export const description = updateDisplayOptions({ show: { resource: ['syncPolicy'], operation: ['update'] } }, properties);

interface UpdateOptions {
	dryRun: boolean;
	skipIfUnchanged: boolean;
}

const UPDATE_FIELD_PATHS: SyncPolicyFieldPaths = {
	displayName: 'updateFields.displayName',
	isSyncAllowed: 'updateFields.isSyncAllowed',
	isGroupSyncAllowed: 'updateFields.isGroupSyncAllowed',
	externalCloudAuthorizedApplicationId: 'updateFields.externalCloudAuthorizedApplicationId',
};

export function plan(ctx: IExecuteFunctions, itemIndex: number, env: PlanEnvironment): ItemPlan {
	const params = new ParameterReader(ctx, itemIndex);
	const partner = readPartnerRef(params);
	const version = readApiVersion(params);
	const body = readSyncPolicyBody(params, UPDATE_FIELD_PATHS, version, false);
	if (Object.keys(body).length === 0) {
		throw params.invalid('updateFields', 'Update Fields is empty: add Display Name or Allow User Sync Inbound');
	}
	const createIfMissing = params.choice('options.ifMissing', 'If Missing', ['error', 'create'], 'error') === 'create';
	const createPartnerIfMissing = params.boolean('options.createPartnerIfMissing', 'Create Partner If Missing', false);
	const returnPolicy = params.boolean('options.returnPolicy', 'Return Policy', false);
	const options: UpdateOptions = {
		dryRun: params.boolean('options.dryRun', 'Dry Run', false),
		skipIfUnchanged: params.boolean('options.skipIfUnchanged', 'Skip If Unchanged', false),
	};
	const writeFor = (partnerTenantId: string): SyncPolicyWrite => ({
		operation: 'update',
		partnerTenantId,
		version,
		body,
		updateIfExists: false,
		createIfMissing,
		createPartnerIfMissing: createIfMissing && createPartnerIfMissing,
		returnPolicy,
	});
	const readFirst = options.skipIfUnchanged || options.dryRun;
	return {
		itemIndex,
		operation: 'update',
		...planPartner(partner),
		start: forPartner(partner, (partnerTenantId) =>
			readFirst ? readThenDecide(writeFor(partnerTenantId), options, env) : { next: patchStep(writeFor(partnerTenantId)) },
		),
	};
}

/** Skip If Unchanged and Dry Run: GET the policy, compare, then write, skip, or only show the write. */
function readThenDecide(write: SyncPolicyWrite, options: UpdateOptions, env: PlanEnvironment): StepOutcome {
	const flow: ReadThenWrite = {
		partnerTenantId: write.partnerTenantId,
		...options,
		read: { method: 'GET', path: syncPolicyPath(write.partnerTenantId), version: write.version },
		// The policy's fields are each written whole: nothing to merge.
		merge: (current) => ({ body: write.body, kept: [], previous: current }),
		writeCall: () => patchCall(write),
		writeStep: ({ previous }) => patchStep(write, { previous }),
		whenMissing: (failure) => {
			if (!write.createIfMissing) return undefined;
			if (!options.dryRun) return { next: putStep(write, { previous: null }) };
			const wouldCreate = (partnerMissing: boolean) => ({
				output: dryRunOutput(flow, { body: write.body, kept: [], previous: null }, partnerMissing ? [postPartnerCall(write), putCall(write)] : [putCall(write)], failure, env),
			});
			if (!write.createPartnerIfMissing) return wouldCreate(false);
			// The policy GET's 404 code does not say whether the partner exists: ask about the partner.
			return {
				next: {
					call: partnerGetCall(write),
					onSuccess: () => wouldCreate(false),
					onFailure: (partnerFailure) => (isNotFound(partnerFailure) ? wouldCreate(true) : undefined),
				},
			};
		},
	};
	return readThenWrite(flow, env);
}
