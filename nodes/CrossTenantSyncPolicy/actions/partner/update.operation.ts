import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { partnerTenantIdProperty } from '../../descriptions/partnerTenantId';
import { optionsCollection } from '../../descriptions/requestOptions';
import { ParameterReader } from '../parameters';
import { forPartner, planPartner, readPartnerRef } from '../partnerRef';
import type { ItemPlan, PlanEnvironment } from '../../plan';
import { partnerUpdateFields, readPartnerChanges } from './partnerFields';
import type { PartnerUpdate } from './partnerWriteFlow';
import { startPartnerUpdate } from './partnerWriteFlow';

const properties: INodeProperties[] = [
	partnerTenantIdProperty,
	partnerUpdateFields,
	optionsCollection([
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
	]),
];

export const description = updateDisplayOptions({ show: { resource: ['partner'], operation: ['update'] } }, properties);

export function plan(ctx: IExecuteFunctions, itemIndex: number, env: PlanEnvironment): ItemPlan {
	const params = new ParameterReader(ctx, itemIndex);
	const partner = readPartnerRef(params);
	const changes = readPartnerChanges(params);
	if (Object.keys(changes).length === 0) {
		throw params.invalid('updateFields', 'Update Fields is empty: add an Automatic User Consent or Trust field');
	}
	const choices: Omit<PartnerUpdate, 'partnerTenantId'> = {
		changes,
		dryRun: params.boolean('options.dryRun', 'Dry Run', false),
		skipIfUnchanged: params.boolean('options.skipIfUnchanged', 'Skip If Unchanged', false),
		createPartnerIfMissing: params.boolean('options.createPartnerIfMissing', 'Create Partner If Missing', false),
		returnPartner: params.boolean('options.returnPartner', 'Return Partner', false),
	};
	return {
		itemIndex,
		operation: 'update',
		...planPartner(partner),
		start: forPartner(partner, (partnerTenantId) => startPartnerUpdate({ ...choices, partnerTenantId }, env)),
	};
}
