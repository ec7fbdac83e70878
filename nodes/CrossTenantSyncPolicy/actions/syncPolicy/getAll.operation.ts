import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { requestOptions } from '../../descriptions/requestOptions';
import { PARTNERS_PATH } from '../../transport/graphPaths';
import { ParameterReader } from '../parameters';
import type { ApiVersion, GraphCall, ItemPlan, PlanStep } from '../../plan';
import { withoutODataAnnotations } from '../../plan';
import { apiVersionOption, readApiVersion } from './fields';

const properties: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [apiVersionOption, ...requestOptions],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['syncPolicy'], operation: ['getAll'] } }, properties);

/** Microsoft's list example: every partner's tenant ID with its sync policy expanded (null where it has none). */
const SYNC_POLICIES_QUERY = '$select=tenantId&$expand=identitySynchronization';

/** Reads the pages of partners and outputs the sync policies among them, in Graph's order; stops once `limit` are found. */
function syncPolicyPages(version: ApiVersion, limit: number): PlanStep {
	const found: IDataObject[] = [];
	const linksFollowed = new Set<string>();
	const page = (call: GraphCall): PlanStep => ({
		call,
		onSuccess: (reply) => {
			const body = reply.body as { value: unknown[]; '@odata.nextLink'?: unknown };
			for (const entry of body.value) {
				if (found.length >= limit) break;
				const partner = withoutODataAnnotations(entry);
				const policy = partner.identitySynchronization;
				if (policy === null || typeof policy !== 'object' || Array.isArray(policy)) continue;
				const partnerTenantId = typeof partner.tenantId === 'string' ? partner.tenantId : String((policy as IDataObject).tenantId ?? '');
				found.push({ ...withoutODataAnnotations(policy), partnerTenantId });
			}
			const nextLink = body['@odata.nextLink'];
			if (found.length >= limit || typeof nextLink !== 'string') return { output: found };
			if (linksFollowed.has(nextLink)) throw new Error(`Graph handed out the same page link twice (${linksFollowed.size} pages read); stopped instead of reading forever`);
			linksFollowed.add(nextLink);
			return { next: page({ method: 'GET', path: '', absoluteUrl: nextLink, list: true }) };
		},
	});
	return page({ method: 'GET', path: `${PARTNERS_PATH}?${SYNC_POLICIES_QUERY}`, version, list: true });
}

export function plan(ctx: IExecuteFunctions, itemIndex: number): ItemPlan {
	const params = new ParameterReader(ctx, itemIndex);
	const returnAll = params.boolean('returnAll', 'Return All', false);
	const limit = returnAll ? Infinity : params.integer('limit', 'Limit', { min: 1, max: 1_000_000 }, 50);
	const version = readApiVersion(params);
	return {
		itemIndex,
		operation: 'getAll',
		partner: 'all partners',
		perPartner: false,
		start: { next: syncPolicyPages(version, limit) },
	};
}
