import type { IExecuteFunctions, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { buildUpdateBody } from '../../nodes/CrossTenantSyncPolicy/actions/syncPolicy/update.operation';

const node = { name: 'Cross-Tenant Sync Policy' } as INode;
const ctx = { getNode: () => node } as unknown as IExecuteFunctions;

describe('Update body mapping', () => {
	it('sends only the fields the user added', () => {
		expect(buildUpdateBody(ctx, { isSyncAllowed: true }, 0)).toEqual({ userSyncInbound: { isSyncAllowed: true } });
		expect(buildUpdateBody(ctx, { displayName: 'Fabrikam' }, 0)).toEqual({ displayName: 'Fabrikam' });
		expect(buildUpdateBody(ctx, { displayName: 'Fabrikam', isSyncAllowed: false }, 0)).toEqual({
			displayName: 'Fabrikam',
			userSyncInbound: { isSyncAllowed: false },
		});
	});

	it('never turns an absent field into null', () => {
		const body = buildUpdateBody(ctx, { isSyncAllowed: false }, 0);
		expect(Object.keys(body)).toEqual(['userSyncInbound']);
		expect(JSON.stringify(body)).not.toContain('null');
	});

	it('accepts "true"/"false" text from expressions fed by spreadsheets', () => {
		expect(buildUpdateBody(ctx, { isSyncAllowed: 'false' }, 0)).toEqual({ userSyncInbound: { isSyncAllowed: false } });
	});

	it.each([
		[{}, 'updateFields', 'Update Fields is empty'],
		[{ isSyncAllowed: 'yes' }, 'isSyncAllowed', 'Allow User Sync Inbound must be true or false'],
		[{ displayName: 42 }, 'displayName', 'Display Name must be text'],
	])('rejects %j naming the item and the field', (fields, field, message) => {
		let thrown: unknown;
		try {
			buildUpdateBody(ctx, fields, 3);
		} catch (error) {
			thrown = error;
		}
		expect(thrown).toBeInstanceOf(NodeOperationError);
		expect((thrown as Error).message).toContain(message);
		expect((thrown as Error).message).toContain('item 3');
		expect((thrown as Error).message).toContain(`"${field}"`);
	});
});
