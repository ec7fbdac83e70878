import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ApiVersion } from '../plan';

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

export interface SyncPolicyFields {
	displayName?: unknown;
	isSyncAllowed?: unknown;
	isGroupSyncAllowed?: unknown;
	externalCloudAuthorizedApplicationId?: unknown;
}

const BETA_LABELS: Record<string, string> = {
	isGroupSyncAllowed: 'Allow Group Sync Inbound',
	externalCloudAuthorizedApplicationId: 'External Cloud Authorized Application ID',
};

/**
 * Maps the user's fields to a Graph body holding exactly the fields given (never null for absent ones).
 * Beta-only fields are refused on v1.0, where Graph would answer 400.
 */
export function syncPolicyBody(ctx: IExecuteFunctions, fields: SyncPolicyFields, itemIndex: number, version: ApiVersion): IDataObject {
	const body: IDataObject = {};
	for (const field of Object.keys(BETA_LABELS)) {
		if (fields[field as keyof SyncPolicyFields] !== undefined && version !== 'beta') {
			throw invalidField(ctx, itemIndex, field, `${BETA_LABELS[field]} exists only in the beta API: set Options → API Version to Beta`);
		}
	}
	if (fields.displayName !== undefined) body.displayName = text(ctx, fields.displayName, itemIndex, 'displayName', 'Display Name');
	if (fields.isSyncAllowed !== undefined) {
		body.userSyncInbound = { isSyncAllowed: flag(ctx, fields.isSyncAllowed, itemIndex, 'isSyncAllowed', 'Allow User Sync Inbound') };
	}
	if (fields.isGroupSyncAllowed !== undefined) {
		body.groupSyncInbound = { isSyncAllowed: flag(ctx, fields.isGroupSyncAllowed, itemIndex, 'isGroupSyncAllowed', 'Allow Group Sync Inbound') };
	}
	if (fields.externalCloudAuthorizedApplicationId !== undefined) {
		body.externalCloudAuthorizedApplicationId = text(
			ctx,
			fields.externalCloudAuthorizedApplicationId,
			itemIndex,
			'externalCloudAuthorizedApplicationId',
			'External Cloud Authorized Application ID',
		);
	}
	return body;
}

export type PolicyDiff = Record<string, { from: unknown; to: unknown }>;

/** Field-by-field differences between the current policy and the fields a write would set (dotted paths). */
export function diffPolicy(previous: IDataObject | null, body: IDataObject): PolicyDiff {
	const diff: PolicyDiff = {};
	for (const [path, to] of leaves(body)) {
		const from = path.split('.').reduce<unknown>((node, key) => (node as IDataObject | null | undefined)?.[key] ?? null, previous);
		if (from !== to) diff[path] = { from, to };
	}
	return diff;
}

function leaves(value: IDataObject, prefix = ''): Array<[string, unknown]> {
	return Object.entries(value).flatMap(([key, child]) =>
		child !== null && typeof child === 'object' && !Array.isArray(child)
			? leaves(child as IDataObject, `${prefix}${key}.`)
			: [[`${prefix}${key}`, child] as [string, unknown]],
	);
}

function text(ctx: IExecuteFunctions, value: unknown, itemIndex: number, field: string, label: string): string {
	if (typeof value !== 'string') throw invalidField(ctx, itemIndex, field, `${label} must be text`);
	return value;
}

/** Expressions fed from spreadsheets often yield "true"/"false" text; accept those, nothing looser. */
function flag(ctx: IExecuteFunctions, value: unknown, itemIndex: number, field: string, label: string): boolean {
	if (typeof value === 'boolean') return value;
	if (value === 'true') return true;
	if (value === 'false') return false;
	throw invalidField(ctx, itemIndex, field, `${label} must be true or false`);
}

export function invalidField(ctx: IExecuteFunctions, itemIndex: number, field: string, message: string): NodeOperationError {
	return new NodeOperationError(ctx.getNode(), `${message} (item ${itemIndex}, field "${field}")`, {
		itemIndex,
		description: 'Nothing was sent to Graph for this item.',
	});
}
