import type { IExecuteFunctions, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { diffPolicy, syncPolicyBody } from '../../nodes/CrossTenantSyncPolicy/actions/syncPolicy/fields';

const node = { name: 'Cross-Tenant Sync Policy' } as INode;
const ctx = { getNode: () => node } as unknown as IExecuteFunctions;

function thrownBy(action: () => unknown): Error {
	try {
		action();
	} catch (error) {
		return error as Error;
	}
	throw new Error('expected an error');
}

describe('sync policy body mapping', () => {
	it('sends only the fields the user added', () => {
		expect(syncPolicyBody(ctx, { isSyncAllowed: true }, 0, 'v1.0')).toEqual({ userSyncInbound: { isSyncAllowed: true } });
		expect(syncPolicyBody(ctx, { displayName: 'Fabrikam' }, 0, 'v1.0')).toEqual({ displayName: 'Fabrikam' });
		expect(syncPolicyBody(ctx, { displayName: 'Fabrikam', isSyncAllowed: false }, 0, 'v1.0')).toEqual({
			displayName: 'Fabrikam',
			userSyncInbound: { isSyncAllowed: false },
		});
	});

	it('never turns an absent field into null', () => {
		const body = syncPolicyBody(ctx, { isSyncAllowed: false }, 0, 'v1.0');
		expect(Object.keys(body)).toEqual(['userSyncInbound']);
		expect(JSON.stringify(body)).not.toContain('null');
	});

	it('accepts "true"/"false" text from expressions fed by spreadsheets', () => {
		expect(syncPolicyBody(ctx, { isSyncAllowed: 'false' }, 0, 'v1.0')).toEqual({ userSyncInbound: { isSyncAllowed: false } });
	});

	it('maps the beta fields on beta', () => {
		expect(syncPolicyBody(ctx, { isGroupSyncAllowed: true, externalCloudAuthorizedApplicationId: 'app-1' }, 0, 'beta')).toEqual({
			groupSyncInbound: { isSyncAllowed: true },
			externalCloudAuthorizedApplicationId: 'app-1',
		});
	});

	it.each([
		[{ isSyncAllowed: 'yes' }, 'v1.0', 'isSyncAllowed', 'Allow User Sync Inbound must be true or false'],
		[{ displayName: 42 }, 'v1.0', 'displayName', 'Display Name must be text'],
		[{ isGroupSyncAllowed: true }, 'v1.0', 'isGroupSyncAllowed', 'exists only in the beta API'],
		[{ externalCloudAuthorizedApplicationId: 'x' }, 'v1.0', 'externalCloudAuthorizedApplicationId', 'exists only in the beta API'],
	] as const)('rejects %j on %s naming the item and the field', (fields, version, field, message) => {
		const error = thrownBy(() => syncPolicyBody(ctx, fields, 3, version));
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toContain(message);
		expect(error.message).toContain('item 3');
		expect(error.message).toContain(`"${field}"`);
	});
});

describe('policy diff', () => {
	const current = { tenantId: 't', displayName: 'Fabrikam', userSyncInbound: { isSyncAllowed: false } };

	it('lists only the fields that would change, by dotted path', () => {
		expect(diffPolicy(current, { displayName: 'Fabrikam', userSyncInbound: { isSyncAllowed: true } })).toEqual({
			'userSyncInbound.isSyncAllowed': { from: false, to: true },
		});
	});

	it('is empty when the policy already has the values', () => {
		expect(diffPolicy(current, { userSyncInbound: { isSyncAllowed: false } })).toEqual({});
	});

	it('treats a missing policy or property as null', () => {
		expect(diffPolicy(null, { displayName: 'New' })).toEqual({ displayName: { from: null, to: 'New' } });
		expect(diffPolicy(current, { groupSyncInbound: { isSyncAllowed: true } })).toEqual({
			'groupSyncInbound.isSyncAllowed': { from: null, to: true },
		});
	});
});
