import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { maxRetriesOption } from '../../descriptions/requestOptions';
import { forPartner, partnerTenantIdProperty, planPartner, readPartnerRef, syncPolicyPath } from '../../descriptions/partnerTenantId';
import type { ApiVersion, ItemPlan } from '../plan';
import { withoutODataAnnotations } from '../plan';
import { apiVersionOption } from './fields';

const properties: INodeProperties[] = [
	partnerTenantIdProperty,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [apiVersionOption, maxRetriesOption],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['syncPolicy'], operation: ['get'] } }, properties);

export function plan(ctx: IExecuteFunctions, itemIndex: number): ItemPlan {
	const partner = readPartnerRef(ctx, itemIndex);
	const { apiVersion } = ctx.getNodeParameter('options', itemIndex, {}) as { apiVersion?: ApiVersion };
	return {
		itemIndex,
		operation: 'get',
		...planPartner(partner),
		start: forPartner(partner, (partnerTenantId) => ({
			next: {
				call: { method: 'GET', path: syncPolicyPath(partnerTenantId), version: apiVersion ?? 'v1.0' },
				onSuccess: (reply) => ({ output: { ...withoutODataAnnotations(reply.body), partnerTenantId } }),
			},
		})),
	};
}
