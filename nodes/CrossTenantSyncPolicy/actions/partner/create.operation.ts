import type { IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { retryOnlyOptions } from '../../descriptions/requestOptions';
import { forPartner, newPartnerTenantIdProperty, PARTNERS_PATH, planPartner, readPartnerRef } from '../../descriptions/partnerTenantId';
import type { ItemPlan } from '../plan';
import { withoutODataAnnotations } from '../plan';

export const description = updateDisplayOptions({ show: { resource: ['partner'], operation: ['create'] } }, [newPartnerTenantIdProperty, retryOnlyOptions]);

export function plan(ctx: IExecuteFunctions, itemIndex: number): ItemPlan {
	const partner = readPartnerRef(ctx, itemIndex);
	return {
		itemIndex,
		operation: 'create',
		...planPartner(partner),
		start: forPartner(partner, (partnerTenantId) => ({
			next: {
				call: { method: 'POST', path: PARTNERS_PATH, body: { tenantId: partnerTenantId } },
				onSuccess: (reply) => ({ output: { ...withoutODataAnnotations(reply.body), partnerTenantId } }),
			},
		})),
	};
}
