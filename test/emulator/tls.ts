import { X509Certificate, createHash, randomUUID } from 'node:crypto';
import { generate } from 'selfsigned';

import type { TlsMaterial } from './types';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Self-signed server certificate for https://127.0.0.1 (and localhost), RSA 2048 / sha256.
 * The subject is unique: OpenSSL finds trust anchors by subject, so two emulator certificates trusted in one
 * process (say, by two jest suites) must not share a name.
 */
export async function generateTlsMaterial(): Promise<TlsMaterial> {
	const result = await generate([{ name: 'commonName', value: `Graph emulator ${randomUUID()}` }], {
		keySize: 2048,
		algorithm: 'sha256',
		notAfterDate: new Date(Date.now() + 30 * DAY_MS),
		extensions: [
			{ name: 'basicConstraints', cA: false },
			{ name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
			{ name: 'extKeyUsage', serverAuth: true },
			{
				name: 'subjectAltName',
				altNames: [
					{ type: 7, ip: '127.0.0.1' },
					{ type: 2, value: 'localhost' },
				],
			},
		],
	});
	return { certPem: result.cert, keyPem: result.private };
}

// One server certificate per process, so that every emulator a jest worker starts is trusted by the same PEM.
let serverTls: Promise<TlsMaterial> | undefined;

export function sharedServerTls(): Promise<TlsMaterial> {
	serverTls ??= generateTlsMaterial();
	return serverTls;
}

export interface AppCertificate extends TlsMaterial {
	/** SHA-1 of the DER certificate, upper-case hex: what the Azure portal shows. */
	thumbprint: string;
	/** base64url SHA-1 (JWT header x5t). */
	x5t: string;
	/** base64url SHA-256 (JWT header x5t#S256). */
	x5tS256: string;
}

const appCertificates = new Map<string, Promise<AppCertificate>>();

export function describeCertificate(material: TlsMaterial): AppCertificate {
	const der = new X509Certificate(material.certPem).raw;
	const sha1 = createHash('sha1').update(der).digest();
	return {
		...material,
		thumbprint: sha1.toString('hex').toUpperCase(),
		x5t: sha1.toString('base64url'),
		x5tS256: createHash('sha256').update(der).digest('base64url'),
	};
}

async function generateAppCertificate(clientId: string): Promise<AppCertificate> {
	const result = await generate([{ name: 'commonName', value: `emulator-app-${clientId}` }], {
		keySize: 2048,
		algorithm: 'sha256',
		notAfterDate: new Date(Date.now() + 365 * DAY_MS),
		extensions: [
			{ name: 'basicConstraints', cA: false },
			{ name: 'keyUsage', digitalSignature: true },
			{ name: 'extKeyUsage', clientAuth: true },
		],
	});
	return describeCertificate({ certPem: result.cert, keyPem: result.private });
}

/** Cached per client id for the process, so reset() and several emulators keep the same app key. */
export function appCertificateFor(clientId: string): Promise<AppCertificate> {
	const key = clientId.toLowerCase();
	let pending = appCertificates.get(key);
	if (!pending) {
		pending = generateAppCertificate(key);
		appCertificates.set(key, pending);
	}
	return pending;
}

/** Private key first, then the certificate: the layout the Azure docs show for ClientCertificateCredential. */
export function credentialPem(certificate: TlsMaterial): string {
	return `${certificate.keyPem.trim()}\n${certificate.certPem.trim()}\n`;
}
