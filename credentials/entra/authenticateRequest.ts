import type { ICredentialDataDecryptedObject, IHttpRequestOptions } from 'n8n-workflow';

import { resolveCloud } from './clouds';
import { sharedAccessToken } from './mintAccessToken';
import { isTokenBound } from './tokenBinding';

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
	const token = isTokenBound(credentials, stored, credentials.accessTokenBinding) ? stored : await sharedAccessToken(credentials);
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
