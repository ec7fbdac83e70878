import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { maxRetriesOption } from '../../descriptions/requestOptions';
import { forPartner, partnerTenantIdProperty, planPartner, readPartnerRef } from '../../descriptions/partnerTenantId';
import type { ApiVersion, ItemPlan } from '../plan';
import type { SyncPolicyFields } from './fields';
import { apiVersionOption, betaFields, createPartnerIfMissingOption, returnPolicyOption, displayNameField, isSyncAllowedField, syncPolicyBody } from './fields';
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
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			apiVersionOption,
			maxRetriesOption,
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
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['syncPolicy'], operation: ['create'] } }, properties);

interface CreateOptions {
	apiVersion?: ApiVersion;
	createPartnerIfMissing?: boolean;
	ifExists?: 'error' | 'update';
	returnPolicy?: boolean;
}

export function plan(ctx: IExecuteFunctions, itemIndex: number): ItemPlan {
	const partner = readPartnerRef(ctx, itemIndex);
	const options = ctx.getNodeParameter('options', itemIndex, {}) as CreateOptions;
	const version = options.apiVersion ?? 'v1.0';
	const displayName = ctx.getNodeParameter('displayName', itemIndex, '') as string;
	const fields: SyncPolicyFields = {
		...(ctx.getNodeParameter('additionalFields', itemIndex, {}) as SyncPolicyFields),
		isSyncAllowed: ctx.getNodeParameter('isSyncAllowed', itemIndex) as unknown,
		...(displayName !== '' ? { displayName } : {}),
	};
	const body = syncPolicyBody(ctx, fields, itemIndex, version);
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
				updateIfExists: options.ifExists === 'update',
				createIfMissing: false,
				createPartnerIfMissing: options.createPartnerIfMissing === true,
				returnPolicy: options.returnPolicy === true,
			}),
		})),
	};
}
