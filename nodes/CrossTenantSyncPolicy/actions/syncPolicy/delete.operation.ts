import type { IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { retryOnlyOptions } from '../../descriptions/requestOptions';
import { forPartner, partnerTenantIdProperty, planPartner, readPartnerRef, syncPolicyPath } from '../../descriptions/partnerTenantId';
import type { ItemPlan } from '../plan';

export const description = updateDisplayOptions({ show: { resource: ['syncPolicy'], operation: ['delete'] } }, [partnerTenantIdProperty, retryOnlyOptions]);

export function plan(ctx: IExecuteFunctions, itemIndex: number): ItemPlan {
	const partner = readPartnerRef(ctx, itemIndex);
	return {
		itemIndex,
		operation: 'delete',
		...planPartner(partner),
		start: forPartner(partner, (partnerTenantId) => ({
			next: {
				call: { method: 'DELETE', path: syncPolicyPath(partnerTenantId) },
				onSuccess: (reply) => ({
					output: {
						success: true,
						operation: 'delete',
						partnerTenantId,
						statusCode: reply.statusCode,
						changed: true,
						requestId: reply.requestId,
					},
				}),
			},
		})),
	};
}
