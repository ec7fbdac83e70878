import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { partnerTenantIdProperty, readPartnerTenantId, syncPolicyPath } from '../../descriptions/partnerTenantId';
import type { ItemPlan } from '../plan';

const properties: INodeProperties[] = [
	partnerTenantIdProperty,
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		description: 'Only the fields you add are sent; the others keep their current values',
		options: [
			{
				displayName: 'Display Name',
				name: 'displayName',
				type: 'string',
				default: '',
				description: "Name of the sync policy, usually the partner organization's name",
			},
			{
				displayName: 'Allow User Sync Inbound',
				name: 'isSyncAllowed',
				type: 'boolean',
				default: true,
				description:
					'Whether users may be synchronized from the partner tenant into this one. Turning it off stops future sync; users already synchronized stay.',
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['syncPolicy'], operation: ['update'] } }, properties);

interface UpdateFields {
	displayName?: unknown;
	isSyncAllowed?: unknown;
}

/** Maps the "Update Fields" collection to the PATCH body: exactly the fields the user added, never null for absent ones. */
export function buildUpdateBody(ctx: IExecuteFunctions, fields: UpdateFields, itemIndex: number): IDataObject {
	const body: IDataObject = {};
	if (fields.displayName !== undefined) {
		if (typeof fields.displayName !== 'string') {
			throw invalidField(ctx, itemIndex, 'displayName', 'Display Name must be text');
		}
		body.displayName = fields.displayName;
	}
	if (fields.isSyncAllowed !== undefined) {
		const isSyncAllowed = toBoolean(fields.isSyncAllowed);
		if (isSyncAllowed === undefined) {
			throw invalidField(ctx, itemIndex, 'isSyncAllowed', 'Allow User Sync Inbound must be true or false');
		}
		body.userSyncInbound = { isSyncAllowed };
	}
	if (Object.keys(body).length === 0) {
		throw invalidField(
			ctx,
			itemIndex,
			'updateFields',
			'Update Fields is empty: add Display Name or Allow User Sync Inbound',
		);
	}
	return body;
}

/** Expressions fed from spreadsheets often yield "true"/"false" text; accept those, nothing looser. */
function toBoolean(value: unknown): boolean | undefined {
	if (typeof value === 'boolean') return value;
	if (value === 'true') return true;
	if (value === 'false') return false;
	return undefined;
}

function invalidField(ctx: IExecuteFunctions, itemIndex: number, field: string, message: string): NodeOperationError {
	return new NodeOperationError(ctx.getNode(), `${message} (item ${itemIndex}, field "${field}")`, {
		itemIndex,
		description: 'Nothing was sent to Graph for this item.',
	});
}

export function plan(ctx: IExecuteFunctions, itemIndex: number): ItemPlan {
	const partnerTenantId = readPartnerTenantId(ctx, itemIndex);
	const fields = ctx.getNodeParameter('updateFields', itemIndex, {}) as UpdateFields;
	const body = buildUpdateBody(ctx, fields, itemIndex);
	return {
		itemIndex,
		operation: 'update',
		partnerTenantId,
		first: {
			call: { method: 'PATCH', path: syncPolicyPath(partnerTenantId), body },
			onSuccess: (reply) => ({
				output: {
					success: true,
					operation: 'update',
					partnerTenantId,
					statusCode: reply.statusCode,
					changed: true,
					applied: body,
					requestId: reply.requestId,
				},
			}),
		},
	};
}
