import type { IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { partnerTenantIdProperty } from '../../descriptions/partnerTenantId';
import { optionsCollection } from '../../descriptions/requestOptions';
import { syncPolicyPath } from '../../transport/graphPaths';
import { ParameterReader } from '../parameters';
import { forPartner, planPartner, readPartnerRef } from '../partnerRef';
import type { ItemPlan } from '../../plan';
import { deletedOutput } from '../outputs';

export const description = updateDisplayOptions({ show: { resource: ['syncPolicy'], operation: ['delete'] } }, [partnerTenantIdProperty, optionsCollection()]);

export function plan(ctx: IExecuteFunctions, itemIndex: number): ItemPlan {
	const partner = readPartnerRef(new ParameterReader(ctx, itemIndex));
	return {
		itemIndex,
		operation: 'delete',
		...planPartner(partner),
		start: forPartner(partner, (partnerTenantId) => ({
			next: {
				call: { method: 'DELETE', path: syncPolicyPath(partnerTenantId) },
				onSuccess: (reply) => ({ output: deletedOutput(partnerTenantId, reply) }),
			},
		})),
	};
}
