import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { partnerTenantIdProperty } from '../../descriptions/partnerTenantId';
import { optionsCollection } from '../../descriptions/requestOptions';
import { ParameterReader } from '../parameters';
import { forPartner, planPartner, readPartnerRef } from '../partnerRef';
import type { ItemPlan } from '../../plan';
import type { SyncPolicyFieldPaths } from './fields';
import { apiVersionOption, betaFields, createPartnerIfMissingOption, displayNameField, isSyncAllowedField, readApiVersion, readSyncPolicyBody, returnPolicyOption } from './fields';
import { putStep } from './writeFlow';

const properties: INodeProperties[] = [
	partnerTenantIdProperty,
	{ ...isSyncAllowedField, required: true },
	{ ...displayNameField, description: `${displayNameField.description} (optional)` },
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: betaFields,
	},
	optionsCollection([
		apiVersionOption,
		createPartnerIfMissingOption,
		{
			displayName: 'If Exists',
			name: 'ifExists',
			type: 'options',
			options: [
				{ name: 'Error', value: 'error', description: 'Fail the item when the partner already has a sync policy' },
				{ name: 'Update', value: 'update', description: 'Update the existing sync policy (PATCH) with these fields' },
			],
			default: 'error',
		},
		returnPolicyOption,
	]),
];

export const description = updateDisplayOptions({ show: { resource: ['syncPolicy'], operation: ['create'] } }, properties);

const CREATE_FIELD_PATHS: SyncPolicyFieldPaths = {
	displayName: 'displayName',
	isSyncAllowed: 'isSyncAllowed',
	isGroupSyncAllowed: 'additionalFields.isGroupSyncAllowed',
	externalCloudAuthorizedApplicationId: 'additionalFields.externalCloudAuthorizedApplicationId',
};

export function plan(ctx: IExecuteFunctions, itemIndex: number): ItemPlan {
	const params = new ParameterReader(ctx, itemIndex);
	const partner = readPartnerRef(params);
	const version = readApiVersion(params);
	const body = readSyncPolicyBody(params, CREATE_FIELD_PATHS, version, true);
	const updateIfExists = params.choice('options.ifExists', 'If Exists', ['error', 'update'], 'error') === 'update';
	const createPartnerIfMissing = params.boolean('options.createPartnerIfMissing', 'Create Partner If Missing', false);
	const returnPolicy = params.boolean('options.returnPolicy', 'Return Policy', false);
	return {
		itemIndex,
		operation: 'create',
		...planPartner(partner),
		start: forPartner(partner, (partnerTenantId) => ({
			next: putStep({
				operation: 'create',
				partnerTenantId,
				version,
				body,
				updateIfExists,
				createIfMissing: false,
				createPartnerIfMissing,
				returnPolicy,
			}),
		})),
	};
}
