import type { IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { newPartnerTenantIdProperty } from '../../descriptions/partnerTenantId';
import { optionsCollection } from '../../descriptions/requestOptions';
import { PARTNERS_PATH } from '../../transport/graphPaths';
import { ParameterReader } from '../parameters';
import { forPartner, planPartner, readPartnerRef } from '../partnerRef';
import type { ItemPlan } from '../../plan';
import { withoutODataAnnotations } from '../../plan';

export const description = updateDisplayOptions({ show: { resource: ['partner'], operation: ['create'] } }, [newPartnerTenantIdProperty, optionsCollection()]);

export function plan(ctx: IExecuteFunctions, itemIndex: number): ItemPlan {
	const partner = readPartnerRef(new ParameterReader(ctx, itemIndex));
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
