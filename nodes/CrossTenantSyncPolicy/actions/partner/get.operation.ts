import type { IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { partnerTenantIdProperty } from '../../descriptions/partnerTenantId';
import { optionsCollection } from '../../descriptions/requestOptions';
import { partnerPath } from '../../transport/graphPaths';
import { ParameterReader } from '../parameters';
import { forPartner, planPartner, readPartnerRef } from '../partnerRef';
import type { ItemPlan } from '../../plan';
import { withoutODataAnnotations } from '../../plan';

export const description = updateDisplayOptions({ show: { resource: ['partner'], operation: ['get'] } }, [partnerTenantIdProperty, optionsCollection()]);

export function plan(ctx: IExecuteFunctions, itemIndex: number): ItemPlan {
	const partner = readPartnerRef(new ParameterReader(ctx, itemIndex));
	return {
		itemIndex,
		operation: 'get',
		...planPartner(partner),
		start: forPartner(partner, (partnerTenantId) => ({
			next: {
				call: { method: 'GET', path: partnerPath(partnerTenantId) },
				onSuccess: (reply) => ({ output: { ...withoutODataAnnotations(reply.body), partnerTenantId } }),
			},
		})),
	};
}
