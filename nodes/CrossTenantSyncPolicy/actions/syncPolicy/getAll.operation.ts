import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { optionsCollection } from '../../descriptions/requestOptions';
import { returnAllLimitFields } from '../../descriptions/returnAllLimit';
import { PARTNERS_PATH } from '../../transport/graphPaths';
import { pagedList, readLimit } from '../pagedList';
import { ParameterReader } from '../parameters';
import type { ItemPlan } from '../../plan';
import { withoutODataAnnotations } from '../../plan';
import { apiVersionOption, readApiVersion } from './fields';

const properties: INodeProperties[] = [
	...returnAllLimitFields,
	optionsCollection([apiVersionOption]),
];

export const description = updateDisplayOptions({ show: { resource: ['syncPolicy'], operation: ['getAll'] } }, properties);

/** Microsoft's list example: every partner's tenant ID with its sync policy expanded (null where it has none). */
const SYNC_POLICIES_QUERY = '$select=tenantId&$expand=identitySynchronization';

/** The sync policy of a partner entry of that list, with the partner's tenant ID; nothing for a partner without one. */
function syncPolicyOf(entry: unknown): IDataObject | undefined {
	const partner = withoutODataAnnotations(entry);
	const policy = partner.identitySynchronization;
	if (policy === null || typeof policy !== 'object' || Array.isArray(policy)) return undefined;
	const partnerTenantId = typeof partner.tenantId === 'string' ? partner.tenantId : String((policy as IDataObject).tenantId ?? '');
	return { ...withoutODataAnnotations(policy), partnerTenantId };
}

export function plan(ctx: IExecuteFunctions, itemIndex: number): ItemPlan {
	const params = new ParameterReader(ctx, itemIndex);
	const limit = readLimit(params);
	const version = readApiVersion(params);
	return {
		itemIndex,
		operation: 'getAll',
		subject: 'all partners',
		start: { next: pagedList('Sync Policy → Get Many', { method: 'GET', path: `${PARTNERS_PATH}?${SYNC_POLICIES_QUERY}`, version, list: true }, limit, syncPolicyOf) },
	};
}
