import type { IDataObject } from 'n8n-workflow';

import type { GraphCall, PlanStep } from '../plan';
import type { ParameterReader } from './parameters';

/** Return All / Limit read strictly: how many entries a Get Many outputs. */
export function readLimit(params: ParameterReader): number {
	const returnAll = params.boolean('returnAll', 'Return All', false);
	return returnAll ? Infinity : params.integer('limit', 'Limit', { min: 1, max: 1_000_000 }, 50);
}

/**
 * Reads a Graph list page by page (following `@odata.nextLink`) and outputs what `pick` keeps of each entry, in
 * Graph's order, until `limit` are found; a page link handed out twice stops the read instead of looping.
 */
export function pagedList(first: GraphCall, limit: number, pick: (entry: unknown) => IDataObject | undefined): PlanStep {
	const found: IDataObject[] = [];
	const linksFollowed = new Set<string>();
	const page = (call: GraphCall): PlanStep => ({
		call,
		onSuccess: (reply) => {
			const body = reply.body as { value: unknown[]; '@odata.nextLink'?: unknown };
			for (const entry of body.value) {
				if (found.length >= limit) break;
				const kept = pick(entry);
				if (kept) found.push(kept);
			}
			const nextLink = body['@odata.nextLink'];
			if (found.length >= limit || typeof nextLink !== 'string') return { output: found };
			if (linksFollowed.has(nextLink)) throw new Error(`Graph handed out the same page link twice (${linksFollowed.size} pages read); stopped instead of reading forever`);
			linksFollowed.add(nextLink);
			return { next: page({ method: 'GET', path: '', absoluteUrl: nextLink, list: true }) };
		},
	});
	return page(first);
}
