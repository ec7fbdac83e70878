/**
 * Graph behaviours Microsoft's API reference does not pin down, one switch each. The defaults are the emulator's
 * first reading (what the README called "documented quirks"); tests that depend on one of these behaviours run under
 * every choice (READING_VARIANTS), so the node works whichever Graph really gives. See docs/graph-behaviours.md.
 * `npm run test:live -- --record` against a lab tenant shows which choice is Graph's.
 */
export interface GraphReadings {
	/**
	 * The 404 code of an identitySynchronization request (PUT, PATCH, GET, DELETE) for a tenant that is not a partner.
	 * 'split': PUT → Request_ResourceNotFound (the partner is missing), GET/PATCH/DELETE → the missingSyncPolicy code.
	 */
	nonPartnerSyncPolicy: 'split' | 'Request_ResourceNotFound' | 'Directory_ObjectNotFound';
	/** The 404 code of GET/PATCH/DELETE identitySynchronization for a partner that has none. */
	missingSyncPolicy: 'Directory_ObjectNotFound' | 'Request_ResourceNotFound';
	/** The 404 code of GET/PATCH/DELETE …/partners/{id} for a tenant that is not a partner. */
	missingPartner: 'Request_ResourceNotFound' | 'Directory_ObjectNotFound';
	/** Status of PUT identitySynchronization when the policy exists (code Request_MultipleObjectsWithSameKeyValue). */
	syncPolicyExistsStatus: 409 | 400;
	/** Status of POST …/partners for a tenant that already is a partner (code Request_MultipleObjectsWithSameKeyValue). */
	partnerExistsStatus: 400 | 409;
	/** Status of DELETE …/partners/{id} while its sync policy exists (refusal documented, status not). */
	partnerWithSyncPolicyDeleteStatus: 400 | 409;
}

export const DEFAULT_READINGS: GraphReadings = {
	nonPartnerSyncPolicy: 'split',
	missingSyncPolicy: 'Directory_ObjectNotFound',
	missingPartner: 'Request_ResourceNotFound',
	syncPolicyExistsStatus: 409,
	partnerExistsStatus: 400,
	partnerWithSyncPolicyDeleteStatus: 400,
};

const CHOICES: { [K in keyof GraphReadings]: ReadonlyArray<GraphReadings[K]> } = {
	nonPartnerSyncPolicy: ['split', 'Request_ResourceNotFound', 'Directory_ObjectNotFound'],
	missingSyncPolicy: ['Directory_ObjectNotFound', 'Request_ResourceNotFound'],
	missingPartner: ['Request_ResourceNotFound', 'Directory_ObjectNotFound'],
	syncPolicyExistsStatus: [409, 400],
	partnerExistsStatus: [400, 409],
	partnerWithSyncPolicyDeleteStatus: [400, 409],
};

/** Every choice of every reading, each once, beside the defaults: few runs, every answer met at least once. */
export const READING_VARIANTS: Array<{ name: string; readings: Partial<GraphReadings> }> = [
	{ name: 'default readings', readings: {} },
	...(Object.keys(CHOICES) as Array<keyof GraphReadings>).flatMap((key) =>
		CHOICES[key].filter((choice) => choice !== DEFAULT_READINGS[key]).map((choice) => ({ name: `${key}: ${choice}`, readings: { [key]: choice } })),
	),
	{
		name: 'every 404 is Request_ResourceNotFound, every conflict 409',
		readings: { nonPartnerSyncPolicy: 'Request_ResourceNotFound', missingSyncPolicy: 'Request_ResourceNotFound', missingPartner: 'Request_ResourceNotFound', syncPolicyExistsStatus: 409, partnerExistsStatus: 409, partnerWithSyncPolicyDeleteStatus: 409 },
	},
	{
		name: 'every 404 is Directory_ObjectNotFound, every conflict 400',
		readings: {
			nonPartnerSyncPolicy: 'Directory_ObjectNotFound',
			missingSyncPolicy: 'Directory_ObjectNotFound',
			missingPartner: 'Directory_ObjectNotFound',
			syncPolicyExistsStatus: 400,
			partnerExistsStatus: 400,
			partnerWithSyncPolicyDeleteStatus: 400,
		},
	},
];

/** Defaults completed with `readings`; unknown keys or values → `Invalid readings: …`. */
export function checkReadings(readings: Partial<GraphReadings> | undefined): GraphReadings {
	const value: unknown = readings ?? {};
	if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('Invalid readings: readings must be an object');
	const problems = Object.entries(value).flatMap(([key, choice]) => {
		const allowed = (CHOICES as Record<string, ReadonlyArray<unknown>>)[key];
		if (!allowed) return [`unknown reading ${key}`];
		return allowed.includes(choice) ? [] : [`${key} must be one of ${allowed.map((c) => JSON.stringify(c)).join(', ')}`];
	});
	if (problems.length > 0) throw new Error(`Invalid readings: ${problems.join('; ')}`);
	return { ...DEFAULT_READINGS, ...(value as Partial<GraphReadings>) };
}
