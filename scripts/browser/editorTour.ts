// The workflow and credentials the browser test imports: one node per resource/operation (the traps the issue named
// included), a writer credential and a read-only one, all against the emulator.
import type { GraphEmulator } from '../../test/emulator';
import { APPS, CONTOSO, FABRIKAM } from '../../test/emulator/seed-ids';
import { e2eCredentials } from '../e2e/credentials';

export const TOUR_WORKFLOW_ID = 'xtsEditorTour001';
export const WRITER_CREDENTIAL_ID = 'xtsEmulatorCred1';
export const NO_PERMISSION_CREDENTIAL_ID = 'xtsEmulatorNone1';

const credential = { microsoftEntraAppOnlyApi: { id: WRITER_CREDENTIAL_ID, name: 'Microsoft Entra (emulator)' } };
const partner = { __rl: true, mode: 'id', value: FABRIKAM };

/** Node name → its parameters and the subtitle a person must read under it on the canvas. */
export const TOUR: Array<{ name: string; parameters: Record<string, unknown>; subtitle: string }> = [
	{ name: 'Update, If Missing: Error', parameters: { resource: 'syncPolicy', operation: 'update', partnerTenantId: partner, updateFields: { isSyncAllowed: true }, options: { ifMissing: 'error', createPartnerIfMissing: true } }, subtitle: 'Update sync policy' },
	{ name: 'Update, If Missing: Create', parameters: { resource: 'syncPolicy', operation: 'update', partnerTenantId: partner, updateFields: { isSyncAllowed: true }, options: { ifMissing: 'create', createPartnerIfMissing: true } }, subtitle: 'Update sync policy' },
	{ name: 'Create policy', parameters: { resource: 'syncPolicy', operation: 'create', partnerTenantId: partner, isSyncAllowed: true }, subtitle: 'Create sync policy' },
	{ name: 'Get policy', parameters: { resource: 'syncPolicy', operation: 'get', partnerTenantId: partner }, subtitle: 'Get sync policy' },
	{ name: 'Delete policy', parameters: { resource: 'syncPolicy', operation: 'delete', partnerTenantId: partner }, subtitle: 'Delete sync policy' },
	{ name: 'Create partner', parameters: { resource: 'partner', operation: 'create', partnerTenantId: partner }, subtitle: 'Create partner' },
	{ name: 'Get partner', parameters: { resource: 'partner', operation: 'get', partnerTenantId: partner }, subtitle: 'Get partner' },
	{ name: 'List partners', parameters: { resource: 'partner', operation: 'getAll' }, subtitle: 'Get many partners' },
	{ name: 'Delete partner', parameters: { resource: 'partner', operation: 'delete', partnerTenantId: partner }, subtitle: 'Delete partner' },
	{ name: 'Custom call', parameters: { resource: '__CUSTOM_API_CALL__' }, subtitle: 'Custom API call' },
];

export function tourWorkflow() {
	return {
		id: TOUR_WORKFLOW_ID,
		name: 'Editor tour: every resource and operation',
		nodes: TOUR.map((n, i) => ({
			id: `e0000000-0000-4000-8000-0000000000${String(i + 10).padStart(2, '0')}`,
			name: n.name,
			type: 'n8n-nodes-cross-tenant-sync.crossTenantSyncPolicy',
			typeVersion: 1,
			position: [(i % 5) * 260, Math.floor(i / 5) * 240],
			parameters: n.parameters,
			credentials: credential,
		})),
		connections: {},
		active: false,
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
}

export function tourCredentials(emulator: GraphEmulator) {
	const writer = e2eCredentials(emulator).find((c) => c.id === WRITER_CREDENTIAL_ID)!;
	return [
		writer,
		{
			id: NO_PERMISSION_CREDENTIAL_ID,
			name: 'Microsoft Entra (emulator, app without permissions)',
			type: 'microsoftEntraAppOnlyApi',
			data: { cloud: 'custom', graphEndpoint: emulator.url, authorityHost: emulator.url, tenantId: CONTOSO, clientId: APPS.noRoles.clientId, authMethod: 'clientSecret', clientSecret: APPS.noRoles.secret },
		},
	];
}
