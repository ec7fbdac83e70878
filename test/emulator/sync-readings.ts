/**
 * The source side of cross-tenant sync where Microsoft's pages disagree or are silent: one switch each, in the style
 * of readings.ts. They are a set of their own (not GraphReadings) because the partner readings are compared whole
 * against a live run (test/conformance/live.test.ts, scripts/live) and the partner write flows run once per
 * READING_VARIANTS entry: the node's sync operations run under SYNC_READING_VARIANTS instead. See
 * docs/graph-behaviours.md, rows 20 and up (the source side of cross-tenant sync).
 */
export interface SyncReadings {
	/**
	 * Which validateCredentials URL answers. The cross-tenant guide POSTs …/synchronization/jobs/validateCredentials
	 * (with templateId); the API reference documents …/synchronization/jobs/{jobId}/validateCredentials.
	 * 'both': either; 'jobs': only the guide's (the other answers 400 "Resource not found for the segment");
	 * 'job': only the reference's (the guide's addresses a job named validateCredentials: 404).
	 */
	validateCredentialsUrl: 'both' | 'jobs' | 'job';
	/** Status of a failing validateCredentials (code AzureDirectoryB2BManagementPolicyCheckFailure): undocumented. */
	validateCredentialsFailureStatus: 400 | 409;
	/**
	 * Where a failing validateCredentials names what is missing. 'details': error.details, one {code, message, target}
	 * per missing setting; 'text': no details, every missing setting's sentence appended to error.message.
	 */
	validateCredentialsFailureBody: 'details' | 'text';
	/**
	 * Where provisionOnDemand puts its result. 'value' (the cross-tenant guide): key is the type name
	 * Microsoft.Identity.Health.CPP.Common.DataContracts.SyncFabric.StatusInfo, value a JSON array of one result
	 * ({provisioningSteps, statusInfo: {status}, …}). 'key' (the API reference): key is JSON {result, details},
	 * value the JSON result object.
	 */
	provisionOnDemandResult: 'value' | 'key';
	/** What provisionOnDemand's "5 requests per 10 seconds" counts: calls per job, or per calling app and tenant. */
	provisionOnDemandRateScope: 'job' | 'app';
	/**
	 * The answer to assigning a principal the configuration's app role a second time. 'Request_BadRequest': 400
	 * "Permission being assigned already exists on the object." (what clients observe); 'Request_MultipleObjectsWithSameKeyValue': 409.
	 */
	assignmentExists: 'Request_BadRequest' | 'Request_MultipleObjectsWithSameKeyValue';
}

export const DEFAULT_SYNC_READINGS: SyncReadings = {
	validateCredentialsUrl: 'both',
	validateCredentialsFailureStatus: 400,
	validateCredentialsFailureBody: 'details',
	provisionOnDemandResult: 'value',
	provisionOnDemandRateScope: 'job',
	assignmentExists: 'Request_BadRequest',
};

const CHOICES: { [K in keyof SyncReadings]: ReadonlyArray<SyncReadings[K]> } = {
	validateCredentialsUrl: ['both', 'jobs', 'job'],
	validateCredentialsFailureStatus: [400, 409],
	validateCredentialsFailureBody: ['details', 'text'],
	provisionOnDemandResult: ['value', 'key'],
	provisionOnDemandRateScope: ['job', 'app'],
	assignmentExists: ['Request_BadRequest', 'Request_MultipleObjectsWithSameKeyValue'],
};

/**
 * Every choice of every sync reading at least once: the defaults, then two combinations that flip every binary
 * reading and take the two one-URL forms (7 variants would be one per choice; these 3 meet them all).
 */
export const SYNC_READING_VARIANTS: Array<{ name: string; readings: Partial<SyncReadings> }> = [
	{ name: 'default sync readings', readings: {} },
	{
		name: 'only jobs/validateCredentials, 409 with the details in the message, result in key, limit per app, 409 for a second assignment',
		readings: {
			validateCredentialsUrl: 'jobs',
			validateCredentialsFailureStatus: 409,
			validateCredentialsFailureBody: 'text',
			provisionOnDemandResult: 'key',
			provisionOnDemandRateScope: 'app',
			assignmentExists: 'Request_MultipleObjectsWithSameKeyValue',
		},
	},
	{
		name: 'only jobs/{id}/validateCredentials, 400 with details in text, result in key',
		readings: { validateCredentialsUrl: 'job', validateCredentialsFailureBody: 'text', provisionOnDemandResult: 'key' },
	},
];

/** Defaults completed with `readings`; unknown keys or values → `Invalid sync readings: …`. */
export function checkSyncReadings(readings: Partial<SyncReadings> | undefined): SyncReadings {
	const value: unknown = readings ?? {};
	if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('Invalid sync readings: readings must be an object');
	const problems = Object.entries(value).flatMap(([key, choice]) => {
		const allowed = (CHOICES as Record<string, ReadonlyArray<unknown>>)[key];
		if (!allowed) return [`unknown sync reading ${key}`];
		return allowed.includes(choice) ? [] : [`${key} must be one of ${allowed.map((c) => JSON.stringify(c)).join(', ')}`];
	});
	if (problems.length > 0) throw new Error(`Invalid sync readings: ${problems.join('; ')}`);
	return { ...DEFAULT_SYNC_READINGS, ...(value as Partial<SyncReadings>) };
}

/** All choices of one reading (tests iterate them). */
export function syncReadingChoices<K extends keyof SyncReadings>(key: K): ReadonlyArray<SyncReadings[K]> {
	return CHOICES[key];
}
