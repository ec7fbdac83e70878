import type { ICredentialDataDecryptedObject, IHttpRequestOptions } from 'n8n-workflow';

import { readAccessTokenClaims } from './accessTokenClaims';
import { resolveCloud } from './clouds';
import { mintAccessToken } from './mintAccessToken';
import { isTokenBound, mintInputsDigest } from './tokenBinding';

/** Tokens minted for a credential whose stored token belongs to its earlier values, by mint-input digest. */
const editedCredentialTokens = new Map<string, { token: string; renewAfter: number }>();
const RENEW_BEFORE_EXPIRY_MS = 5 * 60_000;

/**
 * Adds the bearer token to a request, with two guarantees: the token goes only to the credential's Graph root,
 * and it is a token minted for the credential as it is now. n8n keeps a credential's hidden token when the
 * credential is edited; a stored token whose binding does not match the current fields is never sent — a token
 * for the current fields is minted instead (once per process and token lifetime).
 */
export async function authenticateGraphRequest(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
	const { graphEndpoint } = resolveCloud(credentials);
	assertGraphTarget(requestOptions, graphEndpoint);
	const stored = credentials.accessToken;
	const token = isTokenBound(credentials, stored, credentials.accessTokenBinding) ? stored : await tokenForCurrentFields(credentials);
	return { ...requestOptions, headers: { ...requestOptions.headers, Authorization: `Bearer ${token}` } };
}

function assertGraphTarget(requestOptions: IHttpRequestOptions, graphEndpoint: string): void {
	const root = new URL(`${graphEndpoint}/`);
	// n8n's HTTP Request node hands over the legacy request shape, whose URL is `uri`.
	const raw = requestOptions.url ?? (requestOptions as { uri?: string }).uri ?? '';
	const target = URL.canParse(raw, requestOptions.baseURL) ? new URL(raw, requestOptions.baseURL) : undefined;
	if (target && target.origin === root.origin && target.pathname.startsWith(root.pathname) && !target.username) return;
	throw new Error(`This credential sends its token only to ${graphEndpoint}; the request to ${target?.host ?? 'an unreadable URL'} was not sent`);
}

async function tokenForCurrentFields(credentials: ICredentialDataDecryptedObject): Promise<string> {
	const key = mintInputsDigest(credentials);
	const cached = editedCredentialTokens.get(key);
	if (cached && Date.now() < cached.renewAfter) return cached.token;
	const token = await mintAccessToken(credentials);
	const expiresAt = (readAccessTokenClaims(token).exp ?? 0) * 1000;
	editedCredentialTokens.set(key, { token, renewAfter: Math.max(Date.now(), expiresAt - RENEW_BEFORE_EXPIRY_MS) });
	return token;
}
