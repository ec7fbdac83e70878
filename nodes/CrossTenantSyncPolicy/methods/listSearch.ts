import type { ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { GraphCall } from '../plan';
import { graphApiError } from '../errors/graphErrorMap';
import { parseGraphFailure } from '../errors/graphFailure';
import { configurationsPath, PARTNERS_PATH } from '../transport/graphPaths';
import { createGraphTransport } from '../transport/graphTransport';

interface PartnerEntry {
	tenantId?: unknown;
	identitySynchronization?: { displayName?: unknown } | null;
}

interface ListPage {
	value?: Array<PartnerEntry & { id?: unknown; displayName?: unknown }>;
	'@odata.nextLink'?: unknown;
}

/** One page of a Graph list for a picker, or the error that says why not. */
async function listPage(ctx: ILoadOptionsFunctions, first: string, paginationToken: string | undefined, what: string): Promise<ListPage> {
	const transport = await createGraphTransport(ctx);
	const call: GraphCall = paginationToken ? { method: 'GET', path: '', absoluteUrl: paginationToken, list: true } : { method: 'GET', path: first, list: true };
	const response = await transport.send(call);
	if (response.kind !== 'answered') {
		throw new NodeOperationError(ctx.getNode(), `Could not list ${what}: ${response.message}`, { description: response.kind === 'refused' ? response.description : undefined });
	}
	if (response.statusCode >= 400) {
		const failure = parseGraphFailure(response.statusCode, response.body, response.headers);
		throw graphApiError(ctx.getNode(), failure, { operation: `list ${what}`, subject: `all ${what}`, call }, 0);
	}
	return (response.body ?? {}) as ListPage;
}

function picked(page: ListPage, results: INodeListSearchItems[], filter?: string): INodeListSearchResult {
	const needle = filter?.trim().toLowerCase();
	const nextLink = page['@odata.nextLink'];
	return { results: results.filter((item) => !needle || item.name.toLowerCase().includes(needle)), paginationToken: typeof nextLink === 'string' ? nextLink : undefined };
}

/** The partner picker: one page of partners, named by their sync policy's display name or else their tenant ID. */
export async function searchPartners(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	const page = await listPage(this, `${PARTNERS_PATH}?$expand=identitySynchronization&$top=100`, paginationToken, 'partners');
	const results = (page.value ?? [])
		.filter((partner): partner is PartnerEntry & { tenantId: string } => typeof partner.tenantId === 'string')
		.map((partner) => {
			const displayName = partner.identitySynchronization?.displayName;
			return { name: typeof displayName === 'string' && displayName !== '' ? `${displayName} (${partner.tenantId})` : partner.tenantId, value: partner.tenantId };
		});
	return picked(page, results, filter);
}

/** The configuration picker: this tenant's cross-tenant sync configurations, by display name. */
export async function searchConfigurations(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	const page = await listPage(this, `${configurationsPath()}&$select=id,displayName&$top=100`, paginationToken, 'sync configurations');
	const results = (page.value ?? [])
		.filter((entry): entry is { id: string; displayName?: unknown } => typeof entry.id === 'string')
		.map((entry) => ({ name: typeof entry.displayName === 'string' && entry.displayName !== '' ? `${entry.displayName} (${entry.id})` : entry.id, value: entry.id }));
	return picked(page, results, filter);
}
