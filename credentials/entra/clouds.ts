import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

export type CloudName = 'global' | 'usGov' | 'usGovDoD' | 'china' | 'custom';

export interface CloudEndpoints {
	/** Graph root without version, no trailing slash, e.g. https://graph.microsoft.com */
	graphEndpoint: string;
	/** Login authority root, no trailing slash, e.g. https://login.microsoftonline.com */
	authorityHost: string;
	isCustom: boolean;
}

const NATIONAL_CLOUDS: Record<Exclude<CloudName, 'custom'>, Omit<CloudEndpoints, 'isCustom'>> = {
	global: {
		graphEndpoint: 'https://graph.microsoft.com',
		authorityHost: 'https://login.microsoftonline.com',
	},
	usGov: {
		graphEndpoint: 'https://graph.microsoft.us',
		authorityHost: 'https://login.microsoftonline.us',
	},
	usGovDoD: {
		graphEndpoint: 'https://dod-graph.microsoft.us',
		authorityHost: 'https://login.microsoftonline.us',
	},
	china: {
		graphEndpoint: 'https://microsoftgraph.chinacloudapi.cn',
		authorityHost: 'https://login.chinacloudapi.cn',
	},
};

/** What each custom root is called in the credential form, and an example of the accepted shape. */
const CUSTOM_ROOTS = {
	graphEndpoint: { label: 'Graph Endpoint', example: 'https://graph.microsoft.us' },
	authorityHost: { label: 'Authority Host', example: 'https://login.microsoftonline.us' },
};

/**
 * A custom root must be an https origin: the node appends /v1.0/… to the Graph root and MSAL appends /{tenant}/… to
 * the authority (the token's scope is {Graph root}/.default), so a path, query or fragment would end up inside every
 * URL and scope, and user info would travel with every request. Returns the origin, without a trailing slash.
 */
function httpsOrigin(value: unknown, field: keyof typeof CUSTOM_ROOTS): string {
	const { label, example } = CUSTOM_ROOTS[field];
	const text = typeof value === 'string' ? value.trim() : '';
	// A password in user info must not reach the message.
	const shown = text.replace(/^([a-z][a-z0-9+.-]*:\/\/)?[^/?#]*@/i, '$1…@');
	if (!URL.canParse(text)) throw new Error(`The credential field "${label}" must be an https origin such as ${example} (got "${shown}")`);
	const url = new URL(text);
	if (url.protocol !== 'https:') throw new Error(`The credential field "${label}" must use https, such as ${example} (got "${shown}")`);
	const extra = beyondOrigin(text, url);
	if (extra) {
		throw new Error(
			`The credential field "${label}" must be an https origin such as ${example}, without a path or version, query, fragment or user info (a trailing slash is fine); "${shown}" has ${extra}`,
		);
	}
	return url.origin;
}

/** What the text has besides scheme, host and port. The raw text is checked too: URL drops an empty "?", "#" or "@". */
function beyondOrigin(text: string, url: URL): string | undefined {
	if (url.username || url.password || /^[^/?#]*\/\/[^/?#]*@/.test(text)) return 'user info';
	if (url.pathname !== '/') return 'a path';
	if (url.search || /^[^#]*\?/.test(text)) return 'a query';
	if (url.hash || text.includes('#')) return 'a fragment';
	return undefined;
}

export function resolveCloud(credentials: ICredentialDataDecryptedObject): CloudEndpoints {
	const cloud = (credentials.cloud ?? 'global') as CloudName;
	if (cloud === 'custom') {
		return {
			graphEndpoint: httpsOrigin(credentials.graphEndpoint, 'graphEndpoint'),
			authorityHost: httpsOrigin(credentials.authorityHost, 'authorityHost'),
			isCustom: true,
		};
	}
	const known = NATIONAL_CLOUDS[cloud];
	if (!known) throw new Error(`Unknown cloud "${String(cloud)}" in the credential`);
	return { ...known, isCustom: false };
}
