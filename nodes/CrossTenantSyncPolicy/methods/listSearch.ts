import type { ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { GraphCall } from '../plan';
import { graphApiError } from '../errors/graphErrorMap';
import { parseGraphFailure } from '../errors/graphFailure';
import { PARTNERS_PATH } from '../transport/graphPaths';
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
	const call: GraphCall = paginationToken
		? { method: 'GET', path: '', absoluteUrl: paginationToken, list: true }
		: { method: 'GET', path: `${PARTNERS_PATH}?$expand=identitySynchronization&$top=100`, list: true };
	const response = await transport.send(call);
	if (response.kind !== 'answered') {
		throw new NodeOperationError(this.getNode(), `Could not list partners: ${response.message}`, { description: response.kind === 'refused' ? response.description : undefined });
	}
	if (response.statusCode >= 400) {
		const failure = parseGraphFailure(response.statusCode, response.body, response.headers);
		throw graphApiError(this.getNode(), failure, { operation: 'list partners', subject: 'all partners', call }, 0);
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
