import { readFileSync } from 'node:fs';

import type { EmulatorSeed } from '../emulator';
import { defaultSeedPath } from '../emulator';
import { CONTOSO } from './fixtures';

/** Tenant ids that are GUIDs and easy to tell apart in a failing test: partner number i. */
export function bulkPartnerId(i: number): string {
	return `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
}

/** The default seed with Contoso's partners replaced by `count` partners, each with a sync policy (sync off). */
export function bulkSeed(count: number): EmulatorSeed {
	const seed = JSON.parse(readFileSync(defaultSeedPath, 'utf8')) as EmulatorSeed;
	const partners = Array.from({ length: count }, (_, i) => ({
		tenantId: bulkPartnerId(i),
		identitySynchronization: { displayName: `Partner ${i}`, userSyncInbound: { isSyncAllowed: false } },
	}));
	return { ...seed, partners: { ...seed.partners, [CONTOSO]: partners } };
}
