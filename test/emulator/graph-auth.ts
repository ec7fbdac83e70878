import jwt from 'jsonwebtoken';

import { type AccessTokenClaims, verifyAccessToken } from './access-tokens';
import type { EmulatorContext } from './context';
import { graphErrors } from './graph-errors';

export const READ_ROLES = ['Policy.Read.All', 'Policy.ReadWrite.CrossTenantAccess'];
export const WRITE_ROLES = ['Policy.ReadWrite.CrossTenantAccess'];

type Headers = Record<string, string>;

function bearerToken(headers: Headers): string {
	const match = /^Bearer\s+(.*)$/i.exec((headers.authorization ?? '').trim());
	return match ? match[1].trim() : '';
}

/** The tid of the bearer token without validating it: lets the log name the tenant of faulted or rejected calls. */
export function unverifiedTenant(headers: Headers): string | undefined {
	const claims = jwt.decode(bearerToken(headers));
	return claims && typeof claims === 'object' && typeof claims.tid === 'string' ? claims.tid : undefined;
}

/** Returns the validated token claims; throws Graph's 401 otherwise. */
export function authenticate(ctx: EmulatorContext, headers: Headers): AccessTokenClaims {
	const check = verifyAccessToken(ctx.keys, ctx.url, bearerToken(headers));
	if (!check.ok) throw graphErrors.unauthenticated(check.message, ctx.url);
	return check.claims;
}

/** Throws 403 unless the token holds one of the accepted application permissions. */
export function authorize(claims: AccessTokenClaims, accepted: string[]): void {
	if (!claims.roles.some((role) => accepted.includes(role))) throw graphErrors.forbidden();
}
