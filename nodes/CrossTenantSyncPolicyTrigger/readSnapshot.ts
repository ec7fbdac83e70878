import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import { runPlans } from '../CrossTenantSyncPolicy/executor/runPlans';
import { pagedList } from '../CrossTenantSyncPolicy/actions/pagedList';
import { isNotFound } from '../CrossTenantSyncPolicy/errors/graphFailure';
import type { RequestSettings } from '../CrossTenantSyncPolicy/actions/requestSettings';
import type { ItemPlan, PlanStep } from '../CrossTenantSyncPolicy/plan';
import { withoutODataAnnotations } from '../CrossTenantSyncPolicy/plan';
import type { GraphTransport } from '../CrossTenantSyncPolicy/transport/graphTransport';
import { createGraphTransport } from '../CrossTenantSyncPolicy/transport/graphTransport';
import { PARTNERS_PATH, partnerPath } from '../CrossTenantSyncPolicy/transport/graphPaths';
import type { Snapshot } from './drift';
import { missingFrom, partnerState } from './drift';

/** Every partner's tenant ID, automatic user consent settings and (expanded) identity sync policy, in one list. */
export const WATCHED_QUERY = '$select=tenantId,automaticUserConsentSettings&$expand=identitySynchronization';

/** Records each partner of every page into the snapshot (outputs nothing itself). */
function pages(into: Snapshot): PlanStep {
	return pagedList("The trigger's poll", { method: 'GET', path: `${PARTNERS_PATH}?${WATCHED_QUERY}`, list: true }, Infinity, (entry) => {
		const partner = withoutODataAnnotations(entry);
		if (typeof partner.tenantId === 'string') into[partner.tenantId] = partnerState(partner as IDataObject);
		return undefined;
	});
}

/** A GET of one subject: outputs whether it is still there. */
function lookUp(id: string, path: string): ItemPlan {
	const answer = (present: boolean) => ({ output: { id, present } });
	return {
		itemIndex: 0,
		operation: 'watch',
		subject: id,
		start: {
			next: {
				call: { method: 'GET', path },
				onSuccess: () => answer(true),
				// Only a not-found proves it gone; any other failure fails the poll.
				onFailure: (failure) => (isNotFound(failure) ? answer(false) : undefined),
			},
		},
	};
}

async function listPartners(ctx: IPollFunctions, transport: GraphTransport, options: RequestSettings): Promise<Snapshot> {
	const snapshot: Snapshot = {};
	const [result] = await runPlans(ctx, transport, [{ itemIndex: 0, operation: 'watch', subject: 'all partners', start: { next: pages(snapshot) } }], {
		batch: false,
		maxRetries: options.maxRetries,
		maxInFlight: 1,
	});
	if ('error' in result) throw result.error;
	return snapshot;
}

/** The IDs of those subjects (partners, configurations) that Graph still has, each read at `pathOf(id)`. */
export async function stillThere(ctx: IPollFunctions, transport: GraphTransport, ids: string[], pathOf: (id: string) => string, options: RequestSettings): Promise<string[]> {
	if (ids.length === 0) return [];
	const results = await runPlans(ctx, transport, ids.map((id) => lookUp(id, pathOf(id))), {
		batch: ids.length > 1,
		maxRetries: options.maxRetries,
		maxInFlight: 1,
	});
	const present: string[] = [];
	for (const result of results) {
		if ('error' in result) throw result.error;
		const { id, present: found } = result.output as IDataObject;
		if (found === true) present.push(String(id));
	}
	return present;
}

/**
 * Reads the watched state of every partner through the node's executor (paging, throttling, retries, errors as in
 * the node). A partner of `previous` that the list lacks is looked up by ID before it counts as removed: the list
 * pages by offset, so a partner deleted while it is read makes the next page skip another one. A partner the lookup
 * finds keeps its state from `previous` (what changed on it is seen by the next poll); one it does not find is gone.
 */
export async function readSnapshot(ctx: IPollFunctions, previous: Snapshot | undefined, options: RequestSettings): Promise<Snapshot> {
	const transport = await createGraphTransport(ctx, { timeoutMs: options.timeoutMs });
	const listed = await listPartners(ctx, transport, options);
	if (previous === undefined) return listed;
	const skipped = await stillThere(ctx, transport, missingFrom(listed, previous), partnerPath, options);
	return { ...listed, ...Object.fromEntries(skipped.map((partnerTenantId) => [partnerTenantId, previous[partnerTenantId]])) };
}
