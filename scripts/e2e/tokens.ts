import type { RecordedRequest } from '../../test/emulator';

export interface TokenIdentity {
	tid?: string;
	appid?: string;
}

/** tid and appid from a JWT's payload (no signature check: the emulator already verified it). */
export function tokenIdentity(jwt: string | undefined): TokenIdentity | undefined {
	const payload = jwt?.split('.')[1];
	if (!payload) return undefined;
	try {
		const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
		return { tid: typeof claims.tid === 'string' ? claims.tid : undefined, appid: typeof claims.appid === 'string' ? claims.appid : undefined };
	} catch {
		return undefined;
	}
}

/** Whose token a Graph request carried (its Authorization header). */
export function requestIdentity(request: RecordedRequest): TokenIdentity | undefined {
	const match = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '');
	return tokenIdentity(match?.[1]);
}
