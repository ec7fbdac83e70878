import { graphErrors } from './graph-errors';
import { type FilterClause, matchesFilter, parseFilter } from './graph-odata-filter';
import { page, parsePaging } from './graph-query';
import type { GraphCall, GraphResult } from './graph-routes';

/** What a directory collection (servicePrincipals, applications, users, groups, members) lets a query name. */
export interface CollectionShape {
	/** OData type name for error messages, e.g. microsoft.graph.servicePrincipal. */
	type: string;
	/** Resource name in filter errors, e.g. ServicePrincipal. */
	resource: string;
	filterable: readonly string[];
	/** Every property of the type's resources ($select may name these). */
	selectable: readonly string[];
}

export interface DirectoryQuery {
	filter: FilterClause[];
	select?: string[];
	top?: number;
	offset: number;
}

/** $select names, in their canonical spelling (Graph matches them case-insensitively); unknown → 400. */
function selectList(value: string | null, shape: CollectionShape): string[] | undefined {
	if (value === null) return undefined;
	const names = value
		.split(',')
		.map((name) => name.trim())
		.filter((name) => name !== '');
	if (names.length === 0) throw graphErrors.badRequest('The query specified in the URI is not valid. The $select query option is empty.');
	return names.map((name) => {
		const known = shape.selectable.find((property) => property.toLowerCase() === name.toLowerCase());
		if (!known) throw graphErrors.badRequest(`Could not find a property named '${name}' on type '${shape.type}'.`);
		return known;
	});
}

/** $filter, $select, $top and $skiptoken of a directory list (or $select of a single object). */
export function parseDirectoryQuery(url: URL, shape: CollectionShape): DirectoryQuery {
	const params = url.searchParams;
	return {
		filter: parseFilter(params.get('$filter'), shape.filterable, shape.resource),
		select: selectList(params.get('$select'), shape),
		...parsePaging(params),
	};
}

/** Keeps the selected properties, and `id`, which Graph returns with every directory object. */
function selectProperties(resource: Record<string, unknown>, select: string[] | undefined): Record<string, unknown> {
	if (!select) return resource;
	return Object.fromEntries(Object.entries(resource).filter(([name]) => name === 'id' || select.includes(name)));
}

/** A list answer: filter, page (server page size as for partners), select, with @odata.context and nextLink. */
export function listAnswer(call: GraphCall, contextFragment: string, shape: CollectionShape, resources: Array<Record<string, unknown>>): GraphResult {
	const query = parseDirectoryQuery(call.request.url, shape);
	const matching = resources.filter((resource) => matchesFilter(resource, query.filter));
	const { items, nextLink } = page(matching, query, call.request.url, call.ctx.settings.serverPageSize);
	const body: Record<string, unknown> = {
		'@odata.context': `${call.base}/$metadata#${contextFragment}`,
		value: items.map((item) => selectProperties(item, query.select)),
	};
	if (nextLink) body['@odata.nextLink'] = nextLink;
	return { status: 200, body };
}

/** A single object's answer with $select applied. */
export function entityAnswer(call: GraphCall, contextFragment: string, shape: CollectionShape, resource: Record<string, unknown>): GraphResult {
	const select = selectList(call.request.url.searchParams.get('$select'), shape);
	return { status: 200, body: { '@odata.context': `${call.base}/$metadata#${contextFragment}`, ...selectProperties(resource, select) } };
}
