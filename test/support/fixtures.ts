import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { MicrosoftEntraAppOnlyApi } from '../../credentials/MicrosoftEntraAppOnlyApi.credentials';
import { forgetSharedAccessTokens } from '../../credentials/entra/mintAccessToken';
import { forgetSharedWriteBudgets } from '../../nodes/CrossTenantSyncPolicy/executor/pacer';
import { forgetOnDemandReservations } from '../../nodes/CrossTenantSyncPolicy/actions/syncConfiguration/onDemandWindow';
import { bindToken } from '../../credentials/entra/tokenBinding';
import { CrossTenantSyncPolicy } from '../../nodes/CrossTenantSyncPolicy/CrossTenantSyncPolicy.node';
import { CrossTenantSyncPolicyTrigger } from '../../nodes/CrossTenantSyncPolicyTrigger/CrossTenantSyncPolicyTrigger.node';
import type { EmulatorSeed, GraphEmulator } from '../emulator';
import { APPS, CONTOSO } from '../emulator/seed-ids';
import { defaultSeedPath, startEmulator } from '../emulator';
import { InProcessN8n } from '../harness/runWorkflow';
import { CREDENTIAL_TYPE, NODE_TYPE } from '../harness/nodeWorkflow';
import { TRIGGER_NODE_TYPE } from '../harness/triggerWorkflow';
import { trustEmulatorCertificate } from './trustEmulator';

export { ADATUM, ADATUM_GROUPS, ADATUM_USERS, APPS, CONTOSO, FABRIKAM, NORTHWIND, TAILSPIN, UNMANAGED_PARTNER, WOODGROVE } from '../emulator/seed-ids';

export async function startTrustedEmulator(): Promise<GraphEmulator> {
	const emulator = await startEmulator();
	trustEmulatorCertificate(emulator.caCertPem);
	return emulator;
}

/** Credential data as a user fills it in for the emulator: cloud "custom", both roots on the emulator. */
export function secretCredential(emulator: GraphEmulator, app: { clientId: string; secret: string } = APPS.writer, tenantId = CONTOSO): ICredentialDataDecryptedObject {
	return {
		cloud: 'custom',
		graphEndpoint: emulator.url,
		authorityHost: emulator.url,
		tenantId,
		clientId: app.clientId,
		authMethod: 'clientSecret',
		clientSecret: app.secret,
		accessToken: '',
	};
}

export function certificateCredential(emulator: GraphEmulator): ICredentialDataDecryptedObject {
	return {
		cloud: 'custom',
		graphEndpoint: emulator.url,
		authorityHost: emulator.url,
		tenantId: CONTOSO,
		clientId: APPS.certWriter.clientId,
		authMethod: 'certificate',
		certificate: emulator.appCredentialPem(APPS.certWriter.clientId),
		sendCertificateChain: false,
		accessToken: '',
	};
}

export function inProcessN8n(): InProcessN8n {
	return new InProcessN8n({ [NODE_TYPE]: new CrossTenantSyncPolicy(), [TRIGGER_NODE_TYPE]: new CrossTenantSyncPolicyTrigger() }, [new MicrosoftEntraAppOnlyApi()]);
}

export function addCredential(n8n: InProcessN8n, data: ICredentialDataDecryptedObject, id = 'cred-1') {
	return n8n.credentials.add({ id, name: `Emulator ${id}`, type: CREDENTIAL_TYPE, data });
}

/** Puts a token into a stored credential as n8n would have saved it after minting it for these very fields. */
export function storeMintedToken(n8n: InProcessN8n, credentialId: string, accessToken: string): void {
	const stored = n8n.credentials.stored(credentialId);
	if (!stored) throw new Error(`No stored credential ${credentialId}`);
	n8n.credentials.add({ ...stored, data: { ...stored.data, accessToken, accessTokenBinding: bindToken(stored.data, accessToken) } });
}

export interface EmulatorSession {
	emulator: GraphEmulator;
	n8n: InProcessN8n;
	credential: { id: string; name: string };
}

/** One trusted emulator per test file; before each test the seed restored, a fresh in-process n8n and credential. */
export function useEmulatorSession(seed: () => EmulatorSeed | string = () => defaultSeedPath): EmulatorSession {
	const session = {} as EmulatorSession;
	beforeAll(async () => {
		session.emulator = await startTrustedEmulator();
	});
	afterAll(async () => await session.emulator?.close());
	beforeEach(() => {
		forgetSharedAccessTokens();
		forgetSharedWriteBudgets();
		forgetOnDemandReservations();
		session.emulator.reset(seed());
		session.n8n = inProcessN8n();
		session.credential = addCredential(session.n8n, secretCredential(session.emulator));
	});
	return session;
}
