import type { ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';

import { PARTNERS_PATH } from '../descriptions/partnerTenantId';
import { createGraphTransport } from '../transport/graphTransport';

interface PartnerPage {
	value?: Array<{ tenantId?: unknown; identitySynchronization?: { displayName?: unknown } | null }>;
	'@odata.nextLink'?: unknown;
}

/** The partner picker: one page of partners, named by their sync policy's display name or else their tenant ID. */
export async function searchPartners(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const transport = await createGraphTransport(this);
	const call = paginationToken
		? { method: 'GET' as const, path: '', absoluteUrl: paginationToken }
		: { method: 'GET' as const, path: `${PARTNERS_PATH}?$expand=identitySynchronization&$top=100` };
	const response = await transport.send(call);
	if (response.statusCode >= 400) {
		const error = (response.body as { error?: { code?: string; message?: string } } | undefined)?.error;
		throw new Error(`Could not list partners: ${error?.code ?? response.statusCode} ${error?.message ?? ''}`.trim());
	}
	const page = (response.body ?? {}) as PartnerPage;
	const needle = filter?.trim().toLowerCase();
	const results: INodeListSearchItems[] = (page.value ?? [])
		.filter((partner): partner is { tenantId: string; identitySynchronization?: { displayName?: unknown } | null } => typeof partner.tenantId === 'string')
		.map((partner) => {
			const displayName = partner.identitySynchronization?.displayName;
			return {
				name: typeof displayName === 'string' && displayName !== '' ? `${displayName} (${partner.tenantId})` : partner.tenantId,
				value: partner.tenantId,
			};
		})
		.filter((item) => !needle || item.name.toLowerCase().includes(needle));
	const nextLink = page['@odata.nextLink'];
	return { results, paginationToken: typeof nextLink === 'string' ? nextLink : undefined };
}
