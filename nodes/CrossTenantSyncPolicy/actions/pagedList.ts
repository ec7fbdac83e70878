import type { IDataObject } from 'n8n-workflow';

import type { GraphCall, PlanStep, StepOutcome } from '../plan';
import type { ParameterReader } from './parameters';

/** Return All / Limit read strictly: how many entries a Get Many outputs. */
export function readLimit(params: ParameterReader): number {
	const returnAll = params.boolean('returnAll', 'Return All', false);
	return returnAll ? Infinity : params.integer('limit', 'Limit', { min: 1, max: 1_000_000 }, 50);
}

/**
 * The most pages one read follows. Far beyond any real partner list: the cross-tenant access policy is capped at
 * 25 KB (a few hundred partners at most), so even pages of one partner each end well before.
 */
export const MAX_PAGES = 1_000;

const STOPPED = 'the list stopped there and nothing more was read';

/**
 * An entry's key: a partner's tenant ID, or another object's ID (GUIDs, so lower-cased: their case says nothing);
 * none for an entry without one.
 */
function entryKey(entry: unknown): string | undefined {
	if (entry === null || typeof entry !== 'object') return undefined;
	const { tenantId, id } = entry as IDataObject;
	const key = tenantId ?? id;
	return typeof key === 'string' ? key.toLowerCase() : undefined;
}

/**
 * Reads a Graph list page by page (following `@odata.nextLink`) and outputs what `pick` keeps of each entry, in
 * Graph's order, until `limit` are found, then ends with `finish` (by default: those entries are the output). `reader` names who reads (e.g. "Partner → Get Many") in its errors.
 *
 * A list that does not move on fails the read instead of going on forever: a page link handed out twice, a page whose
 * entries were all read on earlier pages (a link may differ only in a parameter Graph ignores while the entries
 * repeat), or more than MAX_PAGES pages. A page that repeats only some entries is read on: offset paging shifts
 * entries to the next page when partners are added meanwhile.
 */
export function pagedList(
	reader: string,
	first: GraphCall,
	limit: number,
	pick: (entry: unknown) => IDataObject | undefined,
	finish: (found: IDataObject[]) => StepOutcome = (found) => ({ output: found }),
): PlanStep {
	const found: IDataObject[] = [];
	const linksFollowed = new Set<string>();
	const keysRead = new Set<string>();
	let pagesRead = 0;
	const page = (call: GraphCall): PlanStep => ({
		call,
		onSuccess: (reply) => {
			const body = reply.body as { value: unknown[]; '@odata.nextLink'?: unknown };
			pagesRead += 1;
			const keys = body.value.map(entryKey);
			const repeatsOnly = pagesRead > 1 && keys.length > 0 && keys.every((key) => key !== undefined && keysRead.has(key));
			if (repeatsOnly) {
				throw new Error(
					`${reader}: page ${pagesRead} of the list holds only entries already read on earlier pages (Graph's next page link changed, the entries did not); ${STOPPED}`,
				);
			}
			for (const key of keys) if (key !== undefined) keysRead.add(key);
			for (const entry of body.value) {
				if (found.length >= limit) break;
				const kept = pick(entry);
				if (kept) found.push(kept);
			}
			const nextLink = body['@odata.nextLink'];
			if (found.length >= limit || typeof nextLink !== 'string') return finish(found);
			if (linksFollowed.has(nextLink)) throw new Error(`${reader}: Graph handed out the same page link twice (after page ${pagesRead}); ${STOPPED}`);
			if (pagesRead >= MAX_PAGES) {
				throw new Error(`${reader}: the list goes on past ${MAX_PAGES.toLocaleString('en-US')} pages, the most one read follows; ${STOPPED}`);
			}
			linksFollowed.add(nextLink);
			return { next: page({ method: 'GET', path: '', absoluteUrl: nextLink, list: true }) };
		},
	});
	return page(first);
}
