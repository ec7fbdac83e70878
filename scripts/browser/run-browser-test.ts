// npm run test:browser — what a person sees in the real n8n editor (2.41.1) with this package linked: the subtitle of
// every resource/operation, the Partner → Delete notice, Create Partner If Missing only beside If Missing: Create,
// Custom API Call pointing to the HTTP Request node, and the credential's Test. Headless Chromium from Debian's
// packages (installed with apt-get when missing) driven by playwright-core; n8n on free ports; screenshots in
// .browser-test/ (git-ignored; CI keeps them as artifacts).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { chromium } from 'playwright-core';

import { startEmulator } from '../../test/emulator';
import { check, printSummary, runSuite, scenario, tail } from '../e2e/checks';
import { OWNER, setUpOwner } from '../e2e/editorOwner';
import { n8nEnvironment } from '../e2e/n8nEnvironment';
import { N8nCli } from '../e2e/n8nProcess';
import { NO_PERMISSION_CREDENTIAL_ID, TOUR, TOUR_WORKFLOW_ID, tourCredentials, tourWorkflow, WRITER_CREDENTIAL_ID } from './editorTour';

const root = path.resolve(__dirname, '..', '..');
const shots = path.join(root, '.browser-test');

function chromiumPath(): string {
	const candidate = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
	if (existsSync(candidate)) return candidate;
	console.log('Chromium is missing: installing Debian\'s "chromium" package with apt-get (once)');
	const sudo = process.getuid?.() === 0 ? [] : ['sudo'];
	const apt = (args: string[]) => execFileSync(sudo[0] ?? 'apt-get', [...(sudo.length ? ['apt-get'] : []), ...args], { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
	apt(['update', '-qq']);
	apt(['install', '-y', '-qq', '--no-install-recommends', 'chromium']);
	if (!existsSync(candidate)) throw new Error(`apt-get installed chromium, but ${candidate} is not there: set CHROMIUM_PATH`);
	return candidate;
}

async function shot(page: Page, name: string): Promise<void> {
	await page.screenshot({ path: path.join(shots, `${name}.png`) });
}

/** Opens a node's panel from the canvas, runs `look`, and closes the panel again. */
async function inPanel(page: Page, nodeName: string, look: () => Promise<void>): Promise<void> {
	await page.locator('[data-test-id="canvas-node"]', { hasText: nodeName }).first().dblclick();
	await page.locator('[data-test-id="ndv"]').first().waitFor({ timeout: 20_000 });
	await page.getByText('Partner Tenant').or(page.getByText('Use the HTTP Request node')).or(page.getByText('Return All')).first().waitFor({ timeout: 20_000 });
	try {
		await look();
	} finally {
		await page.keyboard.press('Escape');
		await page.locator('[data-test-id="ndv"]').first().waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => undefined);
	}
}

async function visible(page: Page, text: string): Promise<boolean> {
	return await page.getByText(text, { exact: false }).first().isVisible();
}

async function main(): Promise<number> {
	rmSync(shots, { recursive: true, force: true });
	mkdirSync(shots, { recursive: true });
	const executablePath = chromiumPath();
	const work = mkdtempSync(path.join(tmpdir(), 'xts-browser-'));
	const userFolder = path.join(work, 'user');
	const nodeModules = path.join(userFolder, '.n8n', 'nodes', 'node_modules');
	mkdirSync(nodeModules, { recursive: true });
	symlinkSync(root, path.join(nodeModules, 'n8n-nodes-cross-tenant-sync'), 'dir');
	const emulator = await startEmulator();
	const bin = execFileSync('bash', [path.join(root, 'scripts/e2e/provision-n8n.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
	const caPath = path.join(work, 'emulator-ca.pem');
	writeFileSync(caPath, emulator.caCertPem);
	const cli = new N8nCli(bin, { ...n8nEnvironment(userFolder, caPath), N8N_SECURE_COOKIE: 'false' });
	const browser = await chromium.launch({
		executablePath,
		args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
	});
	try {
		writeFileSync(path.join(work, 'credentials.json'), JSON.stringify(tourCredentials(emulator)));
		writeFileSync(path.join(work, 'workflow.json'), JSON.stringify([tourWorkflow()]));
		await cli.runOrThrow(['import:credentials', `--input=${path.join(work, 'credentials.json')}`]);
		await cli.runOrThrow(['import:workflow', `--input=${path.join(work, 'workflow.json')}`]);
		const server = await cli.start();
		try {
			try {
				await setUpOwner(server.url);
			} catch (error) {
				throw new Error(`${String(error)}\n${tail(server.output(), 4000)}`);
			}
			const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
			// The page's session cookie.
			const login = await page.request.post(`${server.url}/rest/login`, { data: { emailOrLdapLoginId: OWNER.email, password: OWNER.password } });
			if (!login.ok()) throw new Error(`sign-in failed: ${login.status()} ${await login.text()}`);
			console.log(`n8n ${server.url}, Chromium ${browser.version()}`);

			await scenario('the canvas', async () => {
				await page.goto(`${server.url}/workflow/${TOUR_WORKFLOW_ID}`, { waitUntil: 'networkidle' });
				await page.locator('[data-test-id="canvas-node"]').first().waitFor({ timeout: 120_000 });
				await page.keyboard.press('Shift+1').catch(() => undefined);
				await page.waitForTimeout(1000);
				await shot(page, '01-canvas');
				for (const { name, subtitle } of TOUR) {
					const text = await page.locator('[data-test-id="canvas-node"]', { hasText: name }).first().innerText();
					check(`the node "${name}" reads "${subtitle}" under its name`, () => assert.match(text, new RegExp(`\\b${subtitle}\\b`), text));
				}
			});

			await scenario('Partner → Delete', () =>
				inPanel(page, 'Delete partner', async () => {
					await shot(page, '02-partner-delete');
					const shown = await visible(page, 'whole cross-tenant access configuration');
					check('Partner → Delete warns that the whole cross-tenant access configuration goes', () => assert.equal(shown, true));
				}),
			);
			await scenario('Sync Policy → Delete', () =>
				inPanel(page, 'Delete policy', async () => {
					const shown = await visible(page, 'whole cross-tenant access configuration');
					check('Sync Policy → Delete shows no such notice', () => assert.equal(shown, false));
				}),
			);
			await scenario('Update, If Missing: Error', () =>
				inPanel(page, 'Update, If Missing: Error', async () => {
					await shot(page, '03-update-if-missing-error');
					const shown = await visible(page, 'Create Partner If Missing');
					check('beside If Missing: Error, Create Partner If Missing is not shown (it would be ignored)', () => assert.equal(shown, false));
				}),
			);
			await scenario('Update, If Missing: Create', () =>
				inPanel(page, 'Update, If Missing: Create', async () => {
					await shot(page, '04-update-if-missing-create');
					const shown = await visible(page, 'Create Partner If Missing');
					check('beside If Missing: Create, Create Partner If Missing is shown', () => assert.equal(shown, true));
				}),
			);
			await scenario('Custom API Call', () =>
				inPanel(page, 'Custom call', async () => {
					await shot(page, '05-custom-api-call');
					const shown = await visible(page, 'Use the HTTP Request node');
					check('Custom API Call points to the HTTP Request node with this credential', () => assert.equal(shown, true));
				}),
			);

			for (const [id, label] of [
				[WRITER_CREDENTIAL_ID, 'writer'],
				[NO_PERMISSION_CREDENTIAL_ID, 'no-permission'],
			] as const) {
				await scenario(`the ${label} credential's Test`, async () => {
					await page.goto(`${server.url}/home/credentials/${id}`, { waitUntil: 'networkidle' });
					const modal = page.locator('[data-test-id="editCredential-modal"]').first();
					await modal.waitFor({ timeout: 30_000 });
					// n8n tests a saved credential when its modal opens: wait for the verdict, and open its details if folded.
					const verdict = modal.getByText('Connection tested successfully').or(modal.getByText('Couldn’t connect with these settings')).first();
					await verdict.waitFor({ timeout: 60_000 }).catch(async (error: unknown) => {
						await shot(page, `06-credential-${label}-no-verdict`);
						throw error;
					});
					const details = modal.getByText(/more details/i).first();
					if (await details.isVisible()) await details.click();
					await page.waitForTimeout(500);
					await shot(page, `06-credential-${label}`);
					const text = await modal.innerText();
					check(`the credential is named "Microsoft Entra App-Only (Cross-Tenant Sync) API" and says what it is for`, () => {
						assert.match(text, /Microsoft Entra App-Only \(Cross-Tenant Sync\) API/);
						assert.match(text, /Microsoft Entra Service Principal/);
					});
					if (label === 'writer') {
						check('Test of the writer app succeeds; the credential tells what a success means (a permission the node uses)', () => {
							assert.match(text, /Connection tested successfully/);
							assert.match(text, /succeeds when the token carries any permission the node uses/);
						});
					} else {
						check('Test of an app without permissions names cloud, tenant, and the permission each resource needs', () => {
							assert.match(text, /Signed in to the custom cloud/);
							assert.match(text, /in tenant 72f988bf-0000-4000-8000-000000000001/);
							assert.match(text, /The token carries no application permission/);
							assert.match(text, /Sync Policy and Partner needs Policy\.Read\.All or Policy\.ReadWrite\.CrossTenantAccess/);
							assert.match(text, /Sync Configuration needs Application\.ReadWrite\.OwnedBy/);
						});
					}
				});
			}
		} finally {
			await server.stop();
		}
	} finally {
		await browser.close();
		await emulator.close();
		rmSync(work, { recursive: true, force: true });
	}
	console.log(`Screenshots: ${shots}`);
	return printSummary('browser') ? 0 : 1;
}

runSuite('browser', main);
