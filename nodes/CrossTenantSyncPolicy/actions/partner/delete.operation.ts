import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { retryOnlyOptions } from '../../descriptions/requestOptions';
import { forPartner, partnerPath, partnerTenantIdProperty, planPartner, readPartnerRef, syncPolicyPath } from '../../descriptions/partnerTenantId';
import type { ItemPlan, PlanStep } from '../plan';
import { POLICY_MISSING } from '../syncPolicy/writeFlow';

const properties: INodeProperties[] = [
	partnerTenantIdProperty,
	{
		displayName: 'Delete Sync Policy First',
		name: 'deleteSyncPolicyFirst',
		type: 'boolean',
		default: false,
		description:
			"Whether to delete the partner's identity synchronization policy first: Graph refuses to delete a partner while it exists",
	},
	retryOnlyOptions,
];

export const description = updateDisplayOptions({ show: { resource: ['partner'], operation: ['delete'] } }, properties);

export function plan(ctx: IExecuteFunctions, itemIndex: number): ItemPlan {
	const partner = readPartnerRef(ctx, itemIndex);
	const deleteSyncPolicyFirst = ctx.getNodeParameter('deleteSyncPolicyFirst', itemIndex, false) as boolean;
	return {
		itemIndex,
		operation: 'delete',
		...planPartner(partner),
		start: forPartner(partner, (partnerTenantId) => {
			const deletePartner = (syncPolicyDeleted: boolean): PlanStep => ({
				call: { method: 'DELETE', path: partnerPath(partnerTenantId) },
				onSuccess: (reply) => ({
					output: {
						success: true,
						operation: 'delete',
						partnerTenantId,
						statusCode: reply.statusCode,
						changed: true,
						syncPolicyDeleted,
						requestId: reply.requestId,
					},
				}),
			});
			if (!deleteSyncPolicyFirst) return { next: deletePartner(false) };
			return {
				next: {
					call: { method: 'DELETE', path: syncPolicyPath(partnerTenantId) },
					onSuccess: () => ({ next: deletePartner(true) }),
					onFailure: (failure) => (POLICY_MISSING(failure) ? { next: deletePartner(false) } : undefined),
				},
			};
		}),
	};
}
