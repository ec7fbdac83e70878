import type { ICredentialDataDecryptedObject, ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';

import type { AccessTokenClaims } from '../../../credentials/entra/accessTokenClaims';
import { readAccessTokenClaims } from '../../../credentials/entra/accessTokenClaims';
import { mintAccessToken } from '../../../credentials/entra/mintAccessToken';

const READ_ROLE = 'Policy.Read.All';
const WRITE_ROLE = 'Policy.ReadWrite.CrossTenantAccess';
const CONSENT_STEPS =
	'In the Entra admin center open App registrations → your app → API permissions → Add a permission → Microsoft Graph → Application permissions, add it, then select "Grant admin consent".';
const CLOUDS: Record<string, string> = {
	global: 'Global cloud (graph.microsoft.com)',
	usGov: 'US Government L4 cloud (graph.microsoft.us)',
	usGovDoD: 'US Government L5 cloud (dod-graph.microsoft.us)',
	china: 'China cloud (microsoftgraph.chinacloudapi.cn)',
};

/**
 * Mints a real token and reads its claims, so the user learns whether sign-in works, where, and what is missing.
 * n8n's editor (2.41) shows its own "Connection tested successfully" for OK and our message only for Error: a token
 * without the write permission is therefore an Error, whose message names cloud, tenant and the permissions held.
 */
export async function microsoftEntraAppOnlyApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const data = credential.data ?? {};
	let accessToken: string;
	try {
		accessToken = await mintAccessToken(data);
	} catch (error) {
		return { status: 'Error', message: error instanceof Error ? error.message : String(error) };
	}
	return judgeToken(readAccessTokenClaims(accessToken), data);
}

export function judgeToken(claims: AccessTokenClaims, data: ICredentialDataDecryptedObject): INodeCredentialTestResult {
	const { roles } = claims;
	const hasRead = roles.includes(READ_ROLE);
	const hasWrite = roles.includes(WRITE_ROLE);
	const signedIn = `Signed in to the ${whichCloud(data)} as app ${claims.appid ?? String(data.clientId)} in tenant ${whichTenant(claims, data)}`;
	const carries = `The token carries ${roles.length ? roles.join(', ') : 'no application permission'}.`;
	if (hasWrite) {
		return { status: 'OK', message: `${signedIn}. ${carries} Reads and writes of cross-tenant sync policy will work.` };
	}
	if (hasRead) {
		return {
			status: 'Error',
			message: `${signedIn}, but ${WRITE_ROLE} is missing. ${carries} Get works; Update, Create and Delete will fail with 403. ${CONSENT_STEPS}`,
		};
	}
	return {
		status: 'Error',
		message: `${signedIn}, but the token has neither ${READ_ROLE} nor ${WRITE_ROLE}. ${carries} ${CONSENT_STEPS}`,
	};
}

function whichCloud(data: ICredentialDataDecryptedObject): string {
	const cloud = typeof data.cloud === 'string' ? data.cloud : 'global';
	return CLOUDS[cloud] ?? `custom cloud (${String(data.graphEndpoint)})`;
}

function whichTenant(claims: AccessTokenClaims, data: ICredentialDataDecryptedObject): string {
	const configured = typeof data.tenantId === 'string' ? data.tenantId.trim() : '';
	if (!claims.tid) return configured;
	return configured && configured.toLowerCase() !== claims.tid.toLowerCase() ? `${claims.tid} (${configured})` : claims.tid;
}
