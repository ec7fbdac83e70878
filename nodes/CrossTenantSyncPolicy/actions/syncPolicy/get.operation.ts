import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { partnerTenantIdProperty } from '../../descriptions/partnerTenantId';
import { optionsCollection } from '../../descriptions/requestOptions';
import { syncPolicyPath } from '../../transport/graphPaths';
import { ParameterReader } from '../parameters';
import { forPartner, planPartner, readPartnerRef } from '../partnerRef';
import type { ItemPlan } from '../../plan';
import { withoutODataAnnotations } from '../../plan';
import { apiVersionOption, readApiVersion } from './fields';

const properties: INodeProperties[] = [
	partnerTenantIdProperty,
	optionsCollection([apiVersionOption]),
];

export const description = updateDisplayOptions({ show: { resource: ['syncPolicy'], operation: ['get'] } }, properties);

export function plan(ctx: IExecuteFunctions, itemIndex: number): ItemPlan {
	const params = new ParameterReader(ctx, itemIndex);
	const partner = readPartnerRef(params);
	const version = readApiVersion(params);
	return {
		itemIndex,
		operation: 'get',
		...planPartner(partner),
		start: forPartner(partner, (partnerTenantId) => ({
			next: {
				call: { method: 'GET', path: syncPolicyPath(partnerTenantId), version },
				onSuccess: (reply) => ({ output: { ...withoutODataAnnotations(reply.body), partnerTenantId } }),
			},
		})),
	};
}
