import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import type { GraphEmulator } from '../emulator';
import { NODE_NAME, nodeWorkflow } from '../harness/nodeWorkflow';
import { nodeResult } from '../harness/runWorkflow';
import { CONTOSO, FABRIKAM, NORTHWIND, TAILSPIN, useEmulatorSession, WOODGROVE } from '../support/fixtures';

const byId = (value: string) => ({ __rl: true, mode: 'id', value });

/** Every switch of the node, each set by an expression, and what it visibly did: acted as on (true) or off (false). */
interface Switch {
	name: string;
	field: string;
	/** The node's parameters with the switch set from the item's `value` (or, with false, left out). */
	parameters(present: boolean): INodeParameters;
	acted(emulator: GraphEmulator, items: INodeExecutionData[]): boolean;
	/** What the node does when the switch is left out. */
	fallback: boolean;
}

const EXPR = '={{ $json.value }}';
const place = (path: string, present: boolean, parameters: INodeParameters): INodeParameters => {
	if (!present) return parameters;
	const [head, tail] = path.split('.');
	if (!tail) return { ...parameters, [head]: EXPR };
	return { ...parameters, [head]: { ...((parameters[head] as INodeParameters | undefined) ?? {}), [tail]: EXPR } };
};
const writes = (emulator: GraphEmulator) => emulator.graphRequests().filter((r) => r.method !== 'GET');
const json = (items: INodeExecutionData[]): IDataObject => items[0]?.json ?? {};

const update = (extra: INodeParameters = {}): INodeParameters => ({
	resource: 'syncPolicy',
	operation: 'update',
	partnerTenantId: byId(FABRIKAM),
	// The seed's Fabrikam has user sync off: this is a change.
	updateFields: { isSyncAllowed: true },
	...extra,
});

const SWITCHES: Switch[] = [
	{
		name: 'Update → Dry Run',
		field: 'dryRun',
		parameters: (v) => place('options.dryRun', v, update()),
		acted: (emulator, items) => writes(emulator).length === 0 && json(items).dryRun === true,
		fallback: false,
	},
	{
		name: 'Update → Skip If Unchanged',
		field: 'skipIfUnchanged',
		parameters: (v) => place('options.skipIfUnchanged', v, update({ updateFields: { isSyncAllowed: false } })),
		acted: (emulator) => writes(emulator).length === 0,
		fallback: false,
	},
	{
		name: 'Update → Return Policy',
		field: 'returnPolicy',
		parameters: (v) => place('options.returnPolicy', v, update()),
		acted: (_e, items) => json(items).policy !== undefined,
		fallback: false,
	},
	{
		name: 'Update → Create Partner If Missing',
		field: 'createPartnerIfMissing',
		parameters: (v) => place('options.createPartnerIfMissing', v, update({ partnerTenantId: byId(WOODGROVE), options: { ifMissing: 'create' } })),
		acted: (emulator) => writes(emulator).some((r) => r.method === 'POST'),
		fallback: false,
	},
	{
		name: 'Update → Update Fields → Allow User Sync Inbound',
		field: 'isSyncAllowed',
		parameters: (v) => place('updateFields.isSyncAllowed', v, update({ updateFields: { displayName: 'Fabrikam' } })),
		acted: (emulator) => (writes(emulator)[0]?.body as IDataObject | undefined)?.userSyncInbound !== undefined && JSON.stringify(writes(emulator)[0].body).includes('true'),
		fallback: false,
	},
	{
		name: 'Create → Allow User Sync Inbound',
		field: 'isSyncAllowed',
		parameters: (v) => place('isSyncAllowed', v, { resource: 'syncPolicy', operation: 'create', partnerTenantId: byId(TAILSPIN) }),
		acted: (emulator) => JSON.stringify(writes(emulator)[0]?.body) === '{"userSyncInbound":{"isSyncAllowed":true}}',
		fallback: true,
	},
	{
		name: 'Create → Return Policy',
		field: 'returnPolicy',
		parameters: (v) => place('options.returnPolicy', v, { resource: 'syncPolicy', operation: 'create', partnerTenantId: byId(TAILSPIN), isSyncAllowed: true }),
		acted: (_e, items) => json(items).policy !== undefined,
		fallback: false,
	},
	{
		name: 'Partner Delete → Delete Sync Policy First',
		field: 'deleteSyncPolicyFirst',
		parameters: (v) => place('deleteSyncPolicyFirst', v, { resource: 'partner', operation: 'delete', partnerTenantId: byId(NORTHWIND) }),
		acted: (emulator) => writes(emulator).some((r) => r.path.endsWith('/identitySynchronization')),
		fallback: false,
	},
	{
		name: 'Partner Get Many → Return All',
		field: 'returnAll',
		parameters: (v) => place('returnAll', v, { resource: 'partner', operation: 'getAll', limit: 1 }),
		acted: (_e, items) => items.length > 1,
		fallback: false,
	},
	{
		name: 'Partner Get Many → Include Sync Policy',
		field: 'expandIdentitySynchronization',
		parameters: (v) => place('options.expandIdentitySynchronization', v, { resource: 'partner', operation: 'getAll', limit: 5 }),
		acted: (emulator) => emulator.graphRequests().some((r) => r.query.$expand === 'identitySynchronization'),
		fallback: false,
	},
];

describe('every switch read strictly, whatever the expression yields (real n8n-core, emulator)', () => {
	const session = useEmulatorSession();

	const run = async (parameters: INodeParameters, value: IDataObject[string]) =>
		nodeResult(await session.n8n.execute(nodeWorkflow({ parameters, credential: session.credential, items: [{ value }], continueOnFail: true })), NODE_NAME);

	describe.each(SWITCHES)('$name', (sw) => {
		it.each([
			['"true"', 'true', true],
			['"false"', 'false', false],
			['" TRUE " (any case, trimmed)', ' TRUE ', true],
			['boolean true', true, true],
			['boolean false', false, false],
		])('%s', async (_label, value, expected) => {
			const { items, error } = await run(sw.parameters(true), value);
			expect(error).toBeUndefined();
			expect(String(json(items).error ?? '')).not.toContain('must be true or false');
			expect(sw.acted(session.emulator, items)).toBe(expected);
		});

		it.each([
			['"yes"', 'yes', '"yes"'],
			['"" (empty)', '', 'empty text'],
			['nothing (the expression found no value)', undefined, 'nothing'],
		])('refuses %s naming the item and field, sending nothing', async (_label, value, shown) => {
			const { items } = await run(sw.parameters(true), value);
			expect(items).toHaveLength(1);
			expect(json(items).error).toEqual(expect.stringContaining(`must be true or false, not ${shown} (item 0, field "${sw.field}")`));
			expect(session.emulator.graphRequests()).toEqual([]);
		});

		it(`left out: acts as ${sw.fallback ? 'on' : 'off'}`, async () => {
			const { items } = await run(sw.parameters(false), 'ignored');
			expect(sw.acted(session.emulator, items)).toBe(sw.fallback);
		});
	});

	it('a webhook-style body with dryRun "true" writes nothing; Delete Sync Policy First "false" keeps the policy', async () => {
		const dry = await run(update({ options: { dryRun: '={{ $json.value.dryRun }}' } }), { dryRun: 'true' });
		expect(json(dry.items)).toMatchObject({ dryRun: true, changed: true });
		expect(writes(session.emulator)).toEqual([]);

		const keep = await run({ resource: 'partner', operation: 'delete', partnerTenantId: byId(NORTHWIND), deleteSyncPolicyFirst: '={{ $json.value }}' }, 'false');
		expect(json(keep.items).code).toBe('Request_BadRequest');
		expect(session.emulator.partner(CONTOSO, NORTHWIND)?.identitySynchronization).toBeDefined();
	});

	it.each([
		['API Version', { options: { apiVersion: EXPR } }, 'v1.0/policies/crossTenantAccessPolicy/partners/x?', 'apiVersion'],
		['If Missing', { options: { ifMissing: EXPR } }, 'sometimes', 'ifMissing'],
	])('%s refuses values outside its list (an expression cannot steer the URL)', async (_label, extra, value, field) => {
		const { items } = await run(update(extra), value);
		expect(json(items).error).toEqual(expect.stringContaining(`must be one of`));
		expect(json(items).error).toEqual(expect.stringContaining(`field "${field}"`));
		expect(session.emulator.graphRequests()).toEqual([]);
	});

	it('Create refuses an Allow User Sync Inbound that resolves to nothing instead of PUTting without it', async () => {
		const { items } = await run({ resource: 'syncPolicy', operation: 'create', partnerTenantId: byId(TAILSPIN), isSyncAllowed: EXPR }, undefined);
		expect(json(items).error).toEqual(expect.stringContaining('Allow User Sync Inbound must be true or false, not nothing'));
		expect(session.emulator.graphRequests()).toEqual([]);
	});

	it.each([
		['a NUL', 'Fabrikam\u0000', 'control characters'],
		['an ESC sequence', '\u001b[2JFabrikam', 'control characters'],
		['a line break', 'Fabrikam\nHR', 'control characters'],
		['257 characters', 'F'.repeat(257), 'at most 256'],
	])('a display name with %s is refused before anything is sent', async (_label, name, message) => {
		const { items } = await run(update({ updateFields: { displayName: EXPR } }), name);
		expect(json(items).error).toEqual(expect.stringContaining(message));
		expect(session.emulator.graphRequests()).toEqual([]);
	});
});
