// npm run test:live [-- --record]: the conformance scenarios against a real tenant (scripts/live/scenarios.ts).
// Without the environment below it prints one skip line and exits 0 (CI never has it).
//   XTS_LIVE_TENANT_ID, XTS_LIVE_CLIENT_ID, XTS_LIVE_CLIENT_SECRET or XTS_LIVE_CERTIFICATE (a PEM file: key + cert),
//   XTS_LIVE_PARTNER_TENANT_ID (a partner tenant set aside for tests), optional XTS_LIVE_CLOUD (global, usGov,
//   usGovDoD, china) and XTS_LIVE_WRITE=1 (also run the write scenarios on that partner; it is put back after).
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { resolveCloud } from '../../credentials/entra/clouds';
import { DEFAULT_READINGS } from '../../test/emulator/readings';
import { mintAccessToken } from '../../credentials/entra/mintAccessToken';
import type { LiveClient } from './scenarios';
import { readingsFrom, runScenarios } from './scenarios';
import { leaks, transcriptOf } from './transcript';

const REQUIRED = ['XTS_LIVE_TENANT_ID', 'XTS_LIVE_CLIENT_ID', 'XTS_LIVE_PARTNER_TENANT_ID'];
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function credentialFromEnv(env: NodeJS.ProcessEnv): ICredentialDataDecryptedObject {
	const certificateFile = env.XTS_LIVE_CERTIFICATE;
	return {
		cloud: env.XTS_LIVE_CLOUD ?? 'global',
		tenantId: env.XTS_LIVE_TENANT_ID ?? '',
		clientId: env.XTS_LIVE_CLIENT_ID ?? '',
		...(certificateFile
			? { authMethod: 'certificate', certificate: readFileSync(certificateFile, 'utf8'), sendCertificateChain: false }
			: { authMethod: 'clientSecret', clientSecret: env.XTS_LIVE_CLIENT_SECRET ?? '' }),
	};
}

async function main(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
	const missing = REQUIRED.filter((name) => !env[name]);
	if (!env.XTS_LIVE_CLIENT_SECRET && !env.XTS_LIVE_CERTIFICATE) missing.push('XTS_LIVE_CLIENT_SECRET or XTS_LIVE_CERTIFICATE');
	if (missing.length > 0) {
		console.log(`test:live: skipped (no lab tenant configured: set ${missing.join(', ')}; read-only unless XTS_LIVE_WRITE=1)`);
		return 0;
	}
	const partner = env.XTS_LIVE_PARTNER_TENANT_ID ?? '';
	if (!GUID.test(partner)) throw new Error('XTS_LIVE_PARTNER_TENANT_ID must be a tenant ID (GUID)');
	const write = env.XTS_LIVE_WRITE === '1';
	const record = argv.includes('--record');
	const credential = credentialFromEnv(env);
	const root = resolveCloud(credential).graphEndpoint;
	const token = await mintAccessToken(credential);
	const client: LiveClient = {
		async send(method, requestPath, body) {
			const response = await fetch(`${root}/v1.0${requestPath}`, {
				method,
				redirect: 'manual',
				headers: { Authorization: `Bearer ${token}`, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
				body: body !== undefined ? JSON.stringify(body) : undefined,
			});
			const text = await response.text();
			let parsed: unknown = text;
			try {
				parsed = text === '' ? undefined : JSON.parse(text);
			} catch {
				// not JSON: kept as text, only its status is observed
			}
			return { status: response.status, headers: Object.fromEntries(response.headers.entries()), body: parsed };
		},
	};

	console.log(`test:live: ${write ? 'read and write' : 'read-only'} scenarios against ${root} (test partner set aside by XTS_LIVE_PARTNER_TENANT_ID)`);
	const run = await runScenarios(client, { partner, nonPartner: randomUUID() }, { write });
	console.log('| row (docs/graph-behaviours.md) | step | answer |');
	console.log('|---|---|---|');
	for (const o of run.observations) console.log(`| ${o.row} | ${o.step} | ${o.status}${o.code ? ` ${o.code}` : ''} |`);
	const readings = readingsFrom(run.observations);
	console.log('\nReadings observed (emulator default in brackets):');
	for (const [name, value] of Object.entries(readings)) {
		const emulatorDefault = (DEFAULT_READINGS as unknown as Record<string, string | number>)[name];
		const same = emulatorDefault === value;
		console.log(`  ${name}: ${value} [${emulatorDefault}]${same ? '' : '  <- differs from the emulator default: update DEFAULT_READINGS and docs/graph-behaviours.md'}`);
	}
	if (record) {
		const transcript = transcriptOf(run);
		const problems = leaks(transcript);
		if (problems.length > 0) throw new Error(`Not recorded: the transcript would contain ${problems.join(', ')}`);
		const dir = path.join(__dirname, '..', '..', 'test', 'conformance', 'live');
		mkdirSync(dir, { recursive: true });
		const file = path.join(dir, `transcript-${transcript.recordedAt}${write ? '-write' : ''}.json`);
		writeFileSync(file, `${JSON.stringify(transcript, null, '\t')}\n`);
		console.log(`\nRecorded ${path.relative(process.cwd(), file)} (sanitized: statuses, codes, property names, readings). npm test replays it.`);
	}
	return 0;
}

main(process.argv.slice(2), process.env).then(
	(code) => process.exit(code),
	(error: unknown) => {
		console.error(`test:live: failed: ${error instanceof Error ? error.message : String(error)}`);
		process.exit(1);
	},
);
