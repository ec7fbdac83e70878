import jwt from 'jsonwebtoken';

import { type AccessTokenClaims, verifyAccessToken } from './access-tokens';
import type { EmulatorContext } from './context';
import { type Exchange, headerValue } from './exchange';
import { graphErrors } from './graph-errors';

const READ_ROLES = ['Policy.Read.All', 'Policy.ReadWrite.CrossTenantAccess'];
const WRITE_ROLES = ['Policy.ReadWrite.CrossTenantAccess'];

function bearerToken(ex: Exchange): string {
	const match = /^Bearer\s+(.*)$/i.exec((headerValue(ex, 'authorization') ?? '').trim());
	return match ? match[1].trim() : '';
}

/** The tid of the bearer token without validating it: lets the log name the tenant of faulted or rejected calls. */
export function unverifiedTenant(ex: Exchange): string | undefined {
	const claims = jwt.decode(bearerToken(ex));
	return claims && typeof claims === 'object' && typeof claims.tid === 'string' ? claims.tid : undefined;
}

/** Returns the validated token claims; throws Graph's 401 otherwise. */
export function authenticate(ctx: EmulatorContext, ex: Exchange): AccessTokenClaims {
	const check = verifyAccessToken(ctx.keys, ctx.url, bearerToken(ex));
	if (!check.ok) throw graphErrors.unauthenticated(check.message, ctx.url);
	return check.claims;
}

export function authorize(claims: AccessTokenClaims, method: string): void {
	const accepted = method === 'GET' ? READ_ROLES : WRITE_ROLES;
	if (!claims.roles.some((role) => accepted.includes(role))) throw graphErrors.forbidden();
}
