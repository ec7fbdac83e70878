import { connect } from 'node:tls';

export type AuthorityReachability = 'trusted' | 'untrustedCertificate' | 'unreachable';

const PROBE_TIMEOUT_MS = 5_000;

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
