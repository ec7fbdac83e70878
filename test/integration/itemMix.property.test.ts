import fc from 'fast-check';
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import type { FaultRule, Faults, GraphEmulator, RecordedRequest } from '../emulator';
import { defaultSeedPath } from '../emulator';
import { NODE_NAME, nodeWorkflow } from '../harness/nodeWorkflow';
import { nodeResult } from '../harness/runWorkflow';
import { addCredential, APPS, CONTOSO, FABRIKAM, inProcessN8n, NORTHWIND, secretCredential, startTrustedEmulator, TAILSPIN, UNMANAGED_PARTNER, WOODGROVE } from '../support/fixtures';

/**
 * Partners of Contoso in the default seed, each reached differently by an Update: Fabrikam and Northwind have a sync
 * policy (PATCH), Tailspin has none (PATCH 404 → PUT), Litware is managed by Microsoft support, and Woodgrove is no
 * partner yet (PATCH 404 → PUT 404 → POST partner → PUT).
 */
const POOL = [FABRIKAM, NORTHWIND, TAILSPIN, UNMANAGED_PARTNER, WOODGROVE];
/** Tenant values that are no GUID (mode id, from an expression): refused before anything is sent. */
const NOT_GUIDS = ['not-a-guid', '../../users', 'contoso.com', `${FABRIKAM}0`, FABRIKAM.replace(/-/g, '')];
const CONTROL = ['\u0000', '\u001b[2J', '\n', '\u0007', '\u007f', '\u0085'];
const hasControlCharacter = (text: string) => [...text].some((c) => c.charCodeAt(0) < 0x20 || (c.charCodeAt(0) >= 0x7f && c.charCodeAt(0) <= 0x9f));
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface InputItem {
	tenantId: string;
	name: string;
}

/** An item as planned: valid (a pool partner, as typed or upper-cased), or invalid in exactly one field. */
type ItemSpec = { kind: 'valid'; partner: number; upper: boolean } | { kind: 'badTenant'; value: number } | { kind: 'badName'; partner: number; control: number };

const itemSpec: fc.Arbitrary<ItemSpec> = fc.oneof(
	{ weight: 6, arbitrary: fc.record({ kind: fc.constant('valid' as const), partner: fc.nat(POOL.length - 1), upper: fc.boolean() }) },
	{ weight: 1, arbitrary: fc.record({ kind: fc.constant('badTenant' as const), value: fc.nat(NOT_GUIDS.length - 1) }) },
	{ weight: 1, arbitrary: fc.record({ kind: fc.constant('badName' as const), partner: fc.nat(POOL.length - 1), control: fc.nat(CONTROL.length - 1) }) },
);

function toInput(spec: ItemSpec, index: number): InputItem {
	const name = `item-${index}`;
	if (spec.kind === 'badTenant') return { tenantId: NOT_GUIDS[spec.value], name };
	if (spec.kind === 'badName') return { tenantId: POOL[spec.partner], name: `${name}${CONTROL[spec.control]}` };
	return { tenantId: spec.upper ? POOL[spec.partner].toUpperCase() : POOL[spec.partner], name };
}

/** 1–30 items with unique names, drawn from 5 partners so that several items share one. */
const inputItems: fc.Arbitrary<InputItem[]> = fc.array(itemSpec, { minLength: 1, maxLength: 30, size: 'max' }).map((specs) => specs.map(toInput));

/**
 * What a real network does to a write, once per rule: throttled (not applied, Retry-After 1), or applied with the
 * answer lost (on any partner, or one; PUT weighted up: after its lost answer success can only be inferred).
 */
const faultRule: fc.Arbitrary<FaultRule> = fc.oneof(
	fc.record(
		{
			method: fc.constantFrom('PATCH', 'PUT'),
			pathIncludes: fc.constantFrom(...POOL),
			status: fc.constant(429),
			retryAfterSeconds: fc.constant(1),
			count: fc.constant(1),
		},
		{ requiredKeys: ['method', 'status', 'retryAfterSeconds', 'count'] },
	),
	fc.record(
		{
			method: fc.constantFrom('PATCH', 'PUT', 'PUT', 'POST'),
			pathIncludes: fc.constantFrom(...POOL),
			status: fc.constantFrom(503, 504),
			afterApplying: fc.constant(true),
			count: fc.constant(1),
		},
		{ requiredKeys: ['method', 'status', 'afterApplying', 'count'] },
	),
);

/**
 * At most 3 rules + 2 resets + 3 shaped batch answers: even if all of them hit one item, that is 8 failed attempts,
 * within Max Retries 10, so every valid item must end up applied.
 */
const faultsArbitrary: fc.Arbitrary<Faults> = fc.record(
	{
		failures: fc.array(faultRule, { maxLength: 3, size: 'max' }),
		resetAfterApplying: fc.integer({ min: 0, max: 2 }),
		batchAnswers: fc.record(
			{ count: fc.integer({ min: 1, max: 3 }), reverseOrder: fc.boolean(), dropParts: fc.integer({ min: 0, max: 2 }), duplicateParts: fc.integer({ min: 0, max: 1 }) },
			{ requiredKeys: ['count', 'reverseOrder'] },
		),
	},
	{ requiredKeys: [] },
);

function claims(authorization: string | undefined): IDataObject {
	const token = (authorization ?? '').replace(/^Bearer /, '');
	try {
		return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as IDataObject;
	} catch {
		return { unreadable: token.slice(0, 20) };
	}
}

/** The request log in one line per request, for failure messages. */
function logLine(r: RecordedRequest): string {
	const body = r.body !== null && typeof r.body === 'object' ? JSON.stringify((r.body as IDataObject).displayName ?? '') : '';
	const fault = r.faulted ? ` ${r.faulted}→${r.answeredStatus}` : '';
	const part = r.batch ? ` [batch ${r.batch.requestId.slice(0, 8)} part ${r.batch.partId}]` : '';
	return `${r.method} ${r.path} ${body} → ${r.status}${fault}${part}`;
}

describe('any mix of items, partners and network faults (property-based, real n8n-core, emulator)', () => {
	let emulator: GraphEmulator;

	beforeAll(async () => {
		emulator = await startTrustedEmulator();
	});
	afterAll(async () => await emulator.close());

	const parameters: INodeParameters = {
		resource: 'syncPolicy',
		operation: 'update',
		partnerTenantId: { __rl: true, mode: 'id', value: '={{ $json.tenantId }}' },
		updateFields: { displayName: '={{ $json.name }}' },
		options: { ifMissing: 'create', createPartnerIfMissing: true, maxRetries: 10 },
	};

	async function runOnce(inputs: InputItem[], faults: Faults): Promise<void> {
		// reset() restores the seed and clears the log, faults, token count and throttling counters.
		emulator.reset(defaultSeedPath);
		emulator.clearRequests();
		const before = new Map(POOL.map((t) => [t, structuredClone(emulator.partner(CONTOSO, t))]));
		emulator.setFaults(structuredClone(faults));
		const n8n = inProcessN8n();
		const credential = addCredential(n8n, secretCredential(emulator));

		let output: INodeExecutionData[] = [];
		try {
			const result = nodeResult(await n8n.execute(nodeWorkflow({ parameters, credential, items: inputs.map((i) => ({ ...i })), continueOnFail: true })), NODE_NAME);
			output = result.items;
			expect(result.error).toBeUndefined();

			// 1. One output per input, paired to it, in input order.
			expect(output.map((o) => o.pairedItem)).toEqual(inputs.map((_, item) => ({ item })));

			const graph = emulator.graphRequests();
			const outer = emulator.batchRequests();
			const sent = [...graph, ...outer];
			const lastName = new Map<string, string>();
			inputs.forEach((input, i) => {
				const json = output[i].json;
				const badTenant = !GUID.test(input.tenantId);
				const badName = hasControlCharacter(input.name);
				if (badTenant || badName) {
					// 2. Refused naming the field; nothing of the item went out.
					expect(json.success).toBeUndefined();
					expect(String(json.error)).toContain(`field "${badTenant ? 'partnerTenantId' : 'displayName'}"`);
					for (const r of sent) {
						if (badTenant) expect(r.path).not.toContain(input.tenantId);
						expect(r.rawBody).not.toContain(JSON.stringify(input.name));
					}
					for (const r of graph) expect((r.body as IDataObject | undefined)?.displayName).not.toBe(input.name);
					return;
				}
				// 3. Every valid item succeeded; changed is confirmed, or unknown after a lost answer.
				expect(json).toMatchObject({ success: true, partnerTenantId: input.tenantId });
				if (json.changed !== true) expect(json).toMatchObject({ changed: null, verified: false });
				lastName.set(input.tenantId.toLowerCase(), input.name);
			});

			// 4. Each partner ends with the name of its last valid item (input order wins); the others are untouched.
			for (const tenant of POOL) {
				const partner = emulator.partner(CONTOSO, tenant);
				const expected = lastName.get(tenant);
				if (expected === undefined) expect(partner).toEqual(before.get(tenant));
				else expect((partner?.identitySynchronization as IDataObject | undefined)?.displayName).toBe(expected);
			}

			// 5. Every request carried a token of the credential's tenant and app.
			if (lastName.size > 0) expect(graph.length).toBeGreaterThan(0);
			for (const r of sent) expect(claims(r.headers.authorization)).toMatchObject({ tid: CONTOSO, appid: APPS.writer.clientId });
		} catch (error) {
			const outputs = output.map((o) => JSON.stringify({ item: o.pairedItem, ...o.json, description: undefined, note: undefined }));
			throw new Error(
				[
					error instanceof Error ? error.message : String(error),
					`input items: ${JSON.stringify(inputs)}`,
					`faults: ${JSON.stringify(faults)}`,
					`output:\n  ${outputs.join('\n  ')}`,
					`graph requests:\n  ${emulator.graphRequests().map(logLine).join('\n  ')}`,
				].join('\n'),
			);
		}
	}

	it('one output per item in order, invalid items refused unsent, valid ones applied, last item per partner wins, one identity', async () => {
		await fc.assert(
			fc.asyncProperty(inputItems, faultsArbitrary, runOnce),
			// Each run is a real execution (faults cost retries of 0.25–2 s): few runs, and a bound on shrinking.
			{ numRuns: 25, interruptAfterTimeLimit: 150_000, markInterruptAsFailure: true },
		);
	}, 180_000);
});
