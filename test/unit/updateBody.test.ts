import { NodeOperationError } from 'n8n-workflow';

import { ParameterReader } from '../../nodes/CrossTenantSyncPolicy/actions/parameters';
import type { ApiVersion } from '../../nodes/CrossTenantSyncPolicy/plan';
import { readSyncPolicyBody } from '../../nodes/CrossTenantSyncPolicy/actions/syncPolicy/fields';
import { diffWrite } from '../../nodes/CrossTenantSyncPolicy/fieldDiff';
import { fakeExecuteContext } from '../support/fakeExecuteContext';

const PATHS = {
	displayName: 'updateFields.displayName',
	isSyncAllowed: 'updateFields.isSyncAllowed',
	isGroupSyncAllowed: 'updateFields.isGroupSyncAllowed',
	externalCloudAuthorizedApplicationId: 'updateFields.externalCloudAuthorizedApplicationId',
};

/** The Update operation's body from Update Fields values (as expressions resolved them). */
function syncPolicyBody(updateFields: Record<string, unknown>, itemIndex: number, version: ApiVersion) {
	return readSyncPolicyBody(new ParameterReader(fakeExecuteContext({ updateFields }), itemIndex), PATHS, version, false);
}

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
		expect(syncPolicyBody({ isSyncAllowed: true }, 0, 'v1.0')).toEqual({ userSyncInbound: { isSyncAllowed: true } });
		expect(syncPolicyBody({ displayName: 'Fabrikam' }, 0, 'v1.0')).toEqual({ displayName: 'Fabrikam' });
		expect(syncPolicyBody({ displayName: 'Fabrikam', isSyncAllowed: false }, 0, 'v1.0')).toEqual({
			displayName: 'Fabrikam',
			userSyncInbound: { isSyncAllowed: false },
		});
	});

	it('never turns an absent field into null', () => {
		const body = syncPolicyBody({ isSyncAllowed: false }, 0, 'v1.0');
		expect(Object.keys(body)).toEqual(['userSyncInbound']);
		expect(JSON.stringify(body)).not.toContain('null');
	});

	it('accepts "true"/"false" text from expressions fed by spreadsheets, any case, trimmed', () => {
		expect(syncPolicyBody({ isSyncAllowed: 'false' }, 0, 'v1.0')).toEqual({ userSyncInbound: { isSyncAllowed: false } });
		expect(syncPolicyBody({ isSyncAllowed: ' TRUE ' }, 0, 'v1.0')).toEqual({ userSyncInbound: { isSyncAllowed: true } });
	});

	it('keeps a display name of the longest allowed length, spaces included', () => {
		const name = ` ${'x'.repeat(254)} `;
		expect(syncPolicyBody({ displayName: name }, 0, 'v1.0')).toEqual({ displayName: name });
	});

	it('maps the beta fields on beta', () => {
		expect(syncPolicyBody({ isGroupSyncAllowed: true, externalCloudAuthorizedApplicationId: 'app-1' }, 0, 'beta')).toEqual({
			groupSyncInbound: { isSyncAllowed: true },
			externalCloudAuthorizedApplicationId: 'app-1',
		});
	});

	it.each([
		[{ isSyncAllowed: 'yes' }, 'v1.0', 'isSyncAllowed', 'Allow User Sync Inbound must be true or false'],
		[{ displayName: 42 }, 'v1.0', 'displayName', 'Display Name must be text'],
		[{ displayName: 'Fabrikam\u0000' }, 'v1.0', 'displayName', 'must not contain control characters'],
		[{ displayName: 'Fab\u001b[31mrikam' }, 'v1.0', 'displayName', 'must not contain control characters'],
		[{ displayName: 'x'.repeat(257) }, 'v1.0', 'displayName', 'at most 256 are allowed'],
		[{ displayName: '' }, 'v1.0', 'displayName', 'Display Name is empty'],
		[{ isSyncAllowed: '' }, 'v1.0', 'isSyncAllowed', 'must be true or false, not empty text'],
		[{ isSyncAllowed: null }, 'v1.0', 'isSyncAllowed', 'must be true or false, not nothing'],
		[{ isGroupSyncAllowed: true }, 'v1.0', 'isGroupSyncAllowed', 'exists only in the beta API'],
		[{ externalCloudAuthorizedApplicationId: 'x' }, 'v1.0', 'externalCloudAuthorizedApplicationId', 'exists only in the beta API'],
	] as const)('rejects %j on %s naming the item and the field', (fields, version, field, message) => {
		const error = thrownBy(() => syncPolicyBody(fields, 3, version));
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toContain(message);
		expect(error.message).toContain('item 3');
		expect(error.message).toContain(`"${field}"`);
	});
});

describe('policy diff', () => {
	const current = { tenantId: 't', displayName: 'Fabrikam', userSyncInbound: { isSyncAllowed: false } };

	it('lists only the fields that would change, by dotted path', () => {
		expect(diffWrite(current, { displayName: 'Fabrikam', userSyncInbound: { isSyncAllowed: true } })).toEqual({
			'userSyncInbound.isSyncAllowed': { from: false, to: true },
		});
	});

	it('is empty when the policy already has the values', () => {
		expect(diffWrite(current, { userSyncInbound: { isSyncAllowed: false } })).toEqual({});
	});

	it('treats a missing policy or property as null', () => {
		expect(diffWrite(null, { displayName: 'New' })).toEqual({ displayName: { from: null, to: 'New' } });
		expect(diffWrite(current, { groupSyncInbound: { isSyncAllowed: true } })).toEqual({
			'groupSyncInbound.isSyncAllowed': { from: null, to: true },
		});
	});
});
