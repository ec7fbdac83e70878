import tls from 'node:tls';

/**
 * Trusts the emulator's self-signed certificate in this process, as NODE_EXTRA_CA_CERTS does for a real n8n.
 * Both @azure/identity and n8n's HTTP client use Node's default CA store, so both pick it up.
 */
export function trustEmulatorCertificate(pem: string): void {
	const current = tls.getCACertificates('default');
	if (!current.includes(pem)) tls.setDefaultCACertificates([...current, pem]);
}
