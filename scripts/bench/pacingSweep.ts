// `npx tsx scripts/bench/pacingSweep.ts` (after `npm run build`): the write meter and the simple design side by side
// where `npm run bench -- --pacing` does not look: buckets of 30–80 burst + 40/s at N = 100 and 300, and Graph's
// documented budget (3,000 burst + 20/s) drained by another app's writes before the run. Prints tables; not a test.
import { createRequire } from 'node:module';

import { startEmulator } from '../../test/emulator';
import { APPS, CONTOSO } from '../../test/emulator/seed-ids';
import { httpsCall } from '../../test/emulator/test-client';
import { bulkPartnerId, bulkSeed } from '../../test/support/bulkSeed';
import { builtFile } from '../../test/support/builtPackage';
import { trustEmulatorCertificate } from '../../test/support/trustEmulator';
import type { Measured } from './sideBySide';
import { measure, OURS } from './sideBySide';

type Design = 'metered' | 'simple';
const load = createRequire(__filename);
const { forgetSharedAccessTokens } = load(builtFile('credentials/entra/mintAccessToken.js')) as { forgetSharedAccessTokens(): void };
const { forgetSharedWriteMeters } = load(builtFile('nodes/CrossTenantSyncPolicy/executor/writeMeter.js')) as { forgetSharedWriteMeters(): void };
const { forgetSharedWriteBudgets, usePacingDesign } = load(builtFile('nodes/CrossTenantSyncPolicy/executor/simplePacing.js')) as {
	forgetSharedWriteBudgets(): void;
	usePacingDesign(design: Design): void;
};
const DESIGNS: Design[] = ['metered', 'simple'];
const cell = (m: Measured, n: number, minimumS: number) =>
	`${(m.wallMs / 1000).toFixed(2)} s (${(m.wallMs / 1000 / minimumS).toFixed(2)}×) ${m.throttled} 429s${m.applied === n && m.reported === n ? '' : ' ITEMS LOST'}`;

async function main() {
	const emulator = await startEmulator({ policySizeLimitBytes: 1_000_000_000 });
	trustEmulatorCertificate(emulator.caCertPem);
	const token = emulator.mintAccessToken({ tenantId: CONTOSO, clientId: APPS.writer.clientId, roles: ['Policy.ReadWrite.CrossTenantAccess'] });
	/** Another writer of the same app: PATCHes (isSyncAllowed false) in four batches at a time until Graph refuses one. */
	const drain = async (n: number) => {
		for (let round = 0; ; round++) {
			const refused = await Promise.all(
				[0, 1, 2, 3].map(async (k) => {
					const requests = Array.from({ length: 20 }, (_, i) => ({
						id: String(i),
						method: 'PATCH',
						url: `/policies/crossTenantAccessPolicy/partners/${bulkPartnerId((round * 80 + k * 20 + i) % n)}/identitySynchronization`,
						headers: { 'Content-Type': 'application/json' },
						body: { userSyncInbound: { isSyncAllowed: false } },
					}));
					const answer = await httpsCall(emulator.caCertPem, `${emulator.url}/v1.0/$batch`, {
						method: 'POST',
						headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
						body: JSON.stringify({ requests }),
					});
					return answer.json<{ responses: Array<{ status: number }> }>().responses.some((r) => r.status === 429);
				}),
			);
			if (refused.includes(true)) return;
		}
	};
	const run = async (design: Design, n: number, capacity: number, refillPerSecond: number, limitPercentageOnAdmitted: boolean, partConcurrency: number, drained = false) => {
		forgetSharedAccessTokens();
		forgetSharedWriteMeters();
		forgetSharedWriteBudgets();
		usePacingDesign(design);
		emulator.reset(bulkSeed(n));
		emulator.setFaults({ latencyMs: 0 });
		emulator.setBatchCost({ partConcurrency: Infinity });
		emulator.setThrottling({ capacity, refillPerSecond, limitPercentageOnAdmitted });
		if (drained) await drain(n);
		emulator.clearRequests();
		emulator.setFaults({ latencyMs: 20 });
		emulator.setBatchCost({ partConcurrency });
		const before = emulator.throttleStats().rejected;
		const measured = await measure(emulator, OURS, n);
		return { ...measured, throttled: measured.throttled - before };
	};
	try {
		await run('metered', 10, 50, 40, true, Infinity); // warm-up
		console.log('## Buckets of 30–80 burst + 40/s (every request 20 ms; one run each)');
		console.log('| N | $batch parts | x-ms-throttle-limit-percentage | burst | minimum | write meter | simple |');
		console.log('|---|---|---|---|---|---|---|');
		for (const n of [100, 300]) {
			for (const partConcurrency of [1, Infinity]) {
				for (const onAdmitted of [true, false]) {
					for (const capacity of [30, 40, 50, 60, 70, 80]) {
						const minimumS = Math.max(0, n - capacity) / 40;
						const cells: string[] = [];
						for (const design of DESIGNS) cells.push(cell(await run(design, n, capacity, 40, onAdmitted, partConcurrency), n, minimumS));
						console.log(`| ${n} | ${partConcurrency === 1 ? 'sequential' : 'parallel'} | ${onAdmitted ? 'on admitted writes' : 'only with 429s'} | ${capacity} | ${minimumS.toFixed(2)} s | ${cells.join(' | ')} |`);
					}
				}
			}
		}
		console.log("\n## Graph's documented budget, 3,000 burst + 20/s, drained by another writer of the app before the run");
		console.log('| N | $batch parts | x-ms-throttle-limit-percentage | minimum (N / 20 per s) | write meter | simple |');
		console.log('|---|---|---|---|---|---|');
		for (const n of [100, 300]) {
			for (const partConcurrency of [1, Infinity]) {
				for (const onAdmitted of [true, false]) {
					const minimumS = n / 20;
					const cells: string[] = [];
					for (const design of DESIGNS) cells.push(cell(await run(design, n, 3000, 20, onAdmitted, partConcurrency, true), n, minimumS));
					console.log(`| ${n} | ${partConcurrency === 1 ? 'sequential' : 'parallel'} | ${onAdmitted ? 'on admitted writes' : 'only with 429s'} | ${minimumS.toFixed(2)} s | ${cells.join(' | ')} |`);
				}
			}
		}
	} finally {
		await emulator.close();
	}
}

main().then(
	() => process.exit(0),
	(error: unknown) => {
		console.error(error);
		process.exit(1);
	},
);
