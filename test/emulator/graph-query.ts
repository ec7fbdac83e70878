import { graphErrors } from './graph-errors';
import { PARTNER_PROPERTIES } from './state';

const PARTNER_TYPE = 'microsoft.graph.crossTenantAccessPolicyConfigurationPartner';
const NAVIGATION_PROPERTIES = ['identitySynchronization'];
const SELECTABLE = ['tenantId', ...PARTNER_PROPERTIES, ...NAVIGATION_PROPERTIES];
const MAX_PAGE_SIZE = 999;

/** The OData options the emulated partner endpoints understand; others are ignored like Graph ignores unknown ones. */
export interface PartnerQuery {
	top?: number;
	offset: number;
	expand: string[];
	select?: string[];
}

function propertyList(value: string | null, option: string, allowed: string[]): string[] | undefined {
	if (value === null) return undefined;
	const names = value
		.split(',')
		.map((name) => name.trim())
		.filter((name) => name !== '');
	for (const name of names) {
		if (!allowed.includes(name)) {
			throw graphErrors.badRequest(`Could not find a property named '${name}' on type '${PARTNER_TYPE}'.`);
		}
	}
	if (names.length === 0) throw graphErrors.badRequest(`The query specified in the URI is not valid. The ${option} query option is empty.`);
	return names;
}

/** $top and $skiptoken (the emulator's skip tokens encode an offset), as every emulated list reads them. */
export function parsePaging(params: URLSearchParams): { top?: number; offset: number } {
	const paging: { top?: number; offset: number } = { offset: 0 };
	const top = params.get('$top');
	if (top !== null) {
		const value = Number(top);
		if (!Number.isInteger(value) || value < 1 || value > MAX_PAGE_SIZE) {
			throw graphErrors.badRequest(`Invalid page size specified: '${top}'. Must be between 1 and ${MAX_PAGE_SIZE} inclusive.`);
		}
		paging.top = value;
	}
	const skipToken = params.get('$skiptoken');
	if (skipToken !== null) {
		const offset = Number(Buffer.from(skipToken, 'base64url').toString('utf8'));
		if (!Number.isInteger(offset) || offset < 0) throw graphErrors.badRequest(`Invalid skip token '${skipToken}'.`);
		paging.offset = offset;
	}
	return paging;
}

export function parsePartnerQuery(url: URL): PartnerQuery {
	const params = url.searchParams;
	return {
		expand: propertyList(params.get('$expand'), '$expand', NAVIGATION_PROPERTIES) ?? [],
		select: propertyList(params.get('$select'), '$select', SELECTABLE),
		...parsePaging(params),
	};
}

export function shapeResource(resource: Record<string, unknown>, query: PartnerQuery): Record<string, unknown> {
	if (!query.select) return resource;
	const selected = new Set([...query.select, ...query.expand]);
	return Object.fromEntries(Object.entries(resource).filter(([name]) => selected.has(name)));
}

function linkWith(requestUrl: URL, set: Record<string, string>): string {
	const params = new URLSearchParams(requestUrl.search);
	for (const [name, value] of Object.entries(set)) params.set(name, value);
	// Graph writes "$top", not "%24top", in its links.
	const search = params.toString().replace(/%24/g, '$');
	return `${requestUrl.origin}${requestUrl.pathname}?${search}`;
}

/** One page of items plus the @odata.nextLink that fetches the next one (same URL, new $skiptoken). */
export function page<T>(items: T[], query: Pick<PartnerQuery, 'top' | 'offset'>, requestUrl: URL, serverPageSize?: number): { items: T[]; nextLink?: string } {
	const size = query.top ?? serverPageSize;
	if (size === undefined) return { items: items.slice(query.offset) };
	const end = query.offset + size;
	const slice = items.slice(query.offset, end);
	if (end >= items.length) return { items: slice };
	return { items: slice, nextLink: linkWith(requestUrl, { $skiptoken: Buffer.from(String(end)).toString('base64url') }) };
}

/**
 * Faults.repeatingPages: the first page again, whatever the skip token, and a nextLink that differs from this URL
 * only in a parameter Graph ignores (`attempt`, counted up), so no link repeats though the entries do.
 */
export function repeatedFirstPage<T>(items: T[], query: PartnerQuery, requestUrl: URL, serverPageSize?: number): { items: T[]; nextLink: string } {
	const size = query.top ?? serverPageSize ?? items.length;
	const attempt = Number(requestUrl.searchParams.get('attempt') ?? 0) + 1;
	return { items: items.slice(0, size), nextLink: linkWith(requestUrl, { attempt: String(attempt) }) };
}
