import type { INodeParameters } from 'n8n-workflow';

import { callLog } from '../harness/graphLog';
import { NODE_NAME, nodeWorkflow } from '../harness/nodeWorkflow';
import { nodeResult } from '../harness/runWorkflow';
import { CONTOSO, FABRIKAM, TAILSPIN, useEmulatorSession, WOODGROVE } from '../support/fixtures';

const PARTNERS = '/v1.0/policies/crossTenantAccessPolicy/partners';
const SYNC = (tenant: string) => `${PARTNERS}/${tenant}/identitySynchronization`;
const byId = (value: string) => ({ __rl: true, mode: 'id', value });

/**
 * Graph's not-found answers come in several forms (Request_ResourceNotFound, Directory_ObjectNotFound,
 * ResourceNotFound, a 404 with a code nobody documented): every form leads to the same decision and fitting advice.
 */
describe('every form of Graph 404 is a not-found (real n8n-core, emulator)', () => {
	const session = useEmulatorSession();

	const run = async (parameters: INodeParameters) => nodeResult(await session.n8n.execute(nodeWorkflow({ parameters, credential: session.credential })), NODE_NAME);
	const notFoundOnce = (method: string, pathIncludes: string, code: string) => session.emulator.setFaults({ failures: [{ method, pathIncludes, status: 404, code, count: 1 }] });

	it.each(['ResourceNotFound', 'Request_ResourceNotFound', 'Directory_ObjectNotFound', 'NotFoundInSomeService'])(
		'Partner → Update with Create Partner If Missing creates the partner after a 404 %s',
		async (code) => {
			notFoundOnce('GET', WOODGROVE, code);
			const { items, error } = await run({ resource: 'partner', operation: 'update', partnerTenantId: byId(WOODGROVE), updateFields: { inboundAllowed: true }, options: { createPartnerIfMissing: true } });
			expect(error).toBeUndefined();
			expect(items[0].json).toMatchObject({ action: 'created', partnerCreated: true });
			expect(session.emulator.partner(CONTOSO, WOODGROVE)).toBeDefined();
		},
	);

	it.each(['ResourceNotFound', 'NotFoundInSomeService'])('Sync Policy → Update with If Missing: Create falls back to PUT after a 404 %s', async (code) => {
		notFoundOnce('PATCH', SYNC(TAILSPIN), code);
		const { items, error } = await run({ resource: 'syncPolicy', operation: 'update', partnerTenantId: byId(TAILSPIN), updateFields: { isSyncAllowed: true }, options: { ifMissing: 'create' } });
		expect(error).toBeUndefined();
		expect(callLog(session.emulator)).toEqual([`PATCH ${SYNC(TAILSPIN)} → 404`, `PUT ${SYNC(TAILSPIN)} → 204`]);
		expect(items[0].json).toMatchObject({ action: 'created' });
	});

	it('a 404 to the PATCH of a policy that is there: the PUT meets "already exists", so the node PATCHes once more', async () => {
		notFoundOnce('PATCH', SYNC(FABRIKAM), 'ResourceNotFound');
		const { items, error } = await run({ resource: 'syncPolicy', operation: 'update', partnerTenantId: byId(FABRIKAM), updateFields: { isSyncAllowed: true }, options: { ifMissing: 'create' } });
		expect(error).toBeUndefined();
		expect(callLog(session.emulator)).toEqual([`PATCH ${SYNC(FABRIKAM)} → 404`, `PUT ${SYNC(FABRIKAM)} → 409`, `PATCH ${SYNC(FABRIKAM)} → 204`]);
		expect(items[0].json).toMatchObject({ action: 'updated', changed: true });
		expect(session.emulator.partner(CONTOSO, FABRIKAM)?.identitySynchronization).toMatchObject({ userSyncInbound: { isSyncAllowed: true } });
	});

	it('without If Missing, a ResourceNotFound on Update advises the option this operation has', async () => {
		notFoundOnce('PATCH', SYNC(TAILSPIN), 'ResourceNotFound');
		const { error } = await run({ resource: 'syncPolicy', operation: 'update', partnerTenantId: byId(TAILSPIN), updateFields: { isSyncAllowed: true } });
		expect(error?.message).toBe(`Partner tenant ${TAILSPIN} has no cross-tenant identity synchronization policy yet, or is not a partner at all [item 0, ResourceNotFound]`);
		expect(error?.description).toContain('set this operation\'s Options → "If Missing" to Create');
	});

	it.each(['Directory_ObjectNotFound', 'ResourceNotFound'])('a partner that is not there (%s) is named as such, with advice that fits the operation', async (code) => {
		session.emulator.setReadings({ missingPartner: code === 'ResourceNotFound' ? 'Request_ResourceNotFound' : 'Directory_ObjectNotFound' });
		notFoundOnce('GET', WOODGROVE, code);
		const { error } = await run({ resource: 'partner', operation: 'get', partnerTenantId: byId(WOODGROVE) });
		expect(error?.message).toBe(`Tenant ${WOODGROVE} is not a partner in your cross-tenant access settings [item 0, ${code}]`);
		expect(error?.description).toContain('Add the organization first: resource Partner → Create, or the Entra admin center');
		const { error: deleteError } = await run({ resource: 'partner', operation: 'delete', partnerTenantId: byId(WOODGROVE) });
		expect(deleteError?.description).toContain('There is nothing to delete');
	});
});
