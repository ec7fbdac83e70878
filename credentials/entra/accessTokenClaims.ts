export interface AccessTokenClaims {
	roles: string[];
	tid?: string;
	appid?: string;
	exp?: number;
}

/** Reads the claims of a JWT access token without verifying it (Graph verifies it). */
export function readAccessTokenClaims(accessToken: string): AccessTokenClaims {
	const payload = accessToken.split('.')[1];
	if (!payload) return { roles: [] };
	try {
		const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
		return {
			roles: Array.isArray(claims.roles) ? claims.roles.filter((r): r is string => typeof r === 'string') : [],
			tid: typeof claims.tid === 'string' ? claims.tid : undefined,
			appid: typeof claims.appid === 'string' ? claims.appid : typeof claims.azp === 'string' ? claims.azp : undefined,
			exp: typeof claims.exp === 'number' ? claims.exp : undefined,
		};
	} catch {
		return { roles: [] };
	}
}
