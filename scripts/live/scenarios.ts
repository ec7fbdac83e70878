/**
 * The conformance scenarios of `npm run test:live`: requests whose answers decide the "assumed" rows of
 * docs/graph-behaviours.md. They run against any Graph that a LiveClient reaches (a lab tenant, or the
 * emulator in test/conformance/live.test.ts) and observe status and error code, never more.
 */

export interface LiveAnswer {
	status: number;
	headers: Record<string, string>;
	body: unknown;
}

export interface LiveClient {
	/** `path` relative to the version root, e.g. /policies/crossTenantAccessPolicy/partners. */
	send(method: string, path: string, body?: unknown): Promise<LiveAnswer>;
}

export interface LiveIds {
	/** A partner tenant set aside for tests (its partner configuration and sync policy may be written with --write). */
	partner: string;
	/** A fresh random tenant ID: surely no partner. */
	nonPartner: string;
}

/** One request and what came back; `row` names the row of docs/graph-behaviours.md it informs. */
export interface Observation {
	step: string;
	row: number;
	method: string;
	/** With {partner} / {nonPartner} in place of the IDs. */
	path: string;
	status: number;
	code?: string;
	/** Top-level property names of a success body (values are never kept). */
	properties?: string[];
}

export interface ScenarioRun {
	write: boolean;
	/** The test partner's state before the run (the write scenarios put it back). */
	initial: { partnerExists: boolean; syncPolicy: Record<string, unknown> | null };
	observations: Observation[];
}

const PARTNERS = '/policies/crossTenantAccessPolicy/partners';
const partnerPath = (id: string) => `${PARTNERS}/${id}`;
const syncPath = (id: string) => `${partnerPath(id)}/identitySynchronization`;
const ON = { userSyncInbound: { isSyncAllowed: true } };

function errorCode(body: unknown): string | undefined {
	const code = (body as { error?: { code?: unknown } } | undefined)?.error?.code;
	return typeof code === 'string' ? code : undefined;
}

function sanitizePath(path: string, ids: LiveIds): string {
	return path.replaceAll(ids.partner, '{partner}').replaceAll(ids.nonPartner, '{nonPartner}');
}

export async function runScenarios(client: LiveClient, ids: LiveIds, options: { write: boolean }): Promise<ScenarioRun> {
	const observations: Observation[] = [];
	const observe = async (step: string, row: number, method: string, path: string, body?: unknown): Promise<LiveAnswer> => {
		const answer = await client.send(method, path, body);
		const success = answer.status >= 200 && answer.status < 300;
		const properties = success && answer.body && typeof answer.body === 'object' ? Object.keys(answer.body).filter((k) => !k.startsWith('@odata.')).sort() : undefined;
		observations.push({ step, row, method, path: sanitizePath(path, ids), status: answer.status, code: success ? undefined : errorCode(answer.body), properties });
		return answer;
	};

	// Read-only: nothing here can change the tenant.
	await observe('list partners with $top', 14, 'GET', `${PARTNERS}?$top=1`);
	const partner = await observe('get the test partner', 3, 'GET', partnerPath(ids.partner));
	const policy = await observe('get the test partner sync policy', 9, 'GET', syncPath(ids.partner));
	await observe('get a non-partner', 11, 'GET', partnerPath(ids.nonPartner));
	await observe('get the sync policy of a non-partner', 10, 'GET', syncPath(ids.nonPartner));
	const initial = {
		partnerExists: partner.status === 200,
		syncPolicy: policy.status === 200 ? syncPolicyFields(policy.body) : null,
	};
	if (!options.write) return { write: false, initial, observations };

	// Writes: only on the test partner, or refused ones on a random non-partner. The partner is put back at the end.
	await observe('PATCH the sync policy of a non-partner', 10, 'PATCH', syncPath(ids.nonPartner), ON);
	await observe('PUT the sync policy of a non-partner', 10, 'PUT', syncPath(ids.nonPartner), ON);
	await observe('DELETE the sync policy of a non-partner', 10, 'DELETE', syncPath(ids.nonPartner));
	if (initial.syncPolicy) await observe('DELETE the test sync policy (to start clean)', 2, 'DELETE', syncPath(ids.partner));
	if (initial.partnerExists) await observe('DELETE the test partner (to start clean)', 3, 'DELETE', partnerPath(ids.partner));
	await observe('POST the test partner', 3, 'POST', PARTNERS, { tenantId: ids.partner });
	const early = await observe('PUT its sync policy right after the POST (replication)', 13, 'PUT', syncPath(ids.partner), ON);
	await waitFor(async () => (await client.send('GET', partnerPath(ids.partner))).status === 200);
	if (early.status === 204) await observe('DELETE the sync policy the early PUT created', 2, 'DELETE', syncPath(ids.partner));
	await observe('POST the test partner again', 12, 'POST', PARTNERS, { tenantId: ids.partner });
	await observe('PATCH the sync policy of a partner without one', 9, 'PATCH', syncPath(ids.partner), ON);
	await observe('DELETE the sync policy of a partner without one', 9, 'DELETE', syncPath(ids.partner));
	await observe('PUT the sync policy', 1, 'PUT', syncPath(ids.partner), ON);
	await observe('PUT the sync policy again', 8, 'PUT', syncPath(ids.partner), ON);
	await observe('DELETE the partner while its sync policy exists', 7, 'DELETE', partnerPath(ids.partner));
	await observe('DELETE the sync policy', 2, 'DELETE', syncPath(ids.partner));
	await observe('DELETE the partner', 3, 'DELETE', partnerPath(ids.partner));

	// Put the test partner back as it was.
	if (initial.partnerExists) {
		await waitFor(async () => (await client.send('POST', PARTNERS, { tenantId: ids.partner })).status < 300 || (await client.send('GET', partnerPath(ids.partner))).status === 200);
		if (initial.syncPolicy) await waitFor(async () => (await client.send('PUT', syncPath(ids.partner), initial.syncPolicy)).status === 204);
	}
	return { write: true, initial, observations };
}

function syncPolicyFields(body: unknown): Record<string, unknown> {
	const policy = (body ?? {}) as Record<string, unknown>;
	return Object.fromEntries(Object.entries(policy).filter(([key, value]) => key !== 'tenantId' && !key.startsWith('@odata.') && value !== null));
}

/** Polls up to ~8 s (Graph's replication); true when the check passed. */
async function waitFor(check: () => Promise<boolean>): Promise<boolean> {
	for (const delay of [0, 250, 500, 1000, 2000, 4000]) {
		if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
		if (await check()) return true;
	}
	return false;
}

/**
 * What the observations say about each emulator reading (test/emulator/readings.ts); a reading the run did not
 * touch (read-only run, or an answer outside the choices) is left out.
 */
export function readingsFrom(observations: Observation[]): Record<string, string | number> {
	const find = (step: string) => observations.find((o) => o.step === step);
	const readings: Record<string, string | number> = {};
	const codeOf = (step: string, status = 404) => {
		const o = find(step);
		return o?.status === status && (o.code === 'Request_ResourceNotFound' || o.code === 'Directory_ObjectNotFound') ? o.code : undefined;
	};
	const missingPartner = codeOf('get a non-partner');
	if (missingPartner) readings.missingPartner = missingPartner;
	const missingPolicy = codeOf('PATCH the sync policy of a partner without one');
	if (missingPolicy) readings.missingSyncPolicy = missingPolicy;
	const nonPartnerPut = codeOf('PUT the sync policy of a non-partner');
	const nonPartnerPatch = codeOf('PATCH the sync policy of a non-partner');
	if (nonPartnerPut && nonPartnerPatch) {
		readings.nonPartnerSyncPolicy =
			nonPartnerPut === nonPartnerPatch ? nonPartnerPut : nonPartnerPut === 'Request_ResourceNotFound' && nonPartnerPatch === missingPolicy ? 'split' : `unexpected (PUT ${nonPartnerPut}, PATCH ${nonPartnerPatch})`;
	}
	const conflict = (step: string) => {
		const o = find(step);
		return o && (o.status === 400 || o.status === 409) && o.code === 'Request_MultipleObjectsWithSameKeyValue' ? o.status : undefined;
	};
	const policyExists = conflict('PUT the sync policy again');
	if (policyExists) readings.syncPolicyExistsStatus = policyExists;
	const partnerExists = conflict('POST the test partner again');
	if (partnerExists) readings.partnerExistsStatus = partnerExists;
	const refusedDelete = find('DELETE the partner while its sync policy exists');
	if (refusedDelete && (refusedDelete.status === 400 || refusedDelete.status === 409)) readings.partnerWithSyncPolicyDeleteStatus = refusedDelete.status;
	return readings;
}
