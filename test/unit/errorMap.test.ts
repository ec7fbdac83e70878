import type { INode } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { graphApiError } from '../../nodes/CrossTenantSyncPolicy/errors/graphErrorMap';
import { parseGraphFailure } from '../../nodes/CrossTenantSyncPolicy/errors/graphFailure';

const node = { name: 'Cross-Tenant Sync Policy' } as INode;
const context = { operation: 'update', partnerTenantId: '90e29127-71ad-49c7-9ce8-db3f41ea06f1' };

function graphBody(code: string, message: string) {
	return { error: { code, message, innerError: { date: '2026-11-29T10:00:00', 'request-id': 'inner-id' } } };
}

describe('Graph error map', () => {
	it('reads code, message and request-id (header first) from a Graph error', () => {
		const failure = parseGraphFailure(404, graphBody('Directory_ObjectNotFound', 'Unable to read the company information from the directory.'), {
			'request-id': 'header-id',
			'retry-after': '7',
		});
		expect(failure).toMatchObject({
			statusCode: 404,
			code: 'Directory_ObjectNotFound',
			message: 'Unable to read the company information from the directory.',
			requestId: 'header-id',
			retryAfterSeconds: 7,
		});
	});

	it('tolerates a body that is not Graph-shaped', () => {
		const failure = parseGraphFailure(502, '<html>Bad gateway</html>', {});
		expect(failure.code).toBe('HTTP502');
		expect(failure.message).toContain('502');
	});

	it('explains 404 Directory_ObjectNotFound as a missing sync policy and how to create it', () => {
		const failure = parseGraphFailure(404, graphBody('Directory_ObjectNotFound', 'Unable to read the company information from the directory.'), { 'request-id': 'r-404' });
		const error = graphApiError(node, failure, context, 2);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toContain('has no cross-tenant identity synchronization policy yet');
		expect(error.message).toContain('item 2');
		expect(error.description).toContain('PUT /policies/crossTenantAccessPolicy/partners/90e29127-71ad-49c7-9ce8-db3f41ea06f1/identitySynchronization');
		expect(error.description).toContain('Graph error code: Directory_ObjectNotFound');
		expect(error.description).toContain('request-id: r-404');
		expect(error.httpCode).toBe('404');
	});

	it('names the permission and admin consent on 403', () => {
		const failure = parseGraphFailure(403, graphBody('Authorization_RequestDenied', 'Insufficient privileges to complete the operation.'), {});
		const error = graphApiError(node, failure, context, 0);
		expect(error.message).toContain('Policy.ReadWrite.CrossTenantAccess');
		expect(error.description).toContain('Grant admin consent');
		expect(error.description).toContain('Authorization_RequestDenied');
	});

	it('falls back to Graph\'s own words for codes it does not know', () => {
		const failure = parseGraphFailure(418, graphBody('Teapot', 'I am a teapot'), {});
		expect(graphApiError(node, failure, context, 0).message).toContain('I am a teapot');
	});
});
