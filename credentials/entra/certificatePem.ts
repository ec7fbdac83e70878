import { X509Certificate, createPrivateKey, createPublicKey } from 'node:crypto';

const CERTIFICATE_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/;
const KEY_BLOCK = /-----BEGIN (?:ENCRYPTED |RSA |EC )?PRIVATE KEY-----[\s\S]+?-----END (?:ENCRYPTED |RSA |EC )?PRIVATE KEY-----/;

/**
 * Checks the credential's PEM before any sign-in, so that each mistake gets its own message (@azure/identity
 * reports most of them as "does not contain a PEM-encoded certificate"). Returns the problem, or undefined.
 */
export function certificatePemProblem(pem: string, password: string | undefined): { message: string; advice: string } | undefined {
	const certificateText = CERTIFICATE_BLOCK.exec(pem)?.[0];
	let certificate: X509Certificate | undefined;
	try {
		certificate = certificateText ? new X509Certificate(certificateText) : undefined;
	} catch {
		certificate = undefined;
	}
	if (!certificate) {
		return {
			message: 'The Certificate (PEM) holds no readable certificate.',
			advice: 'Paste the PEM text with both blocks: "-----BEGIN CERTIFICATE-----" … and the private key ("-----BEGIN PRIVATE KEY-----" …). A .pfx file must be converted to PEM first (openssl pkcs12 -in app.pfx -out app.pem -nodes).',
		};
	}
	const keyText = KEY_BLOCK.exec(pem)?.[0];
	if (!keyText) {
		return { message: 'The Certificate (PEM) holds the certificate but no private key.', advice: 'Add the private key block ("-----BEGIN PRIVATE KEY-----" …) to the PEM text.' };
	}
	let key;
	try {
		key = createPrivateKey({ key: keyText, passphrase: password || undefined });
	} catch (error) {
		const encrypted = /ENCRYPTED/.test(keyText) || /passphrase|decrypt|bad decrypt/i.test(String(error));
		return encrypted
			? { message: 'The private key could not be decrypted with the Certificate Password.', advice: 'Check Certificate Password (leave it empty only for a key that is not encrypted).' }
			: { message: 'The private key in the Certificate (PEM) could not be read.', advice: 'Paste the key block as it was exported, without changing its lines.' };
	}
	const matches = createPublicKey(key).export({ format: 'der', type: 'spki' }).equals(certificate.publicKey.export({ format: 'der', type: 'spki' }));
	if (!matches) {
		return { message: 'The private key in the Certificate (PEM) does not belong to its certificate.', advice: 'Export the certificate together with its own private key.' };
	}
	return undefined;
}
