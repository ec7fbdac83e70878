import { get } from 'node:https';
import { connect } from 'node:tls';

export type AuthorityReachability = 'trusted' | 'untrustedCertificate' | 'unreachable';

const PROBE_TIMEOUT_MS = 5_000;
const MAX_METADATA_ANSWER_BYTES = 64 * 1024;

/**
 * After a sign-in that failed without an answer from Entra, tells why: @azure/identity reports an unreachable
 * authority and an untrusted TLS certificate with the same error, so one TLS handshake is tried to tell them apart.
 */
export async function probeAuthority(authorityHost: string): Promise<AuthorityReachability> {
	const url = new URL(authorityHost);
	return await new Promise<AuthorityReachability>((resolve) => {
		const socket = connect({ host: url.hostname, port: Number(url.port || 443), servername: url.hostname === '127.0.0.1' ? undefined : url.hostname });
		const finish = (result: AuthorityReachability) => {
			socket.destroy();
			resolve(result);
		};
		socket.setTimeout(PROBE_TIMEOUT_MS, () => finish('unreachable'));
		socket.once('secureConnect', () => finish('trusted'));
		socket.once('error', (error: Error & { code?: string }) => {
			const tls = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(error.code ?? '') || /certificate/i.test(error.message);
			finish(tls ? 'untrustedCertificate' : 'unreachable');
		});
	});
}

/** The OpenID metadata document MSAL asks an authority for first (for every authority but its known clouds). */
export function openIdMetadataUrl(authorityHost: string, tenantId: string): string {
	return `${authorityHost}/${encodeURIComponent(tenantId)}/v2.0/.well-known/openid-configuration`;
}

/**
 * MSAL reports every failed metadata request as endpoints_resolution_error and drops the answer, which for a tenant
 * that does not exist is Entra's 400 invalid_tenant with AADSTS90002. This asks once more: one GET without any
 * credential (the document is public), bounded in time and size. Returns Entra's "error: description" when the
 * answer is an error carrying an AADSTS code, else undefined.
 */
export async function readMetadataRefusal(metadataUrl: string): Promise<string | undefined> {
	return await new Promise<string | undefined>((resolve) => {
		const request = get(metadataUrl, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) }, (response) => {
			if ((response.statusCode ?? 0) < 400) {
				response.destroy();
				resolve(undefined);
				return;
			}
			const chunks: Buffer[] = [];
			let size = 0;
			response.on('data', (chunk: Buffer) => {
				size += chunk.length;
				if (size > MAX_METADATA_ANSWER_BYTES) request.destroy();
				else chunks.push(chunk);
			});
			response.on('end', () => resolve(entraRefusal(Buffer.concat(chunks).toString('utf8'))));
			response.on('error', () => resolve(undefined));
			// Cut off (too large, or past the time bound) before its end.
			response.on('close', () => resolve(undefined));
		});
		request.on('error', () => resolve(undefined));
	});
}

function entraRefusal(body: string): string | undefined {
	let answer: unknown;
	try {
		answer = JSON.parse(body);
	} catch {
		return undefined;
	}
	if (answer === null || typeof answer !== 'object') return undefined;
	const { error, error_description: description } = answer as Record<string, unknown>;
	if (typeof description !== 'string' || !/AADSTS\d+/.test(description)) return undefined;
	return typeof error === 'string' ? `${error}: ${description}` : description;
}
