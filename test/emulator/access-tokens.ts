import jwt from 'jsonwebtoken';

import { newGuid, stableGuid } from './guid';
import type { SigningKeys } from './signing-keys';

/** Graph, like Entra, accepts a token whose nbf is slightly in the future. */
const CLOCK_SKEW_SECONDS = 300;

export interface AccessTokenInput {
	/** The emulator root: audience (Graph) and issuer host (Entra) at once. */
	url: string;
	tenantId: string;
	clientId: string;
	appDisplayName?: string;
	roles: string[];
	lifetimeSeconds: number;
	audience?: string;
	/** "1" = client secret, "2" = certificate, as in Entra v1 tokens. */
	appidacr?: '1' | '2';
	signWithForeignKey?: boolean;
}

export interface AccessTokenClaims {
	tid: string;
	appid: string;
	roles: string[];
	exp: number;
	[claim: string]: unknown;
}

export function issuerFor(url: string, tenantId: string): string {
	return `${url}/${tenantId}/v2.0`;
}

export function signAccessToken(keys: SigningKeys, input: AccessTokenInput): string {
	const now = Math.floor(Date.now() / 1000);
	const tenantId = input.tenantId.toLowerCase();
	const clientId = input.clientId.toLowerCase();
	const servicePrincipalId = stableGuid('service-principal', tenantId, clientId);
	const claims: Record<string, unknown> = {
		aud: input.audience ?? input.url,
		iss: issuerFor(input.url, tenantId),
		iat: now,
		nbf: now,
		exp: now + input.lifetimeSeconds,
		app_displayname: input.appDisplayName,
		appid: clientId,
		azp: clientId,
		appidacr: input.appidacr ?? '1',
		idp: issuerFor(input.url, tenantId),
		idtyp: 'app',
		oid: servicePrincipalId,
		sub: servicePrincipalId,
		tid: tenantId,
		uti: newGuid().replace(/-/g, ''),
		ver: '1.0',
	};
	// Entra leaves the roles claim out entirely when the app holds no application permission.
	if (input.roles.length > 0) claims.roles = [...input.roles];
	const key = input.signWithForeignKey ? keys.foreignPrivateKey : keys.privateKey;
	return jwt.sign(claims, key, { algorithm: 'RS256', header: { alg: 'RS256', typ: 'JWT', kid: keys.kid, x5t: keys.kid } });
}

export type AccessTokenCheck =
	| { ok: true; claims: AccessTokenClaims }
	| { ok: false; message: string };

/** Validates a bearer token the way Graph does, with Graph's messages for each failure. */
export function verifyAccessToken(keys: SigningKeys, url: string, token: string): AccessTokenCheck {
	if (token === '') return { ok: false, message: 'Access token is empty.' };
	if (token.split('.').length !== 3) {
		return {
			ok: false,
			message: 'IDX14100: JWT is not well formed, there are no dots (.).\nThe token needs to be in JWS or JWE Compact Serialization Format.',
		};
	}
	let payload: jwt.JwtPayload;
	try {
		const verified = jwt.verify(token, keys.publicKey, { algorithms: ['RS256'], ignoreExpiration: true, ignoreNotBefore: true });
		if (typeof verified === 'string') return { ok: false, message: 'Access token validation failure.' };
		payload = verified;
	} catch (error) {
		const reason = error instanceof Error ? error.message : '';
		return { ok: false, message: reason === 'invalid signature' ? 'Invalid signature.' : 'Access token validation failure.' };
	}
	const now = Math.floor(Date.now() / 1000);
	if (typeof payload.exp !== 'number' || payload.exp <= now || (typeof payload.nbf === 'number' && payload.nbf > now + CLOCK_SKEW_SECONDS)) {
		return { ok: false, message: 'Access token has expired or is not yet valid.' };
	}
	const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
	if (!audiences.some((aud) => aud === url || aud === `${url}/`)) {
		return { ok: false, message: 'Access token validation failure. Invalid audience.' };
	}
	if (typeof payload.tid !== 'string' || typeof payload.appid !== 'string') {
		return { ok: false, message: 'Access token validation failure.' };
	}
	const roles = Array.isArray(payload.roles) ? payload.roles.filter((r): r is string => typeof r === 'string') : [];
	return { ok: true, claims: { ...payload, tid: payload.tid, appid: payload.appid, roles, exp: payload.exp } };
}
