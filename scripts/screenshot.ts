// With `npm run dev` running: opens the example workflow in a real headless Chromium (Debian's
// /usr/bin/chromium), opens the Cross-Tenant Sync Policy node and saves docs/node-parameters.png.
import path from 'node:path';
import { chromium } from 'playwright-core';

import { OWNER } from './e2e/editorOwner';

// The editor `npm run dev` printed (it picks a free port).
const EDITOR_URL = process.env.EDITOR_URL ?? '';
const output = path.resolve(__dirname, '..', 'docs', 'node-parameters.png');

async function main(): Promise<void> {
	if (!EDITOR_URL) throw new Error('Set EDITOR_URL to the n8n editor `npm run dev` printed, e.g. EDITOR_URL=http://127.0.0.1:40123');
	const browser = await chromium.launch({
		executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
		args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
	});
	try {
		const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
		// npm run dev set the owner up; a fresh n8n gets it here. Signing in gives the page its session cookie.
		const login = await page.request.post(`${EDITOR_URL}/rest/login`, { data: { emailOrLdapLoginId: OWNER.email, password: OWNER.password } });
		if (!login.ok()) {
			const setup = await page.request.post(`${EDITOR_URL}/rest/owner/setup`, { data: OWNER });
			if (!setup.ok()) throw new Error(`Could not sign in as ${OWNER.email} (${login.status()}) nor set up the owner (${setup.status()})`);
		}
		await page.goto(`${EDITOR_URL}/workflow/xtsUpdateSyncPol`, { waitUntil: 'networkidle' });
		await page.locator('[data-test-id="canvas-node"]', { hasText: 'Allow inbound user sync' }).first().dblclick();
		await page.getByText('Partner Tenant', { exact: false }).first().waitFor({ timeout: 15_000 });
		// Run the node against the emulator so the output panel shows a real result next to the parameters.
		await page.locator('button:has-text("Execute step")').first().click({ timeout: 10_000 });
		await page.getByText('partnerTenantId', { exact: false }).first().waitFor({ timeout: 30_000 });
		await page.waitForTimeout(1000);
		await page.screenshot({ path: output });
		console.log(`Saved ${output}`);
	} finally {
		await browser.close();
	}
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
