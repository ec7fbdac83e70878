import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { ParameterReader } from '../parameters';
import { MAX_DISPLAY_NAME_LENGTH } from '../parameters';
import type { ApiVersion } from '../../plan';

export const displayNameField: INodeProperties = {
	displayName: 'Display Name',
	name: 'displayName',
	type: 'string',
	default: '',
	description: "Name of the sync policy, usually the partner organization's name",
};

export const isSyncAllowedField: INodeProperties = {
	displayName: 'Allow User Sync Inbound',
	name: 'isSyncAllowed',
	type: 'boolean',
	default: true,
	description:
		'Whether users may be synchronized from the partner tenant into this one. Turning it off stops future sync; users already synchronized stay.',
};

export const betaFields: INodeProperties[] = [
	{
		displayName: 'Allow Group Sync Inbound (Beta)',
		name: 'isGroupSyncAllowed',
		type: 'boolean',
		default: false,
		description: 'Whether groups may be synchronized from the partner tenant. Needs Options → API Version: Beta.',
	},
	{
		displayName: 'External Cloud Authorized Application ID (Beta)',
		name: 'externalCloudAuthorizedApplicationId',
		type: 'string',
		default: '',
		description: 'Application ID used for synchronization across clouds. Needs Options → API Version: Beta.',
	},
];

export const apiVersionOption: INodeProperties = {
	displayName: 'API Version',
	name: 'apiVersion',
	type: 'options',
	options: [
		{ name: 'v1.0', value: 'v1.0' },
		{ name: 'Beta', value: 'beta', description: 'Adds group sync and cross-cloud fields; Microsoft may change beta' },
	],
	default: 'v1.0',
};

export const returnPolicyOption: INodeProperties = {
	displayName: 'Return Policy',
	name: 'returnPolicy',
	type: 'boolean',
	default: false,
	description: 'Whether to read the policy after the write and output it',
};

export const createPartnerIfMissingOption: INodeProperties = {
	displayName: 'Create Partner If Missing',
	name: 'createPartnerIfMissing',
	type: 'boolean',
	default: false,
	description: 'Whether to add the partner to cross-tenant access settings first when it is not there',
};

/** Where each sync policy field lives for an operation (Create and Update place them differently). */
export interface SyncPolicyFieldPaths {
	displayName: string;
	isSyncAllowed: string;
	isGroupSyncAllowed: string;
	externalCloudAuthorizedApplicationId: string;
}

const BETA_LABELS = {
	isGroupSyncAllowed: 'Allow Group Sync Inbound',
	externalCloudAuthorizedApplicationId: 'External Cloud Authorized Application ID',
} as const;

const API_VERSIONS: readonly ApiVersion[] = ['v1.0', 'beta'];

export function readApiVersion(params: ParameterReader): ApiVersion {
	return params.choice('options.apiVersion', 'API Version', API_VERSIONS, 'v1.0');
}

/**
 * Reads the user's fields into a Graph body holding exactly the fields given (never null for absent ones).
 * For Create, Allow User Sync Inbound is required (Graph's PUT needs it) and an empty Display Name means none;
 * for Update, a field the user added must resolve to a value. Beta-only fields are refused on v1.0 (Graph: 400).
 */
export function readSyncPolicyBody(params: ParameterReader, paths: SyncPolicyFieldPaths, version: ApiVersion, forCreate: boolean): IDataObject {
	const body: IDataObject = {};
	const displayName = params.text(paths.displayName, 'Display Name', { maxLength: MAX_DISPLAY_NAME_LENGTH, allowEmpty: forCreate });
	if (displayName) body.displayName = displayName;
	const isSyncAllowed = forCreate
		? params.requiredBoolean(paths.isSyncAllowed, 'Allow User Sync Inbound')
		: params.optionalBoolean(paths.isSyncAllowed, 'Allow User Sync Inbound');
	if (isSyncAllowed !== undefined) body.userSyncInbound = { isSyncAllowed };
	const isGroupSyncAllowed = params.optionalBoolean(paths.isGroupSyncAllowed, BETA_LABELS.isGroupSyncAllowed);
	if (isGroupSyncAllowed !== undefined) body.groupSyncInbound = { isSyncAllowed: isGroupSyncAllowed };
	const applicationId = params.text(paths.externalCloudAuthorizedApplicationId, BETA_LABELS.externalCloudAuthorizedApplicationId, { maxLength: 100 });
	if (applicationId !== undefined) body.externalCloudAuthorizedApplicationId = applicationId;
	const betaOnly = (label: string, path: string) => params.invalid(path, `${label} exists only in the beta API: set Options → API Version to Beta`);
	if (version !== 'beta' && isGroupSyncAllowed !== undefined) throw betaOnly(BETA_LABELS.isGroupSyncAllowed, paths.isGroupSyncAllowed);
	if (version !== 'beta' && applicationId !== undefined) throw betaOnly(BETA_LABELS.externalCloudAuthorizedApplicationId, paths.externalCloudAuthorizedApplicationId);
	return body;
}
