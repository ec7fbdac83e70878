import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

import { defaultSeedPath, startEmulator } from './index';
import { loadSeed } from './seed';

const USAGE = `Usage: npx tsx test/emulator/cli.ts [--seed seed.json] [--port 0] [--out .emulator]
Runs the Entra + Microsoft Graph (cross-tenant access policy) emulator until Ctrl+C.`;

function options() {
	const { values } = parseArgs({
		options: {
			seed: { type: 'string' },
			port: { type: 'string' },
			out: { type: 'string' },
			help: { type: 'boolean', short: 'h' },
		},
	});
	if (values.help) {
		console.log(USAGE);
		process.exit(0);
	}
	const port = Number(values.port ?? process.env.EMULATOR_PORT ?? 0);
	if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`Invalid port: ${values.port ?? process.env.EMULATOR_PORT}`);
	return {
		seedPath: resolve(values.seed ?? defaultSeedPath),
		port,
		out: resolve(values.out ?? join(__dirname, '..', '..', '.emulator')),
	};
}

function writePrivate(path: string, content: string): void {
	writeFileSync(path, content, { mode: 0o600 });
	chmodSync(path, 0o600);
}

async function main(): Promise<void> {
	const { seedPath, port, out } = options();
	const seed = loadSeed(seedPath);
	const emulator = await startEmulator({ seed, port });
	mkdirSync(out, { recursive: true, mode: 0o700 });

	const caCertPath = join(out, 'emulator-ca.pem');
	writeFileSync(caCertPath, emulator.caCertPem);
	const apps = seed.apps.map((app) => {
		const name = app.displayName ?? app.clientId;
		const entry: Record<string, unknown> = {
			name,
			tenantId: app.tenantId,
			clientId: app.clientId,
			authMethod: app.certificate ? 'certificate' : 'clientSecret',
			roles: app.roles,
		};
		if (app.certificate) {
			entry.credentialPemPath = join(out, `${name.replace(/[^\w.-]+/g, '_')}.credential.pem`);
			entry.certificateThumbprint = emulator.appCertificateThumbprint(app.clientId);
			writePrivate(entry.credentialPemPath as string, emulator.appCredentialPem(app.clientId));
		} else {
			entry.secret = app.secret;
			if (app.secretExpired) entry.secretExpired = true;
		}
		return entry;
	});
	const infoPath = join(out, 'emulator.json');
	// Lists the fixture secrets, hence private like the keys.
	writePrivate(infoPath, `${JSON.stringify({ url: emulator.url, caCertPath, pid: process.pid, seedPath, apps }, null, 2)}\n`);

	console.log(`Entra + Graph emulator listening on ${emulator.url}`);
	console.log(`  trust its certificate:  NODE_EXTRA_CA_CERTS=${caCertPath}`);
	console.log(`  credential:             cloud=custom  graphEndpoint=${emulator.url}  authorityHost=${emulator.url}`);
	for (const app of apps) {
		const tenant = seed.tenants.find((t) => t.tenantId === app.tenantId)?.displayName ?? app.tenantId;
		const how = app.credentialPemPath ? `certificate PEM ${String(app.credentialPemPath)}` : 'client secret (see emulator.json)';
		console.log(`  app ${String(app.name).padEnd(12)} tenant ${tenant} ${String(app.tenantId)}  client ${String(app.clientId)}  ${how}`);
	}
	console.log(`  details: ${infoPath}   admin: ${emulator.url}/_emulator/requests   stop: Ctrl+C`);

	let stopping = false;
	const stop = (signal: string) => {
		if (stopping) return;
		stopping = true;
		console.log(`\n${signal}: stopping the emulator.`);
		rmSync(infoPath, { force: true });
		void emulator.close().then(() => process.exit(0));
	};
	process.on('SIGINT', () => stop('SIGINT'));
	process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? error.message : error);
	process.exit(1);
});
