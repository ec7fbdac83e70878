import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import { runPlans } from '../CrossTenantSyncPolicy/executor/runPlans';
import { pagedList } from '../CrossTenantSyncPolicy/actions/pagedList';
import type { PlanStep } from '../CrossTenantSyncPolicy/plan';
import { withoutODataAnnotations } from '../CrossTenantSyncPolicy/plan';
import { createGraphTransport } from '../CrossTenantSyncPolicy/transport/graphTransport';
import { PARTNERS_PATH } from '../CrossTenantSyncPolicy/transport/graphPaths';
import type { Snapshot } from './drift';
import { partnerState } from './drift';

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

/** Reads the watched state of every partner through the node's executor (paging, throttling, retries, errors as in the node). */
export async function readSnapshot(ctx: IPollFunctions, options: { maxRetries: number; timeoutMs: number }): Promise<Snapshot> {
	const transport = await createGraphTransport(ctx, { timeoutMs: options.timeoutMs });
	const snapshot: Snapshot = {};
	const [result] = await runPlans(ctx, transport, [{ itemIndex: 0, operation: 'watch', partner: 'all partners', perPartner: false, start: { next: pages(snapshot) } }], {
		batch: false,
		maxRetries: options.maxRetries,
		maxInFlight: 1,
	});
	if ('error' in result) throw result.error;
	return snapshot;
}
