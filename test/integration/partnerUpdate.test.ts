import type { INodeParameters } from 'n8n-workflow';

import { callLog } from '../harness/graphLog';
import { NODE_NAME, nodeWorkflow } from '../harness/nodeWorkflow';
import { nodeResult } from '../harness/runWorkflow';
import { APPS, addCredential, CONTOSO, FABRIKAM, NORTHWIND, secretCredential, TAILSPIN, useEmulatorSession, WOODGROVE } from '../support/fixtures';

const PARTNERS = '/v1.0/policies/crossTenantAccessPolicy/partners';
const byId = (value: string) => ({ __rl: true, mode: 'id', value });

describe('Partner → Update through real n8n-core against the emulator', () => {
	const session = useEmulatorSession();

	const run = async (updateFields: INodeParameters, options: INodeParameters = {}, extra: Partial<Parameters<typeof nodeWorkflow>[0]> = {}, partner: unknown = byId(FABRIKAM)) =>
		nodeResult(
			await session.n8n.execute(
				nodeWorkflow({
					parameters: { resource: 'partner', operation: 'update', partnerTenantId: partner as INodeParameters, updateFields, options },
					credential: session.credential,
					...extra,
				}),
			),
			NODE_NAME,
		);
	const stored = (tenant: string) => session.emulator.partner(CONTOSO, tenant);

	it('reads, merges, PATCHes and reads back, so that a field the user did not set keeps its value', async () => {
		// Fabrikam: inbound consent on, outbound off. Turning outbound on must not reset inbound.
		const { items, error } = await run({ outboundAllowed: true });
		expect(error).toBeUndefined();
		expect(callLog(session.emulator)).toEqual([`GET ${PARTNERS}/${FABRIKAM} → 200`, `PATCH ${PARTNERS}/${FABRIKAM} → 204`, `GET ${PARTNERS}/${FABRIKAM} → 200`]);
		const patch = session.emulator.graphRequests()[1];
		expect(patch.rawBody).toBe('{"automaticUserConsentSettings":{"inboundAllowed":true,"outboundAllowed":true}}');
		expect(items).toEqual([
			{
				json: {
					success: true,
					operation: 'update',
					partnerTenantId: FABRIKAM,
					statusCode: 204,
					changed: true,
					action: 'updated',
					applied: { automaticUserConsentSettings: { inboundAllowed: true, outboundAllowed: true } },
					kept: ['automaticUserConsentSettings.inboundAllowed'],
					previous: { automaticUserConsentSettings: { inboundAllowed: true, outboundAllowed: false } },
					verified: true,
					requestId: patch.id,
				},
				pairedItem: { item: 0 },
			},
		]);
		expect(stored(FABRIKAM)).toMatchObject({ automaticUserConsentSettings: { inboundAllowed: true, outboundAllowed: true } });
	});

	it('sends one PATCH without reading when every member of each touched value is given', async () => {
		const { items } = await run({ inboundAllowed: false, outboundAllowed: false });
		expect(callLog(session.emulator)).toEqual([`PATCH ${PARTNERS}/${FABRIKAM} → 204`]);
		expect(items[0].json.applied).toEqual({ automaticUserConsentSettings: { inboundAllowed: false, outboundAllowed: false } });
		expect(items[0].json).not.toHaveProperty('kept');
		// The trust settings were not touched.
		expect(stored(FABRIKAM)).toMatchObject({ inboundTrust: { isMfaAccepted: true, isCompliantDeviceAccepted: true, isHybridAzureADJoinedDeviceAccepted: true } });
	});

	it('merges inbound trust too, and leaves out members a partner inherits from the default', async () => {
		const { items } = await run({ isMfaAccepted: false }, {}, {}, byId(NORTHWIND));
		expect(session.emulator.graphRequests()[1].body).toEqual({ inboundTrust: { isMfaAccepted: false } });
		expect(items[0].json.previous).toEqual({ inboundTrust: null });
		const { items: again } = await run({ isCompliantDeviceAccepted: true }, {}, {}, byId(FABRIKAM));
		expect(again[0].json.applied).toEqual({ inboundTrust: { isMfaAccepted: true, isCompliantDeviceAccepted: true, isHybridAzureADJoinedDeviceAccepted: true } });
	});

	it('the emulator, like Graph, resets a member a PATCH leaves out (why the node merges)', async () => {
		await run({ inboundAllowed: true, outboundAllowed: true }, {}, {}, byId(NORTHWIND));
		// Northwind has both on; a PATCH that names only inbound resets outbound.
		const body = { automaticUserConsentSettings: { inboundAllowed: true } };
		const { emulator } = session;
		const token = emulator.mintAccessToken({ tenantId: CONTOSO, clientId: APPS.writer.clientId, roles: ['Policy.ReadWrite.CrossTenantAccess'] });
		const answer = await fetch(`${emulator.url}${PARTNERS}/${NORTHWIND}`, {
			method: 'PATCH',
			headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
			body: JSON.stringify(body),
		});
		expect(answer.status).toBe(204);
		expect(stored(NORTHWIND)).toMatchObject({ automaticUserConsentSettings: { inboundAllowed: true, outboundAllowed: false } });
		for (const [bad, code] of [
			[{ automaticUserConsentSettings: { InboundAllowed: true } }, 400],
			[{ inboundTrust: { isMfaAccepted: 'yes' } }, 400],
			[{ tenantId: NORTHWIND }, 400],
			[{ AutomaticUserConsentSettings: { inboundAllowed: true } }, 400],
		] as const) {
			const refused = await fetch(`${emulator.url}${PARTNERS}/${NORTHWIND}`, {
				method: 'PATCH',
				headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
				body: JSON.stringify(bad),
			});
			expect([JSON.stringify(bad), refused.status]).toEqual([JSON.stringify(bad), code]);
		}
	});

	it('dry run reads, outputs previous, request and diff, and writes nothing', async () => {
		const { items, error } = await run({ outboundAllowed: true, isMfaAccepted: false }, { dryRun: true });
		expect(error).toBeUndefined();
		expect(callLog(session.emulator)).toEqual([`GET ${PARTNERS}/${FABRIKAM} → 200`]);
		expect(items[0].json).toMatchObject({
			success: true,
			dryRun: true,
			operation: 'update',
			partnerTenantId: FABRIKAM,
			changed: true,
			action: 'updated',
			request: {
				method: 'PATCH',
				url: `${session.emulator.url}${PARTNERS}/${FABRIKAM}`,
				body: {
					automaticUserConsentSettings: { inboundAllowed: true, outboundAllowed: true },
					inboundTrust: { isMfaAccepted: false, isCompliantDeviceAccepted: true, isHybridAzureADJoinedDeviceAccepted: true },
				},
			},
			diff: {
				'automaticUserConsentSettings.outboundAllowed': { from: false, to: true },
				'inboundTrust.isMfaAccepted': { from: true, to: false },
			},
		});
		expect(stored(FABRIKAM)).toMatchObject({ automaticUserConsentSettings: { outboundAllowed: false } });
	});

	it('skip if unchanged sends no write when the values are already there', async () => {
		const { items } = await run({ inboundAllowed: true }, { skipIfUnchanged: true });
		expect(callLog(session.emulator)).toEqual([`GET ${PARTNERS}/${FABRIKAM} → 200`]);
		expect(items[0].json).toEqual({
			success: true,
			operation: 'update',
			partnerTenantId: FABRIKAM,
			statusCode: 200,
			changed: false,
			action: 'unchanged',
			applied: {},
			previous: { automaticUserConsentSettings: stored(FABRIKAM)?.automaticUserConsentSettings },
			requestId: expect.any(String),
		});
	});

	it('create partner if missing POSTs the partner with the values; without it the error names the fix', async () => {
		const { error } = await run({ inboundAllowed: true }, {}, {}, byId(WOODGROVE));
		expect(error?.message).toContain(`Tenant ${WOODGROVE} is not a partner in your cross-tenant access settings`);
		expect(error?.description).toContain('Create Partner If Missing');
		session.emulator.clearRequests();

		const { items } = await run({ inboundAllowed: true }, { createPartnerIfMissing: true, returnPartner: true }, {}, byId(WOODGROVE));
		expect(callLog(session.emulator)).toEqual([`GET ${PARTNERS}/${WOODGROVE} → 404`, `POST ${PARTNERS} → 201`]);
		expect(session.emulator.graphRequests()[1].body).toEqual({ tenantId: WOODGROVE, automaticUserConsentSettings: { inboundAllowed: true } });
		expect(items[0].json).toMatchObject({ success: true, action: 'created', partnerCreated: true, partner: { tenantId: WOODGROVE } });
		expect(stored(WOODGROVE)).toMatchObject({ automaticUserConsentSettings: { inboundAllowed: true, outboundAllowed: false } });
	});

	it('return partner reads the partner after the write', async () => {
		const { items } = await run({ inboundAllowed: false, outboundAllowed: true }, { returnPartner: true });
		expect(callLog(session.emulator)).toEqual([`PATCH ${PARTNERS}/${FABRIKAM} → 204`, `GET ${PARTNERS}/${FABRIKAM} → 200`]);
		expect(items[0].json.partner).toMatchObject({ tenantId: FABRIKAM, automaticUserConsentSettings: { inboundAllowed: false, outboundAllowed: true } });
	});

	it('picks the partner by domain', async () => {
		const { items } = await run({ inboundAllowed: true, outboundAllowed: true }, {}, {}, { __rl: true, mode: 'domain', value: 'northwind.com' });
		expect(callLog(session.emulator)[1]).toBe(`PATCH ${PARTNERS}/${NORTHWIND} → 204`);
		expect(items[0].json.partnerTenantId).toBe(NORTHWIND);
	});

	it('batches several items, and with Continue On Fail pairs an error item to each failed one', async () => {
		const { items, error } = await run({ inboundAllowed: '={{ $json.allow }}', outboundAllowed: false }, {}, {
			continueOnFail: true,
			items: [
				{ tenantId: FABRIKAM, allow: true },
				{ tenantId: WOODGROVE, allow: true },
				{ tenantId: NORTHWIND, allow: 'maybe' },
				{ tenantId: TAILSPIN, allow: 'false' },
			],
		}, '={{ $json.tenantId }}');
		expect(error).toBeUndefined();
		expect(items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
		expect(items[0].json).toMatchObject({ success: true, partnerTenantId: FABRIKAM });
		expect(items[1].json).toMatchObject({ code: 'Request_ResourceNotFound', statusCode: 404, partnerTenantId: WOODGROVE });
		expect(items[2].json.error).toContain('Automatic User Consent: Inbound must be true or false, not "maybe" (item 2, field "inboundAllowed")');
		expect(items[3].json).toMatchObject({ success: true, partnerTenantId: TAILSPIN });
		expect(session.emulator.batchRequests()).toHaveLength(1);
		expect(stored(TAILSPIN)).toMatchObject({ automaticUserConsentSettings: { inboundAllowed: false, outboundAllowed: false } });
	});

	it('names the missing permission on 403, with Graph code and request-id', async () => {
		const reader = addCredential(session.n8n, secretCredential(session.emulator, APPS.reader), 'reader');
		const { error } = await run({ inboundAllowed: true, outboundAllowed: true }, {}, { credential: reader });
		const [patch] = session.emulator.graphRequests();
		expect(error?.message).toContain('Policy.ReadWrite.CrossTenantAccess');
		expect(error?.description).toContain('Authorization_RequestDenied');
		expect(error?.description).toContain(`request-id: ${patch.id}`);
	});

	it('refuses empty Update Fields before sending anything', async () => {
		const { error } = await run({});
		expect(error?.message).toContain('Update Fields is empty');
		expect(error?.message).toContain('field "updateFields"');
		expect(session.emulator.requests).toEqual([]);
	});

	describe.each([
		['"true"', 'true', true],
		['"false"', 'false', false],
		['"yes"', 'yes', 'error'],
		['""', '', 'error'],
	])('switch %s from an expression', (_label, text, expected) => {
		it('Dry Run and a field are read strictly', async () => {
			const { items, error } = await run({ inboundAllowed: `={{ "${text}" }}`, outboundAllowed: true }, { dryRun: `={{ "${text}" }}` });
			if (expected === 'error') {
				expect(error?.message).toMatch(/must be true or false/);
				expect(session.emulator.requests).toEqual([]);
				return;
			}
			expect(error).toBeUndefined();
			expect(items[0].json.dryRun === true).toBe(expected);
			expect(items[0].json.applied ?? (items[0].json.request as { body: unknown }).body).toEqual({
				automaticUserConsentSettings: { inboundAllowed: expected, outboundAllowed: true },
			});
		});
	});

	it('a missing switch (option not added) takes its default: no dry run', async () => {
		const { items } = await run({ inboundAllowed: true, outboundAllowed: true });
		expect(items[0].json).not.toHaveProperty('dryRun');
		expect(callLog(session.emulator)).toEqual([`PATCH ${PARTNERS}/${FABRIKAM} → 204`]);
	});
});
