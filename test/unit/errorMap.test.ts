import type { INode } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { callTarget, graphApiError } from '../../nodes/CrossTenantSyncPolicy/errors/graphErrorMap';
import { parseGraphFailure } from '../../nodes/CrossTenantSyncPolicy/errors/graphFailure';

const node = { name: 'Cross-Tenant Sync Policy' } as INode;
const PARTNER = '90e29127-71ad-49c7-9ce8-db3f41ea06f1';
const SYNC = `/policies/crossTenantAccessPolicy/partners/${PARTNER}/identitySynchronization`;
const context = { operation: 'update', subject: PARTNER, call: { method: 'PATCH' as const, path: SYNC } };

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

	it('says what a 403 on a read lacks', () => {
		const failure = parseGraphFailure(403, graphBody('Authorization_RequestDenied', 'Insufficient privileges to complete the operation.'), {});
		const error = graphApiError(node, failure, { ...context, call: { method: 'GET', path: SYNC } }, 0);
		expect(error.message).toContain('may not read');
		expect(error.message).toContain('Policy.Read.All');
	});

	it('does not trust the 404 code on a sync policy: a PUT means no partner, any other call either case', () => {
		for (const code of ['Directory_ObjectNotFound', 'Request_ResourceNotFound']) {
			const failure = parseGraphFailure(404, graphBody(code, 'Not found.'), {});
			const patch = graphApiError(node, failure, context, 0);
			expect(patch.message).toContain(`Partner tenant ${PARTNER} has no cross-tenant identity synchronization policy yet, or is not a partner at all`);
			expect(patch.description).toContain('Create Partner If Missing');
			const put = graphApiError(node, failure, { ...context, call: { method: 'PUT', path: SYNC } }, 0);
			expect(put.message).toContain(`Tenant ${PARTNER} is not a partner`);
		}
	});

	it('explains an unknown domain and a refused partner delete by what was called', () => {
		const lookup = { method: 'GET' as const, path: "/tenantRelationships/findTenantInformationByDomainName(domainName='nope.example')" };
		const notFound = parseGraphFailure(404, graphBody('Request_ResourceNotFound', 'Resource not found'), {});
		expect(graphApiError(node, notFound, { operation: 'update', subject: 'nope.example', call: lookup }, 0).message).toContain(
			'No Microsoft Entra tenant has the verified domain nope.example',
		);
		const refused = parseGraphFailure(400, graphBody('Request_BadRequest', 'Delete the identity synchronization policy first.'), {});
		const deletePartner = { method: 'DELETE' as const, path: `/policies/crossTenantAccessPolicy/partners/${PARTNER}` };
		const error = graphApiError(node, refused, { operation: 'delete', subject: PARTNER, call: deletePartner }, 0);
		expect(error.message).toContain(`Graph refused to delete partner ${PARTNER}`);
		expect(error.description).toContain('Delete Sync Policy First');
	});

	it('classifies calls by path', () => {
		expect(callTarget({ method: 'GET', path: SYNC })).toBe('syncPolicy');
		expect(callTarget({ method: 'GET', path: `/policies/crossTenantAccessPolicy/partners/${PARTNER}` })).toBe('partner');
		expect(callTarget({ method: 'POST', path: '/policies/crossTenantAccessPolicy/partners' })).toBe('partnerList');
		expect(callTarget({ method: 'GET', path: '', absoluteUrl: 'https://graph.microsoft.com/v1.0/policies/crossTenantAccessPolicy/partners' })).toBe('partnerList');
	});

	it('falls back to Graph\'s own words for codes it does not know', () => {
		const failure = parseGraphFailure(418, graphBody('Teapot', 'I am a teapot'), {});
		expect(graphApiError(node, failure, context, 0).message).toContain('I am a teapot');
	});
});
