import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { readAccessTokenClaims } from './accessTokenClaims';
import { openIdMetadataUrl, probeAuthority, readMetadataRefusal } from './authorityProbe';
import { certificatePemProblem } from './certificatePem';
import type { CloudEndpoints } from './clouds';
import { resolveCloud } from './clouds';
import { signInTenantProblem } from './signInTenant';
import { mintInputsDigest } from './tokenBinding';
import type { TokenFailure } from './tokenFailureAdvice';
import { describeTokenFailure, describeUnreachableAuthority } from './tokenFailureAdvice';

export class TokenMintError extends Error {
	constructor(
		readonly headline: string,
		readonly advice: string,
		readonly aadsts?: string,
	) {
		super(`${headline} ${advice}`);
		this.name = 'TokenMintError';
	}
}

function requiredText(credentials: ICredentialDataDecryptedObject, field: string, label: string): string {
	const value = typeof credentials[field] === 'string' ? (credentials[field] as string).trim() : '';
	if (!value) throw new TokenMintError(`The credential field "${label}" is empty.`, `Fill in ${label} in the credential.`);
	return value;
}

const mintsInFlight = new Map<string, Promise<string>>();

/** Tokens this process minted, by mint-input digest, until 5 minutes before they expire. */
const mintedTokens = new Map<string, { token: string; renewAfter: number }>();
const RENEW_BEFORE_EXPIRY_MS = 5 * 60_000;

/** Forgets the tokens this process minted: a test that counts token requests starts as a fresh n8n process would. */
export function forgetSharedAccessTokens(): void {
	mintedTokens.clear();
}

/**
 * A token for the credential as it is now, shared by every execution this process runs. In queue mode a worker
 * runs several executions at once, and each may start with an empty stored token (or one read before another
 * execution saved a new one): without this, each would mint its own. `replacing` is the token n8n is refreshing
 * (after a 401): it is never handed back.
 */
export async function sharedAccessToken(credentials: ICredentialDataDecryptedObject, replacing?: unknown): Promise<string> {
	const key = mintInputsDigest(credentials);
	const minted = mintedTokens.get(key);
	if (minted && Date.now() < minted.renewAfter && minted.token !== replacing) return minted.token;
	const token = await mintAccessToken(credentials);
	const expiresAt = (readAccessTokenClaims(token).exp ?? 0) * 1000;
	mintedTokens.set(key, { token, renewAfter: Math.max(Date.now(), expiresAt - RENEW_BEFORE_EXPIRY_MS) });
	return token;
}

/**
 * Mints an app-only Graph token. Requests that start together with an empty token (a bulk run's first
 * batches) share one mint instead of each asking Entra; a later call (e.g. after a 401) mints anew.
 */
export async function mintAccessToken(credentials: ICredentialDataDecryptedObject): Promise<string> {
	const key = mintInputsDigest(credentials);
	const inFlight = mintsInFlight.get(key);
	if (inFlight) return await inFlight;
	const mint = mintNewAccessToken(credentials).finally(() => mintsInFlight.delete(key));
	mintsInFlight.set(key, mint);
	return await mint;
}

/**
 * Mints an app-only Graph token with @azure/identity (client credentials, secret or certificate).
 * @azure/identity is loaded here, on first use, so that loading the node and credential stays cheap.
 */
async function mintNewAccessToken(credentials: ICredentialDataDecryptedObject): Promise<string> {
	const cloud = resolveCloud(credentials);
	const tenantId = requiredText(credentials, 'tenantId', 'Tenant ID');
	const tenantProblem = signInTenantProblem(tenantId);
	if (tenantProblem) throw new TokenMintError(tenantProblem.message, tenantProblem.advice);
	const clientId = requiredText(credentials, 'clientId', 'Client ID');
	if (credentials.authMethod === 'certificate') {
		const problem = certificatePemProblem(requiredText(credentials, 'certificate', 'Certificate (PEM)'), credentials.certificatePassword as string | undefined);
		if (problem) throw new TokenMintError(problem.message, problem.advice);
	}
	const { ClientSecretCredential, ClientCertificateCredential } = await import('@azure/identity');
	const options = {
		authorityHost: cloud.authorityHost,
		disableInstanceDiscovery: cloud.isCustom,
		retryOptions: { maxRetries: 1 },
	};
	const scope = `${cloud.graphEndpoint}/.default`;
	let failure: unknown;
	try {
		const tokenCredential =
			credentials.authMethod === 'certificate'
				? new ClientCertificateCredential(
						tenantId,
						clientId,
						{
							certificate: requiredText(credentials, 'certificate', 'Certificate (PEM)'),
							certificatePassword: (credentials.certificatePassword as string) || undefined,
						},
						{ ...options, sendCertificateChain: credentials.sendCertificateChain === true },
					)
				: new ClientSecretCredential(tenantId, clientId, requiredText(credentials, 'clientSecret', 'Client Secret'), options);
		const token = await tokenCredential.getToken(scope);
		return token.token;
	} catch (error) {
		failure = error;
	}
	// Runs without a node (inside preAuthentication and the credential test): n8n wraps what is thrown here.
	if (failure instanceof TokenMintError) throw failure;
	const described = describeTokenFailure(failure, cloud.authorityHost, scope);
	const { message, advice, aadsts } = described.unreachable ? await explainMissingAnswer(cloud, tenantId, scope) : described;
	throw new TokenMintError(message, advice, aadsts);
}

/**
 * A sign-in that failed without an answer MSAL passes on (endpoints_resolution_error): an unreachable authority, an
 * untrusted TLS certificate, or an authority that refused the metadata request, as Entra does for a tenant that does
 * not exist (AADSTS90002). One TLS handshake tells the first two apart; after a trusted one, Entra's refusal is read.
 */
async function explainMissingAnswer(cloud: CloudEndpoints, tenantId: string, scope: string): Promise<TokenFailure> {
	const reachability = await probeAuthority(cloud.authorityHost);
	const metadataUrl = openIdMetadataUrl(cloud.authorityHost, tenantId);
	const refusal = reachability === 'trusted' ? await readMetadataRefusal(metadataUrl) : undefined;
	return refusal ? describeTokenFailure(refusal, cloud.authorityHost, scope) : describeUnreachableAuthority(cloud.authorityHost, reachability, metadataUrl);
}
