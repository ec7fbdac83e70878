import type { AuthorityReachability } from './authorityProbe';

export interface TokenFailure {
	/** One sentence saying what went wrong. */
	message: string;
	/** What to do about it. */
	advice: string;
	/** The AADSTS code when Entra sent one. */
	aadsts?: string;
	/** No answer from the authority: an unreachable host and an untrusted certificate look alike here. */
	unreachable?: boolean;
}

interface AdviceRule {
	aadsts: string;
	message: string;
	/** A function when the advice names what was requested. */
	advice: string | ((scope: string) => string);
}

const AADSTS_ADVICE: AdviceRule[] = [
	{
		aadsts: '7000215',
		message: 'Microsoft Entra ID rejected the client secret (AADSTS7000215: invalid client secret).',
		advice:
			"Paste the secret's Value, not its Secret ID: in the app registration open Certificates & secrets, create a new client secret and copy the Value column right away (it is shown once).",
	},
	{
		aadsts: '7000222',
		message: 'The client secret has expired (AADSTS7000222).',
		advice:
			'Create a new client secret under Certificates & secrets in the app registration and update this credential. Consider switching Authentication to Certificate: Microsoft recommends certificates for production apps, and they can live longer.',
	},
	{
		aadsts: '700016',
		message: 'No application with this Client ID exists in the tenant (AADSTS700016).',
		advice:
			"Check the Client ID (the app registration's Application (client) ID) and the Tenant ID. A multi-tenant app must be consented to in this tenant by an administrator before it can sign in here.",
	},
	{
		aadsts: '90002',
		message: 'The tenant was not found (AADSTS90002).',
		advice:
			"Check the Tenant ID (the Directory (tenant) ID GUID or a verified domain such as contoso.onmicrosoft.com) and that Cloud matches the tenant's national cloud.",
	},
	{
		aadsts: '700027',
		message: 'Microsoft Entra ID rejected the certificate (AADSTS700027: client assertion failed signature validation).',
		advice:
			"Upload the certificate's public part (.cer/.pem) to the app registration under Certificates & secrets, and make sure the PEM in this credential holds that same certificate and its private key.",
	},
	{
		aadsts: '700024',
		message: 'Microsoft Entra ID rejected the certificate assertion as expired or not yet valid (AADSTS700024).',
		advice: "Check the clock of the machine that runs n8n: it must be in sync for certificate sign-in.",
	},
	{
		aadsts: '500011',
		message: 'The Graph resource was not found in the tenant (AADSTS500011).',
		advice: (scope) => `Check that Cloud (or Graph Endpoint for a custom cloud) matches the tenant: the token is requested for ${scope}.`,
	},
];

const UNREACHABLE = /endpoints_resolution_error|ENOTFOUND|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EAI_AGAIN|self[- ]signed|unable to verify|certificate|network/i;

/**
 * Turns an @azure/identity failure (or Entra's error text) into a plain-language sentence and a fix. `scope` is the
 * scope the token was requested for. Never echoes secrets.
 */
export function describeTokenFailure(error: unknown, authorityHost: string, scope: string): TokenFailure {
	const text = error instanceof Error ? error.message : String(error);
	const code = /AADSTS(\d+)/.exec(text)?.[1];
	const rule = AADSTS_ADVICE.find((r) => r.aadsts === code);
	if (rule) return { message: rule.message, advice: typeof rule.advice === 'string' ? rule.advice : rule.advice(scope), aadsts: code };
	if (code) {
		return {
			message: `Microsoft Entra ID refused to issue a token (AADSTS${code}).`,
			advice: `Look up AADSTS${code} in Microsoft's error reference. Entra said: ${firstLine(text)}`,
			aadsts: code,
		};
	}
	// Why there was no answer is told by describeUnreachableAuthority once the authority has been probed.
	if (UNREACHABLE.test(text)) return { message: `The login authority ${authorityHost} gave no answer.`, advice: firstLine(text), unreachable: true };
	return { message: 'Could not get an access token from Microsoft Entra ID.', advice: firstLine(text) };
}

/** The sign-in failed without an answer from Entra; the TLS probe said why. `metadataUrl` is what MSAL asked for first. */
export function describeUnreachableAuthority(authorityHost: string, reachability: AuthorityReachability, metadataUrl: string): TokenFailure {
	if (reachability === 'untrustedCertificate') {
		return {
			message: `The TLS certificate of the login authority ${authorityHost} is not trusted by this n8n.`,
			advice: 'A proxy that inspects TLS, or an authority with a private certificate: make its CA trusted by n8n (NODE_EXTRA_CA_CERTS) and restart n8n.',
		};
	}
	if (reachability === 'unreachable') {
		return {
			message: `The login authority ${authorityHost} could not be reached.`,
			advice: 'Check Cloud (or Authority Host for a custom cloud), and network access and proxy settings from the n8n host.',
		};
	}
	return {
		message: `The login authority ${authorityHost} did not answer as Microsoft Entra ID does.`,
		advice: `Check Cloud (or Authority Host for a custom cloud) and the Tenant ID: the authority must serve ${metadataUrl}.`,
	};
}

function firstLine(text: string): string {
	return text.split(/\r?\n/)[0].slice(0, 300);
}
