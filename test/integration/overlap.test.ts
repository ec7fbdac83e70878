import type { INodeParameters } from 'n8n-workflow';

import { callLog } from '../harness/graphLog';
import { NODE_NAME, nodeWorkflow } from '../harness/nodeWorkflow';
import { nodeResult } from '../harness/runWorkflow';
import { APPS, CONTOSO, FABRIKAM, WOODGROVE, useEmulatorSession } from '../support/fixtures';

const PARTNERS = '/v1.0/policies/crossTenantAccessPolicy/partners';
const byId = (value: string) => ({ __rl: true, mode: 'id', value });
const CONSENT = 'automaticUserConsentSettings';

/**
 * Writes that overlap — a partner created by someone else meanwhile, two executions on one partner, another writer
 * between this item's write and its read-back — through real n8n-core against the emulator. Fabrikam starts with
 * inbound consent on and outbound off.
 */
describe('Partner → Update when writes overlap', () => {
	const session = useEmulatorSession();

	const workflow = (updateFields: INodeParameters, options: INodeParameters = {}, partner = FABRIKAM) =>
		nodeWorkflow({ parameters: { resource: 'partner', operation: 'update', partnerTenantId: byId(partner), updateFields, options }, credential: session.credential });
	const run = async (updateFields: INodeParameters, options: INodeParameters = {}, partner = FABRIKAM) =>
		nodeResult(await session.n8n.execute(workflow(updateFields, options, partner)), NODE_NAME);
	const consent = (tenant = FABRIKAM) => session.emulator.partner(CONTOSO, tenant)?.[CONSENT];

	/** Someone outside this n8n (the portal, a script) writing Graph directly. */
	const otherWriter = async (method: 'POST' | 'PATCH', path: string, body: unknown) => {
		const { emulator } = session;
		const token = emulator.mintAccessToken({ tenantId: CONTOSO, clientId: APPS.writer.clientId, roles: ['Policy.ReadWrite.CrossTenantAccess'] });
		const answer = await fetch(`${emulator.url}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
		expect(answer.status).toBeLessThan(300);
	};

	describe('Create Partner If Missing, when the partner is created by someone else meanwhile', () => {
		it('the POST meets "already exists": the node reads the partner (riding out replication) and merges before it PATCHes', async () => {
			session.emulator.setReplicationLag(3000);
			await otherWriter('POST', PARTNERS, { tenantId: WOODGROVE, [CONSENT]: { inboundAllowed: false, outboundAllowed: true } });
			const { items, error } = await run({ inboundAllowed: true }, { createPartnerIfMissing: true }, WOODGROVE);
			expect(error).toBeUndefined();
			// Outbound was set by the other writer and not by this item: it stays on.
			expect(consent(WOODGROVE)).toEqual({ inboundAllowed: true, outboundAllowed: true });
			const patch = session.emulator.graphRequests().find((r) => r.method === 'PATCH');
			expect(patch?.body).toEqual({ [CONSENT]: { inboundAllowed: true, outboundAllowed: true } });
			expect(items[0].json).toMatchObject({
				success: true,
				action: 'updated',
				kept: [`${CONSENT}.outboundAllowed`],
				previous: { [CONSENT]: { inboundAllowed: false, outboundAllowed: true } },
				verified: true,
			});
			const log = callLog(session.emulator).slice(1);
			expect(log.slice(0, 3)).toEqual([`GET ${PARTNERS}/${WOODGROVE} → 404`, `POST ${PARTNERS} → 400`, `GET ${PARTNERS}/${WOODGROVE} → 404`]);
			expect(log.slice(-3)).toEqual([`GET ${PARTNERS}/${WOODGROVE} → 200`, `PATCH ${PARTNERS}/${WOODGROVE} → 204`, `GET ${PARTNERS}/${WOODGROVE} → 200`]);
		});

		it('a first read that answers 404 (ResourceNotFound) for a partner that is there: nothing the user left out is reset', async () => {
			session.emulator.setFaults({ failures: [{ method: 'GET', pathIncludes: FABRIKAM, status: 404, code: 'ResourceNotFound', count: 1 }] });
			const { items, error } = await run({ isMfaAccepted: false }, { createPartnerIfMissing: true });
			expect(error).toBeUndefined();
			expect(session.emulator.partner(CONTOSO, FABRIKAM)?.inboundTrust).toEqual({ isMfaAccepted: false, isCompliantDeviceAccepted: true, isHybridAzureADJoinedDeviceAccepted: true });
			expect(items[0].json).toMatchObject({ action: 'updated', kept: ['inboundTrust.isCompliantDeviceAccepted', 'inboundTrust.isHybridAzureADJoinedDeviceAccepted'] });
		});
	});

	it('a lost POST answer with Return Partner: the partner is read back, never output as {}', async () => {
		session.emulator.setFaults({ failures: [{ method: 'POST', pathIncludes: '/partners', status: 503, count: 1, afterApplying: true }] });
		const { items, error } = await run({ inboundAllowed: true }, { createPartnerIfMissing: true, returnPartner: true }, WOODGROVE);
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ success: true, action: 'created', changed: null, verified: false, partner: { tenantId: WOODGROVE, [CONSENT]: { inboundAllowed: true, outboundAllowed: false } } });
		expect(callLog(session.emulator).slice(-1)).toEqual([`GET ${PARTNERS}/${WOODGROVE} → 200`]);
	});

	it('two executions in one n8n process, each setting one member of the same value: both changes survive', async () => {
		session.emulator.setFaults({ latencyMs: 60 });
		const first = session.n8n.execute(workflow({ inboundAllowed: false }));
		// The second starts once the first has read the partner and is on its way to write it.
		while (session.emulator.graphRequests().length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
		const second = session.n8n.execute(workflow({ outboundAllowed: true }));
		const [a, b] = await Promise.all([first, second]).then((runs) => runs.map((r) => nodeResult(r, NODE_NAME)));
		expect([a.error, b.error]).toEqual([undefined, undefined]);
		expect(consent()).toEqual({ inboundAllowed: false, outboundAllowed: true });
		// The second read waited for the first item's write and read-back: it merged the first one's change.
		expect(b.items[0].json).toMatchObject({ changed: true, previous: { [CONSENT]: { inboundAllowed: false, outboundAllowed: false } } });
		expect(callLog(session.emulator).map((line) => line.split(' ')[0])).toEqual(['GET', 'PATCH', 'GET', 'GET', 'PATCH', 'GET']);
	});

	describe('another writer between this item\'s write and its read-back (another worker, the portal)', () => {
		/** Lets the other writer reset inbound consent while each of the node's next `count` PATCH answers is on its way. */
		const clobberDuringPatches = async (count: number, done: Promise<unknown>) => {
			// The node spells the partner as given (lower case); the other writer in upper case, so its PATCHes are not held.
			session.emulator.setFaults({ slowAnswers: [{ method: 'PATCH', pathIncludes: FABRIKAM, count, delayMs: 600 }] });
			let clobbered = 0;
			let finished = false;
			void done.then(() => (finished = true));
			while (!finished && clobbered < count) {
				// A request is logged on arrival and gets its status once applied: clobber only after the node's PATCH landed.
				const nodePatches = session.emulator.graphRequests().filter((r) => r.method === 'PATCH' && r.status !== 0).length - clobbered;
				if (nodePatches > clobbered) {
					await otherWriter('PATCH', `${PARTNERS}/${FABRIKAM.toUpperCase()}`, { [CONSENT]: { inboundAllowed: true, outboundAllowed: true } });
					clobbered++;
				}
				await new Promise((resolve) => setTimeout(resolve, 10));
			}
		};

		it('the read-back shows the change lost: read again, merge and write again, so both changes survive', async () => {
			const execution = session.n8n.execute(workflow({ inboundAllowed: false }));
			await clobberDuringPatches(1, execution);
			const { items, error } = nodeResult(await execution, NODE_NAME);
			expect(error).toBeUndefined();
			expect(consent()).toEqual({ inboundAllowed: false, outboundAllowed: true });
			expect(items[0].json).toMatchObject({ changed: true, verified: true, writes: 2, previous: { [CONSENT]: { inboundAllowed: true, outboundAllowed: true } } });
		});

		it('a change lost on every write fails the item naming the race, after a bounded number of writes', async () => {
			const execution = session.n8n.execute(workflow({ inboundAllowed: false }));
			await clobberDuringPatches(3, execution);
			const { error } = nodeResult(await execution, NODE_NAME);
			expect(error?.message).toBe(
				`Partner ${FABRIKAM} was changed by another writer each time this item wrote it (3 writes, each read back): ${CONSENT}.inboundAllowed did not keep the value this item set. Nothing more was sent; run the item again when the other writer is done [item 0]`,
			);
			// Three PATCHes of the node, each followed by the other writer's.
			expect(session.emulator.graphRequests().filter((r) => r.method === 'PATCH')).toHaveLength(6);
		});
	});
});
