import jwt from 'jsonwebtoken';

import { type EntraErrorSpec, entraErrors } from './entra-errors';
import type { AppCertificate } from './tls';

const CLOCK_SKEW_SECONDS = 300;

const JWT_BEARER_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

export interface AssertionInput {
	clientId: string;
	assertion: string;
	assertionType: string | undefined;
	certificate: AppCertificate | undefined;
	/** Token endpoint URLs (without query) Entra accepts as the assertion's aud. */
	audiences: string[];
}

function thumbprintHex(header: jwt.JwtHeader): string {
	const headerFields = header as unknown as Record<string, unknown>;
	const encoded = headerFields['x5t#S256'] ?? headerFields.x5t;
	return typeof encoded === 'string' ? Buffer.from(encoded, 'base64url').toString('hex').toUpperCase() : '';
}

function usesRegisteredKey(header: jwt.JwtHeader, certificate: AppCertificate): boolean {
	const headerFields = header as unknown as Record<string, unknown>;
	if (typeof headerFields['x5t#S256'] === 'string') return headerFields['x5t#S256'] === certificate.x5tS256;
	return typeof header.x5t === 'string' && header.x5t === certificate.x5t;
}

/** Checks a private_key_jwt client assertion; returns the Entra error to answer with, or undefined when valid. */
export function checkClientAssertion(input: AssertionInput): EntraErrorSpec | undefined {
	const reject = (reason: string, thumbprint = '') => entraErrors.assertionRejected(input.clientId, reason, thumbprint);
	if (input.assertionType !== JWT_BEARER_ASSERTION_TYPE) {
		return reject(`The client_assertion_type must be '${JWT_BEARER_ASSERTION_TYPE}'.`);
	}
	const decoded = jwt.decode(input.assertion, { complete: true });
	if (!decoded || typeof decoded.payload === 'string') return reject('The client assertion is not a well-formed JWT.');
	const thumbprint = thumbprintHex(decoded.header);
	if (!input.certificate || !usesRegisteredKey(decoded.header, input.certificate)) return reject('The key was not found.', thumbprint);
	if (decoded.header.alg !== 'RS256' && decoded.header.alg !== 'PS256') {
		return reject(`The signing algorithm '${decoded.header.alg}' is not supported.`, thumbprint);
	}
	try {
		jwt.verify(input.assertion, input.certificate.certPem, {
			algorithms: ['RS256', 'PS256'],
			ignoreExpiration: true,
			ignoreNotBefore: true,
		});
	} catch {
		return reject('The provided signature value did not match the expected signature value.', thumbprint);
	}
	const claims = decoded.payload;
	const clientId = input.clientId.toLowerCase();
	if (String(claims.iss).toLowerCase() !== clientId || String(claims.sub).toLowerCase() !== clientId) {
		return reject(`The iss and sub claims must both be the client id '${input.clientId}'.`, thumbprint);
	}
	const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
	if (!audiences.some((aud) => typeof aud === 'string' && input.audiences.includes(aud))) {
		return reject(`The audience claim must be the token endpoint '${input.audiences[0]}'.`, thumbprint);
	}
	const now = Math.floor(Date.now() / 1000);
	// MSAL rounds its clock (nbf can be a second ahead of ours); Entra tolerates a few minutes of skew for nbf.
	if (typeof claims.exp !== 'number' || claims.exp <= now || (typeof claims.nbf === 'number' && claims.nbf > now + CLOCK_SKEW_SECONDS)) {
		return entraErrors.assertionExpired(now, claims.nbf, claims.exp);
	}
	return undefined;
}
