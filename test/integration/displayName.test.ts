import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { NODE_NAME, nodeWorkflow } from '../harness/nodeWorkflow';
import { nodeResult } from '../harness/runWorkflow';
import { CONTOSO, FABRIKAM, useEmulatorSession } from '../support/fixtures';

const update = (displayName: string): INodeParameters => ({
	resource: 'syncPolicy',
	operation: 'update',
	partnerTenantId: { __rl: true, mode: 'id', value: FABRIKAM },
	updateFields: { displayName },
});
const CONTROL = 'Display Name must not contain control characters (such as NUL, ESC or line breaks) (item 0, field "displayName")';
const invisible = (found: string) => `Display Name must not contain invisible formatting characters (found ${found}) (item 0, field "displayName")`;

describe('Display Name: the documented rule, counted in characters (real n8n-core, emulator)', () => {
	const session = useEmulatorSession();

	const run = async (value: string) =>
		nodeResult(
			await session.n8n.execute(nodeWorkflow({ parameters: update('={{ $json.value }}'), credential: session.credential, items: [{ value }], continueOnFail: true })),
			NODE_NAME,
		).items;

	it.each([
		['a line separator (U+2028)', 'Fabrikam\u2028HR', CONTROL],
		['a paragraph separator (U+2029)', 'Fabrikam\u2029HR', CONTROL],
		['a right-to-left override (U+202E)', 'Fabrikam \u202Eexe.fdp', invisible('U+202E, a bidirectional control')],
		['a left-to-right embedding (U+202A)', '\u202AFabrikam', invisible('U+202A, a bidirectional control')],
		['a pop directional formatting (U+202C)', 'Fabrikam\u202C', invisible('U+202C, a bidirectional control')],
		['a first strong isolate (U+2068)', '\u2068Fabrikam\u2069', invisible('U+2068, a bidirectional control')],
		['a pop directional isolate (U+2069)', 'Fabrikam\u2069', invisible('U+2069, a bidirectional control')],
		['a zero-width space (U+200B)', 'Fabri\u200Bkam', invisible('U+200B, a zero-width space')],
		['a byte order mark (U+FEFF)', '\uFEFFFabrikam', invisible('U+FEFF, a zero-width no-break space')],
		['257 emoji', '😀'.repeat(257), 'Display Name is 257 characters long; at most 256 are allowed (item 0, field "displayName")'],
		['257 letters', 'F'.repeat(257), 'Display Name is 257 characters long; at most 256 are allowed (item 0, field "displayName")'],
	])('refuses %s before anything is sent, naming the item and field', async (_label, value, message) => {
		const items = await run(value);
		expect(items).toHaveLength(1);
		expect(items[0].json.error).toBe(message);
		expect(session.emulator.graphRequests()).toEqual([]);
	});

	it.each([
		['256 emoji (512 UTF-16 units)', '😀'.repeat(256)],
		['256 letters', 'F'.repeat(256)],
		['an emoji sequence joined by ZWJ (U+200D)', 'Fabrikam 👩\u200D💻'],
		['Persian with a zero-width non-joiner (U+200C)', 'می\u200Cخواهم'],
		['Hebrew and Arabic text without controls', 'פאבריקם فابريكام'],
	])('sends %s as given', async (_label, value) => {
		const items = await run(value);
		expect(items[0].json).toMatchObject({ success: true, changed: true });
		const [patch] = session.emulator.graphRequests();
		expect((patch.body as IDataObject).displayName).toBe(value);
		expect(session.emulator.partner(CONTOSO, FABRIKAM)?.identitySynchronization).toMatchObject({ displayName: value });
	});
});
