// A credential edited to another tenant and app must not keep using the token minted for the old ones.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { IDataObject } from 'n8n-workflow';

import type { GraphEmulator, RecordedRequest } from '../../../test/emulator';
import { ADATUM, APPS, CONTOSO, FABRIKAM } from '../../../test/emulator/seed-ids';
import { check, tail } from '../checks';
import { EDITABLE_CREDENTIAL_ID } from '../credentials';
import type { N8nCli } from '../n8nProcess';
import { itemsOf } from '../n8nProcess';
import { bulkSeedWithDefaults } from '../seeds';
import type { TokenIdentity } from '../tokens';
import { requestIdentity, tokenIdentity } from '../tokens';

const WORKFLOW_ID = 'xtsE2eEditedCred';
const NODE = 'Allow inbound user sync';
const OLD = { tid: CONTOSO, appid: APPS.writer.clientId };
const NEW = { tid: ADATUM, appid: APPS.adatumWriter.clientId };

const NAMES: Record<string, string> = {
	[CONTOSO]: 'Contoso',
	[ADATUM]: 'Adatum',
	[APPS.writer.clientId]: 'Contoso writer',
	[APPS.adatumWriter.clientId]: 'Adatum writer',
};
const named = (id: string | undefined) => (id === undefined ? 'none' : `${id} (${NAMES[id] ?? 'unknown'})`);
const describe = (identity: TokenIdentity | undefined) => (identity ? `tid ${named(identity.tid)}, appid ${named(identity.appid)}` : 'no bearer token');
const describeRequest = (r: RecordedRequest) => `${r.method} ${r.path} → ${r.status}: ${describe(requestIdentity(r))}`;

interface ExportedCredential {
	id: string;
	name: string;
	type: string;
	data: IDataObject;
}

function userSync(emulator: GraphEmulator, owner: string) {
	return (emulator.partner(owner, FABRIKAM)?.identitySynchronization as IDataObject | undefined)?.userSyncInbound;
}

/**
 * Run 1 with Contoso's writer app (n8n stores the minted token in the credential's hidden field), then edit the
 * credential as n8n's editor does — new tenant, client id and secret, the hidden token sent back unchanged —
 * through `export:credentials --decrypted` / `import:credentials` (same id), then run 2: it must use a token for
 * Adatum's app and write Adatum's policy.
 */
export async function editedCredentialScenario(cli: N8nCli, emulator: GraphEmulator, work: string): Promise<void> {
	console.log('\nEdited credential: another tenant and app, the stored token kept (as the editor keeps it)');
	emulator.reset(bulkSeedWithDefaults(0));

	const first = await cli.execute(WORKFLOW_ID);
	const mintedByFirst = emulator.tokensIssued();
	check('edited credential, run 1: Contoso\'s writer app updates Contoso\'s policy', () => {
		assert.equal(first.status, 0, tail(first.output));
		assert.equal(itemsOf(first, NODE)[0]?.action, 'updated');
		assert.deepEqual(emulator.graphRequests().map((r) => [r.method, requestIdentity(r)]), [['PATCH', OLD]]);
		assert.deepEqual(userSync(emulator, CONTOSO), { isSyncAllowed: true });
	});

	const file = path.join(work, 'edited-credential.json');
	const exportCredential = async () => {
		await cli.runOrThrow(['export:credentials', `--id=${EDITABLE_CREDENTIAL_ID}`, '--decrypted', `--output=${file}`]);
		return (JSON.parse(readFileSync(file, 'utf8')) as ExportedCredential[]).find((c) => c.id === EDITABLE_CREDENTIAL_ID);
	};
	const stored = await exportCredential();
	const oldToken = stored?.data.accessToken;
	check('edited credential: n8n stored the token minted for Contoso\'s writer app with the credential', () => {
		assert.ok(stored, `export:credentials --id=${EDITABLE_CREDENTIAL_ID} returned no such credential`);
		assert.equal(typeof oldToken, 'string', 'no accessToken in the exported credential data');
		assert.deepEqual(tokenIdentity(oldToken as string), OLD);
	});
	if (!stored) return;

	// What the editor saves: the fields the user changed, the hidden (expirable) token as it was loaded.
	stored.data = { ...stored.data, tenantId: ADATUM, clientId: APPS.adatumWriter.clientId, clientSecret: APPS.adatumWriter.secret };
	writeFileSync(file, JSON.stringify([stored]));
	await cli.runOrThrow(['import:credentials', `--input=${file}`]);
	const edited = await exportCredential();
	check('edited credential: n8n now holds it (same id) with Adatum\'s tenant and app and still the old token', () => {
		assert.ok(edited, 'the credential is gone after the import');
		assert.equal(edited.data.tenantId, ADATUM);
		assert.equal(edited.data.clientId, APPS.adatumWriter.clientId);
		assert.equal(edited.data.accessToken, oldToken);
	});

	emulator.clearRequests();
	const contosoBefore = emulator.state(CONTOSO);
	const mintedBefore = emulator.tokensIssued();
	const second = await cli.execute(WORKFLOW_ID);
	const graph = emulator.graphRequests();
	const tokenRequests = emulator.requests.filter((r) => r.kind === 'token');
	console.log(
		`    tokens minted: ${mintedByFirst} by run 1, ${emulator.tokensIssued() - mintedBefore} by run 2` +
			` (token requests of run 2: ${tokenRequests.map((r) => `${r.method} ${r.path} → ${r.status}`).join(', ') || 'none'})`,
	);
	console.log(`    run 2's Graph requests: ${graph.map(describeRequest).join('; ') || 'none'}`);

	check('edited credential, run 2 succeeds', () => assert.equal(second.status, 0, tail(second.output)));
	check('edited credential, run 2: every Graph request carries a token for Adatum\'s writer app, not the old Contoso token', () => {
		assert.ok(graph.length > 0, 'run 2 sent no Graph request');
		const wrong = graph.filter((r) => {
			const identity = requestIdentity(r);
			return identity?.tid !== NEW.tid || identity.appid !== NEW.appid;
		});
		assert.deepEqual(wrong.map(describeRequest), [], `expected ${describe(NEW)} on every request`);
	});
	check('edited credential, run 2: the write landed in Adatum\'s policy, Contoso\'s is untouched', () => {
		assert.deepEqual(
			graph.filter((r) => r.method !== 'GET').map((r) => `${r.method} as ${named(r.tenantId)}`),
			[`PATCH as ${named(ADATUM)}`],
		);
		assert.deepEqual(userSync(emulator, ADATUM), { isSyncAllowed: true }, 'Adatum\'s Fabrikam policy was not updated');
		assert.deepEqual(emulator.state(CONTOSO), contosoBefore);
	});
}
