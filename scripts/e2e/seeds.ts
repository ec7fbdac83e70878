import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { EmulatorSeed } from '../../test/emulator';
import { defaultSeedPath } from '../../test/emulator';
import { CONTOSO } from '../../test/emulator/seed-ids';
import { bulkSeed } from '../../test/support/bulkSeed';

/** The default seed (test/emulator/seed.json) plus `bulkPartners` bulk partners of Contoso (what the workflows' Code nodes make). */
export function bulkSeedWithDefaults(bulkPartners = 1000): EmulatorSeed {
	const seed = bulkSeed(bulkPartners);
	const defaults = JSON.parse(readFileSync(path.resolve(defaultSeedPath), 'utf8')) as EmulatorSeed;
	return { ...seed, partners: { ...seed.partners, [CONTOSO]: [...defaults.partners[CONTOSO], ...seed.partners[CONTOSO]] } };
}

/** The default seed with one of Contoso's partners' inbound user sync set to `isSyncAllowed`. */
export function seedWithUserSync(partnerTenantId: string, isSyncAllowed: boolean): EmulatorSeed {
	const seed = bulkSeedWithDefaults(0);
	const partner = seed.partners[CONTOSO].find((p) => p.tenantId === partnerTenantId);
	if (!partner) throw new Error(`${partnerTenantId} is no partner of Contoso in the seed`);
	partner.identitySynchronization = { ...partner.identitySynchronization, userSyncInbound: { isSyncAllowed } };
	return seed;
}
