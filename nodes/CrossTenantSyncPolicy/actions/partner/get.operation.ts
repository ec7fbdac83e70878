import type { IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { retryOnlyOptions } from '../../descriptions/requestOptions';
import { forPartner, partnerPath, partnerTenantIdProperty, planPartner, readPartnerRef } from '../../descriptions/partnerTenantId';
import type { ItemPlan } from '../plan';
import { withoutODataAnnotations } from '../plan';

export const description = updateDisplayOptions({ show: { resource: ['partner'], operation: ['get'] } }, [partnerTenantIdProperty, retryOnlyOptions]);

export function plan(ctx: IExecuteFunctions, itemIndex: number): ItemPlan {
	const partner = readPartnerRef(ctx, itemIndex);
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
