import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';

import { readAccessTokenClaims } from '../../../credentials/entra/accessTokenClaims';
import { mintAccessToken } from '../../../credentials/entra/mintAccessToken';

const READ_ROLE = 'Policy.Read.All';
const WRITE_ROLE = 'Policy.ReadWrite.CrossTenantAccess';
const CONSENT_STEPS =
	'In the Entra admin center open App registrations → your app → API permissions → Add a permission → Microsoft Graph → Application permissions, add it, then select "Grant admin consent".';

/** Mints a real token and reads its roles claim, so the user learns both whether sign-in works and what is missing. */
export async function microsoftEntraAppOnlyApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	let accessToken: string;
	try {
		accessToken = await mintAccessToken(credential.data ?? {});
	} catch (error) {
		return { status: 'Error', message: error instanceof Error ? error.message : String(error) };
	}
	const { roles } = readAccessTokenClaims(accessToken);
	return judgeRoles(roles);
}

export function judgeRoles(roles: string[]): INodeCredentialTestResult {
	const hasRead = roles.includes(READ_ROLE);
	const hasWrite = roles.includes(WRITE_ROLE);
	if (hasWrite && hasRead) {
		return { status: 'OK', message: `Token minted. The app has ${READ_ROLE} and ${WRITE_ROLE}.` };
	}
	if (hasWrite) {
		return {
			status: 'OK',
			message: `Token minted. The app has ${WRITE_ROLE}, which also covers reads; ${READ_ROLE} is missing but not needed.`,
		};
	}
	if (hasRead) {
		return {
			status: 'Error',
			message: `Token minted, but ${WRITE_ROLE} is missing: Get works, Update/Create/Delete will fail with 403. ${CONSENT_STEPS}`,
		};
	}
	return {
		status: 'Error',
		message: `Token minted, but the app has neither ${READ_ROLE} nor ${WRITE_ROLE} (granted: ${roles.length ? roles.join(', ') : 'none'}). ${CONSENT_STEPS}`,
	};
}
