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

function httpsRoot(value: unknown, field: string): string {
	const text = typeof value === 'string' ? value.trim().replace(/\/+$/, '') : '';
	if (!URL.canParse(text)) {
		throw new Error(`The credential field "${field}" must be an https URL such as https://graph.microsoft.us (got "${text}")`);
	}
	if (new URL(text).protocol !== 'https:') {
		throw new Error(`The credential field "${field}" must use https (got "${text}")`);
	}
	return text;
}

export function resolveCloud(credentials: ICredentialDataDecryptedObject): CloudEndpoints {
	const cloud = (credentials.cloud ?? 'global') as CloudName;
	if (cloud === 'custom') {
		return {
			graphEndpoint: httpsRoot(credentials.graphEndpoint, 'graphEndpoint'),
			authorityHost: httpsRoot(credentials.authorityHost, 'authorityHost'),
			isCustom: true,
		};
	}
	const known = NATIONAL_CLOUDS[cloud];
	if (!known) throw new Error(`Unknown cloud "${String(cloud)}" in the credential`);
	return { ...known, isCustom: false };
}
