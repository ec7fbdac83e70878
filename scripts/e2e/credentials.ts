import type { GraphEmulator } from '../../test/emulator';
import { ADATUM, APPS, CONTOSO } from '../../test/emulator/seed-ids';

const emulatorCloud = (emulator: GraphEmulator) => ({ cloud: 'custom', graphEndpoint: emulator.url, authorityHost: emulator.url, tenantId: CONTOSO });

/** The credentials the E2E imports into n8n (ids are what the workflows refer to). */
export function e2eCredentials(emulator: GraphEmulator) {
	return [
		{
			id: 'xtsEmulatorCred1',
			name: 'Microsoft Entra (emulator)',
			type: 'microsoftEntraAppOnlyApi',
			data: { ...emulatorCloud(emulator), clientId: APPS.writer.clientId, authMethod: 'clientSecret', clientSecret: APPS.writer.secret },
		},
		{
			id: 'xtsEmulatorCertCred',
			name: 'Microsoft Entra (emulator, certificate)',
			type: 'microsoftEntraAppOnlyApi',
			data: { ...emulatorCloud(emulator), clientId: APPS.certWriter.clientId, authMethod: 'certificate', certificate: emulator.appCredentialPem(APPS.certWriter.clientId) },
		},
		{
			id: 'xtsEmulatorBadCr',
			name: 'Microsoft Entra (wrong secret)',
			type: 'microsoftEntraAppOnlyApi',
			data: { ...emulatorCloud(emulator), clientId: APPS.writer.clientId, authMethod: 'clientSecret', clientSecret: 'not-the-writer-secret' },
		},
		{
			// The source tenant of the tenant-pair examples (one credential per tenant).
			id: 'xtsEmulatorSource',
			name: 'Microsoft Entra (emulator, source tenant Adatum)',
			type: 'microsoftEntraAppOnlyApi',
			data: { ...emulatorCloud(emulator), tenantId: ADATUM, clientId: APPS.adatumWriter.clientId, authMethod: 'clientSecret', clientSecret: APPS.adatumWriter.secret },
		},
		{
			// Refused before any request: the Continue modes must give each item its error, never pass it through.
			id: 'xtsPlainHttpCred',
			name: 'Microsoft Entra (plain http Graph endpoint)',
			type: 'microsoftEntraAppOnlyApi',
			data: { ...emulatorCloud(emulator), graphEndpoint: emulator.url.replace('https:', 'http:'), clientId: APPS.writer.clientId, authMethod: 'clientSecret', clientSecret: APPS.writer.secret },
		},
	];
}

/** The credential the edited-credential scenario changes between two runs (Contoso's writer app at first). */
export const EDITABLE_CREDENTIAL_ID = 'xtsEditableCred1';

export function editableCredential(emulator: GraphEmulator) {
	return {
		id: EDITABLE_CREDENTIAL_ID,
		name: 'Microsoft Entra (emulator, edited by the E2E)',
		type: 'microsoftEntraAppOnlyApi',
		data: { ...emulatorCloud(emulator), clientId: APPS.writer.clientId, authMethod: 'clientSecret', clientSecret: APPS.writer.secret },
	};
}

/** The token the approval-flow example's webhook expects from the ticket system (emulator set-up only). */
export const TICKET_TOKEN = { name: 'X-Ticket-Token', value: 'try-me-with-the-emulator' };

/** The approval-flow example's other credentials: the ticket system's header token and the approver's mail server. */
export function approvalFlowCredentials(smtpPort: number) {
	return [
		{ id: 'xtsTicketToken01', name: 'Ticket system token', type: 'httpHeaderAuth', data: TICKET_TOKEN },
		{
			id: 'xtsApproverSmtp1',
			name: 'Approver mail (SMTP)',
			type: 'smtp',
			data: { user: '', password: '', host: '127.0.0.1', port: smtpPort, secure: false, disableStartTls: true },
		},
	];
}
