import type { ICredentialDataDecryptedObject, ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';

import type { AccessTokenClaims } from '../../../credentials/entra/accessTokenClaims';
import { readAccessTokenClaims } from '../../../credentials/entra/accessTokenClaims';
import { mintAccessToken } from '../../../credentials/entra/mintAccessToken';
import type { ResourcePermissions } from '../permissions';
import { ACCEPTED_ROLES, PERMISSIONS, describeNeed, holdsAlternative } from '../permissions';

const CONSENT_STEPS =
	'In the Entra admin center open App registrations → your app → API permissions → Add a permission → Microsoft Graph → Application permissions, add it, then select "Grant admin consent".';
const CLOUDS: Record<string, string> = {
	global: 'Global cloud (graph.microsoft.com)',
	usGov: 'US Government L4 cloud (graph.microsoft.us)',
	usGovDoD: 'US Government L5 cloud (dod-graph.microsoft.us)',
	china: 'China cloud (microsoftgraph.chinacloudapi.cn)',
};

/**
 * Mints a real token and reads its claims, so the user learns whether sign-in works, where, and which resources the
 * token can serve. It passes when the token carries any permission the node uses: one credential per tenant, and a
 * target tenant's credential needs no synchronization permission, nor a source tenant's the policy write for the
 * sync policy. The message names, per resource, what each missing permission would add. (n8n's editor 2.41 shows its
 * own "Connection tested successfully" for OK; the message is in the answer of /rest/credentials/test.)
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
	const signedIn = `Signed in to the ${whichCloud(data)} as app ${claims.appid ?? String(data.clientId)} in tenant ${whichTenant(claims, data)}.`;
	const carries = `The token carries ${roles.length ? roles.join(', ') : 'no application permission'}.`;
	const verdicts = PERMISSIONS.map((resource) => resourceVerdict(resource, roles));
	const servesSomething = roles.some((role) => ACCEPTED_ROLES.has(role));
	return {
		status: servesSomething ? 'OK' : 'Error',
		message: [signedIn, carries, ...verdicts, servesSomething ? '' : `It can serve no operation of this node. ${CONSENT_STEPS}`].filter(Boolean).join(' '),
	};
}

/** "Sync Policy and Partner: every operation." or "Sync Configuration needs X or Y (what for); …" */
function resourceVerdict(resource: ResourcePermissions, roles: readonly string[]): string {
	const unmet = resource.needs.filter((need) => !need.anyOf.some((alternative) => holdsAlternative(roles, alternative)));
	if (unmet.length === 0) return `${resource.resource}: every operation.`;
	const missing = unmet.map((need) => `${describeNeed(need)} (${need.serves})`).join('; ');
	return unmet.length === resource.needs.length ? `${resource.resource} needs ${missing}.` : `${resource.resource}: all but what needs ${missing}.`;
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
