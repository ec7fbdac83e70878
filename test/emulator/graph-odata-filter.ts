import { graphErrors } from './graph-errors';

/** One comparison of a $filter: `property eq 'value'` or `startswith(property, 'value')`. */
export interface FilterClause {
	property: string;
	op: 'eq' | 'startswith';
	value: string;
}

const LITERAL = String.raw`'((?:[^']|'')*)'`;
const EQ = new RegExp(String.raw`^([A-Za-z][A-Za-z0-9]*)\s+eq\s+${LITERAL}$`, 'i');
const STARTS_WITH = new RegExp(String.raw`^startswith\(\s*([A-Za-z][A-Za-z0-9]*)\s*,\s*${LITERAL}\s*\)$`, 'i');

/** Splits on ` and ` outside string literals (a quote doubled inside a literal toggles twice: still inside). */
function splitOnAnd(filter: string): string[] {
	const parts: string[] = [];
	let current = '';
	let inLiteral = false;
	for (let i = 0; i < filter.length; i++) {
		if (filter[i] === "'") inLiteral = !inLiteral;
		const and = inLiteral ? null : /^\s+and\s+/i.exec(filter.slice(i));
		if (and) {
			parts.push(current);
			current = '';
			i += and[0].length - 1;
		} else {
			current += filter[i];
		}
	}
	parts.push(current);
	return parts.map((p) => p.trim());
}

/**
 * The subset of OData $filter the emulated directory lists understand: `eq` and `startswith` on string properties,
 * joined by `and`. Anything else answers 400 as Graph does for a clause it does not support. `properties` are the
 * filterable ones, matched case-insensitively and returned in their canonical spelling.
 */
export function parseFilter(filter: string | null, properties: readonly string[], resource: string): FilterClause[] {
	if (filter === null) return [];
	if (filter.trim() === '') throw graphErrors.badRequest('Invalid filter clause: the $filter query option is empty.');
	return splitOnAnd(filter).map((part) => {
		const match = EQ.exec(part) ?? STARTS_WITH.exec(part);
		if (!match) throw graphErrors.badRequest(`Invalid filter clause: '${part}' is not supported here.`);
		const property = properties.find((name) => name.toLowerCase() === match[1].toLowerCase());
		if (!property) {
			throw graphErrors.badRequest(`Unsupported or invalid query filter clause specified for property '${match[1]}' of resource '${resource}'.`);
		}
		return { property, op: EQ.test(part) ? 'eq' : 'startswith', value: match[2].replace(/''/g, "'") };
	});
}

/** Directory string comparisons are case-insensitive; a null property matches nothing. */
export function matchesFilter(resource: Record<string, unknown>, clauses: FilterClause[]): boolean {
	return clauses.every(({ property, op, value }) => {
		const actual = resource[property];
		if (typeof actual !== 'string') return false;
		const [left, right] = [actual.toLowerCase(), value.toLowerCase()];
		return op === 'eq' ? left === right : left.startsWith(right);
	});
}
