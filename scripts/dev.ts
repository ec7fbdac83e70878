// npm run dev: the emulator plus a real n8n editor on a free port (N8N_PORT to choose it) with this
// package linked, the emulator credentials and example workflows imported and an owner account set up.
// Ctrl+C stops both. State lives in .dev/ (git-ignored), new at every start.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { startEmulator } from '../test/emulator';
import { approvalFlowCredentials, e2eCredentials, TICKET_TOKEN } from './e2e/credentials';
import { OWNER, setUpOwner } from './e2e/editorOwner';
import { n8nEnvironment } from './e2e/n8nEnvironment';
import { freeN8nPorts, portEnvironment } from './e2e/n8nProcess';
import { mailLinks, startSmtpSink } from './e2e/smtpSink';

const root = path.resolve(__dirname, '..');
const devFolder = path.join(root, '.dev');

async function waitForHealth(editorUrl: string, timeoutMs: number): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		try {
			if ((await fetch(`${editorUrl}/healthz`)).ok) return;
		} catch {
			// not listening yet
		}
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
	throw new Error(`n8n did not become healthy on ${editorUrl} within ${timeoutMs / 1000} s`);
}

async function main(): Promise<void> {
	const port = Number(process.env.EMULATOR_PORT ?? 8443);
	const emulator = await startEmulator({ port });
	// The approval-flow example's approver mailbox: every mail it gets is printed with its links.
	const smtp = await startSmtpSink();
	smtp.onMail((mail) => {
		const subject = /^Subject: (.*)$/m.exec(mail.raw)?.[1] ?? '';
		const links = mailLinks(mail).filter((l) => l.includes('approved='));
		console.log(`\nMail to ${mail.to.join(', ')}: ${subject}\n${links.map((l) => `  ${l.includes('approved=true') ? 'Approve' : 'Reject '}: ${l}`).join('\n')}\n  (open in a browser: n8n answers curl and other bots with an empty page)\n`);
	});
	const bin = execFileSync('bash', [path.join(root, 'scripts/e2e/provision-n8n.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();

	// A fresh n8n folder each time: the emulator's certificate and state are new at every start as well.
	rmSync(devFolder, { recursive: true, force: true });
	const nodeModules = path.join(devFolder, '.n8n', 'nodes', 'node_modules');
	mkdirSync(nodeModules, { recursive: true });
	symlinkSync(root, path.join(nodeModules, 'n8n-nodes-cross-tenant-sync'), 'dir');
	const caPath = path.join(devFolder, 'emulator-ca.pem');
	writeFileSync(caPath, emulator.caCertPem);
	// Free ports for every server n8n opens (another n8n may hold its defaults, 5678 and 5679); N8N_PORT picks the editor's.
	const ports = await freeN8nPorts();
	if (process.env.N8N_PORT) ports.N8N_PORT = Number(process.env.N8N_PORT);
	const editorUrl = `http://127.0.0.1:${ports.N8N_PORT}`;
	const env = { ...n8nEnvironment(devFolder, caPath), ...portEnvironment(ports), N8N_SECURE_COOKIE: 'false' };

	const credentialsFile = path.join(devFolder, 'credentials.json');
	writeFileSync(credentialsFile, JSON.stringify([...e2eCredentials(emulator).filter((c) => !['xtsEmulatorBadCr', 'xtsPlainHttpCred'].includes(c.id)), ...approvalFlowCredentials(smtp.port)]));
	const workflows = path.join(devFolder, 'workflows');
	mkdirSync(workflows);
	for (const file of readdirSync(path.join(root, 'examples')).filter((f) => f.endsWith('.json'))) {
		writeFileSync(path.join(workflows, file), readFileSync(path.join(root, 'examples', file), 'utf8'));
	}
	execFileSync(path.join(bin, 'n8n'), ['import:credentials', `--input=${credentialsFile}`], { env, stdio: 'pipe' });
	execFileSync(path.join(bin, 'n8n'), ['import:workflow', '--separate', `--input=${workflows}`], { env, stdio: 'pipe' });

	const n8n = spawn(path.join(bin, 'n8n'), ['start'], { env, stdio: ['ignore', 'inherit', 'inherit'] });
	const stop = async () => {
		n8n.kill('SIGTERM');
		await smtp.close();
		await emulator.close();
		process.exit(0);
	};
	process.on('SIGINT', () => void stop());
	process.on('SIGTERM', () => void stop());
	n8n.on('exit', (code) => {
		console.error(`n8n exited (${code})`);
		void emulator.close().then(() => process.exit(code ?? 1));
	});
	await waitForHealth(editorUrl, 120_000);
	await setUpOwner(editorUrl);
	console.log(`
n8n editor:   ${editorUrl}   sign in as ${OWNER.email} / ${OWNER.password} (a local throwaway instance)
Graph emulator: ${emulator.url}  (credentials "Microsoft Entra (emulator)" and "… certificate" point at it)
Workflows:    ${readdirSync(workflows).join(', ')}
Open "Allow inbound user sync from Fabrikam" and click "Execute workflow". Ctrl+C stops n8n and the emulator.
Approval flow: publish it, POST a ticket with header ${TICKET_TOKEN.name}: ${TICKET_TOKEN.value}; the approver's mail appears here.
`);
	if (!existsSync(path.join(root, 'dist'))) console.warn('dist/ is missing: run npm run build');
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
