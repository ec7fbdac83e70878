import type { ICredentialDataDecryptedObject, ICredentialType, IHttpRequestHelper, IHttpRequestOptions, INodeProperties, Icon } from 'n8n-workflow';

import { authenticateGraphRequest } from './entra/authenticateRequest';
import { sharedAccessToken } from './entra/mintAccessToken';
import { bindToken } from './entra/tokenBinding';

export class MicrosoftEntraAppOnlyApi implements ICredentialType {
	name = 'microsoftEntraAppOnlyApi';

	displayName = 'Microsoft Entra App-Only (Cross-Tenant Sync) API';

	icon: Icon = { light: 'file:microsoftEntra.svg', dark: 'file:microsoftEntra.dark.svg' };

	documentationUrl =
		'https://learn.microsoft.com/en-us/graph/auth-v2-service?tabs=http#step-1-register-the-app';

	httpRequestNode = {
		name: 'Microsoft Graph (App-Only)',
		docsUrl: 'https://learn.microsoft.com/en-us/graph/api/overview',
		apiBaseUrlPlaceholder: 'https://graph.microsoft.com/v1.0/',
	};

	properties: INodeProperties[] = [
		{
			displayName:
				'For the Cross-Tenant Sync Policy community node (and Microsoft Graph calls in the HTTP Request node): an app registration signing in as itself with a client secret or certificate, in any national cloud. n8n\'s own "Microsoft Entra Service Principal" credential serves n8n\'s built-in nodes. One credential per tenant: Test signs in and succeeds when the token carries any permission the node uses (a target tenant needs the policy permissions, a source tenant also the application and synchronization ones); an operation whose permission is missing fails with 403 naming it.',
			name: 'credentialNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Cloud',
			name: 'cloud',
			type: 'options',
			options: [
				{ name: 'Global (Incl. GCC)', value: 'global', description: 'graph.microsoft.com' },
				{ name: 'US Government L4 (GCC High)', value: 'usGov', description: 'graph.microsoft.us' },
				{ name: 'US Government L5 (DoD)', value: 'usGovDoD', description: 'dod-graph.microsoft.us' },
				{ name: 'China (21Vianet)', value: 'china', description: 'microsoftgraph.chinacloudapi.cn' },
				{ name: 'Custom', value: 'custom', description: 'Your own Graph and login roots (proxy, emulator)' },
			],
			default: 'global',
		},
		{
			displayName: 'Graph Endpoint',
			name: 'graphEndpoint',
			type: 'string',
			default: '',
			placeholder: 'https://graph.microsoft.us',
			description: 'Root of Microsoft Graph without a version',
			required: true,
			displayOptions: { show: { cloud: ['custom'] } },
		},
		{
			displayName: 'Authority Host',
			name: 'authorityHost',
			type: 'string',
			default: '',
			placeholder: 'https://login.microsoftonline.us',
			description: 'Root of the Microsoft Entra login authority (https)',
			required: true,
			displayOptions: { show: { cloud: ['custom'] } },
		},
		{
			displayName: 'Tenant ID',
			name: 'tenantId',
			type: 'string',
			default: '',
			placeholder: 'contoso.onmicrosoft.com',
			description: 'Directory (tenant) ID GUID, or a verified domain of your tenant',
			required: true,
		},
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			placeholder: '00000000-0000-0000-0000-000000000000',
			description: "The app registration's Application (client) ID",
			required: true,
		},
		{
			displayName: 'Authentication',
			name: 'authMethod',
			type: 'options',
			options: [
				{ name: 'Client Secret', value: 'clientSecret' },
				{ name: 'Certificate', value: 'certificate' },
			],
			default: 'clientSecret',
		},
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: "The secret's Value (not its Secret ID)",
			required: true,
			displayOptions: { show: { authMethod: ['clientSecret'] } },
		},
		{
			displayName: 'Certificate (PEM)',
			name: 'certificate',
			type: 'string',
			typeOptions: { password: true, rows: 6 },
			default: '',
			placeholder: '-----BEGIN CERTIFICATE----- … -----BEGIN PRIVATE KEY----- …',
			description: 'PEM text holding the certificate registered on the app and its private key',
			required: true,
			displayOptions: { show: { authMethod: ['certificate'] } },
		},
		{
			displayName: 'Certificate Password',
			name: 'certificatePassword',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'Only when the private key in the PEM is encrypted',
			displayOptions: { show: { authMethod: ['certificate'] } },
		},
		{
			displayName: 'Send Certificate Chain',
			name: 'sendCertificateChain',
			type: 'boolean',
			// n8n's package scanner treats every field named like a certificate as secret; a switch shows no text anyway.
			typeOptions: { password: true },
			default: false,
			description: 'Whether to send the x5c header, for subject name and issuer authentication',
			displayOptions: { show: { authMethod: ['certificate'] } },
		},
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
		{
			// Proves which credential values the stored token was minted for; see authenticateGraphRequest.
			displayName: 'Access Token Binding',
			name: 'accessTokenBinding',
			type: 'hidden',
			typeOptions: { password: true },
			default: '',
		},
	];

	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const accessToken = await sharedAccessToken(credentials, credentials.accessToken);
		return { accessToken, accessTokenBinding: bindToken(credentials, accessToken) };
	}

	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		return await authenticateGraphRequest(credentials, requestOptions);
	}
}
