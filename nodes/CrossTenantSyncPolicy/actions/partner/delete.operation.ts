import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { partnerTenantIdProperty } from '../../descriptions/partnerTenantId';
import { optionsCollection } from '../../descriptions/requestOptions';
import { partnerPath, syncPolicyPath } from '../../transport/graphPaths';
import { deletedOutput } from '../outputs';
import { isNotFound } from '../../errors/graphFailure';
import { ParameterReader } from '../parameters';
import { forPartner, planPartner, readPartnerRef } from '../partnerRef';
import type { ItemPlan, PlanStep } from '../../plan';

const properties: INodeProperties[] = [
	{
		displayName:
			"This removes the partner's whole cross-tenant access configuration — its inbound and outbound access and trust settings, and with Delete Sync Policy First its sync policy — and the organization falls back to your default settings. To stop synchronization only, use Sync Policy → Update (Allow User Sync Inbound off) or Sync Policy → Delete.",
		name: 'partnerDeleteNotice',
		type: 'notice',
		default: '',
	},
	partnerTenantIdProperty,
	{
		displayName: 'Delete Sync Policy First',
		name: 'deleteSyncPolicyFirst',
		type: 'boolean',
		default: false,
		description:
			"Whether to delete the partner's identity synchronization policy first: Graph refuses to delete a partner while it exists",
	},
	optionsCollection(),
];

export const description = updateDisplayOptions({ show: { resource: ['partner'], operation: ['delete'] } }, properties);

export function plan(ctx: IExecuteFunctions, itemIndex: number): ItemPlan {
	const params = new ParameterReader(ctx, itemIndex);
	const partner = readPartnerRef(params);
	const deleteSyncPolicyFirst = params.boolean('deleteSyncPolicyFirst', 'Delete Sync Policy First', false);
	return {
		itemIndex,
		operation: 'delete',
		...planPartner(partner),
		start: forPartner(partner, (partnerTenantId) => {
			const deletePartner = (syncPolicyDeleted: boolean): PlanStep => ({
				call: { method: 'DELETE', path: partnerPath(partnerTenantId) },
				onSuccess: (reply) => ({ output: deletedOutput(partnerTenantId, reply, { syncPolicyDeleted }) }),
			});
			if (!deleteSyncPolicyFirst) return { next: deletePartner(false) };
			return {
				next: {
					call: { method: 'DELETE', path: syncPolicyPath(partnerTenantId) },
					onSuccess: () => ({ next: deletePartner(true) }),
					onFailure: (failure) => (isNotFound(failure) ? { next: deletePartner(false) } : undefined),
				},
			};
		}),
	};
}
