import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

/** Every credential field that decides which token Entra mints: tenant, app, sign-in method and secret, cloud and roots. */
const MINT_INPUTS = ['cloud', 'graphEndpoint', 'authorityHost', 'tenantId', 'clientId', 'authMethod', 'clientSecret', 'certificate', 'certificatePassword', 'sendCertificateChain'];

/** A digest of the mint inputs (never stored in clear, never output): equal digests mint equivalent tokens. */
export function mintInputsDigest(credentials: ICredentialDataDecryptedObject): string {
	return createHash('sha256')
		.update(JSON.stringify(MINT_INPUTS.map((field) => credentials[field] ?? null)))
		.digest('hex');
}

/**
 * The binding stored beside a token: an HMAC of the mint inputs keyed by the token itself, so it proves that this
 * token was minted for exactly these inputs and reveals nothing about the secret without the token.
 */
export function bindToken(credentials: ICredentialDataDecryptedObject, accessToken: string): string {
	return createHmac('sha256', accessToken).update(mintInputsDigest(credentials)).digest('base64url');
}

/** True when the stored token was minted for the credential as it is now (not before an edit). */
export function isTokenBound(credentials: ICredentialDataDecryptedObject, accessToken: unknown, binding: unknown): accessToken is string {
	if (typeof accessToken !== 'string' || accessToken === '' || typeof binding !== 'string') return false;
	const expected = Buffer.from(bindToken(credentials, accessToken));
	const given = Buffer.from(binding);
	return expected.length === given.length && timingSafeEqual(expected, given);
}
