import { KeyObject, createPrivateKey, createPublicKey, generateKeyPair } from 'node:crypto';
import { promisify } from 'node:util';
import { generate } from 'selfsigned';

import { describeCertificate } from './tls';

export interface SigningKeys {
	kid: string;
	privateKey: KeyObject;
	publicKey: KeyObject;
	/** base64 DER of the signing certificate, for the JWKS x5c like Entra publishes. */
	x5c: string;
	/** A key nobody trusts: tokens signed with it must fail Graph's signature check. */
	foreignPrivateKey: KeyObject;
}

const generateRsaKeyPair = promisify(generateKeyPair);

async function createSigningKeys(): Promise<SigningKeys> {
	const [signing, foreign] = await Promise.all([
		generate([{ name: 'commonName', value: 'accounts.emulator.local' }], { keySize: 2048, algorithm: 'sha256' }),
		generateRsaKeyPair('rsa', { modulusLength: 2048 }),
	]);
	const certificate = describeCertificate({ certPem: signing.cert, keyPem: signing.private });
	return {
		kid: certificate.x5t,
		privateKey: createPrivateKey(signing.private),
		publicKey: createPublicKey(signing.cert),
		x5c: signing.cert.replace(/-----(BEGIN|END) CERTIFICATE-----|\s/g, ''),
		foreignPrivateKey: foreign.privateKey,
	};
}

let signingKeys: Promise<SigningKeys> | undefined;

export function sharedSigningKeys(): Promise<SigningKeys> {
	signingKeys ??= createSigningKeys();
	return signingKeys;
}

export function jwks(keys: SigningKeys, issuer: string): { keys: Array<Record<string, unknown>> } {
	const jwk = keys.publicKey.export({ format: 'jwk' });
	return {
		keys: [{ kty: 'RSA', use: 'sig', kid: keys.kid, x5t: keys.kid, n: jwk.n, e: jwk.e, x5c: [keys.x5c], issuer }],
	};
}
