import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { callLog } from '../harness/graphLog';
import { NODE_NAME, nodeWorkflow } from '../harness/nodeWorkflow';
import { nodeResult } from '../harness/runWorkflow';
import { TRIGGER_NODE_NAME, triggerWorkflow } from '../harness/triggerWorkflow';
import { APPS, addCredential, FABRIKAM, NORTHWIND, secretCredential, TAILSPIN, UNMANAGED_PARTNER, useEmulatorSession, WOODGROVE } from '../support/fixtures';

const PARTNERS = '/v1.0/policies/crossTenantAccessPolicy/partners';
const WATCHED = { $select: 'tenantId,automaticUserConsentSettings', $expand: 'identitySynchronization' };
const byId = (value: string) => ({ __rl: true, mode: 'id', value });
/** What a poll emitted, one [partner, change] per item. */
const changes = (emitted: INodeExecutionData[][] | null) => (emitted?.[0] ?? []).map((i) => [i.json.partnerTenantId, i.json.change]);

describe('Cross-Tenant Sync Policy Trigger through n8n-core poll path against the emulator', () => {
	const session = useEmulatorSession();

	const poller = (parameters: INodeParameters = {}, credential = session.credential) =>
		session.n8n.poller(triggerWorkflow({ parameters, credential }), TRIGGER_NODE_NAME);
	/** Resolves once Graph has run `count` requests (their answers may still be on their way: Faults.slowAnswers). */
	const untilGraphRan = async (count: number) => {
		while (session.emulator.graphRequests().filter((r) => r.status !== 0).length < count) await new Promise((resolve) => setTimeout(resolve, 5));
	};
	/** Someone changes the tenant outside the watched workflow (here: through the action node). */
	const change = async (parameters: INodeParameters) => {
		const { error } = nodeResult(await session.n8n.execute(nodeWorkflow({ parameters, credential: session.credential })), NODE_NAME);
		expect(error).toBeUndefined();
	};

	it('records a baseline on the first poll, then emits one item per partner added, changed or removed', async () => {
		const trigger = poller();
		expect(await trigger.poll()).toBeNull();
		expect(callLog(session.emulator)).toEqual([`GET ${PARTNERS} → 200`]);
		expect(session.emulator.graphRequests()[0].query).toEqual(WATCHED);

		await change({ resource: 'syncPolicy', operation: 'update', partnerTenantId: byId(FABRIKAM), updateFields: { isSyncAllowed: true } });
		await change({ resource: 'partner', operation: 'update', partnerTenantId: byId(NORTHWIND), updateFields: { outboundAllowed: false } });
		await change({ resource: 'partner', operation: 'create', partnerTenantId: byId(WOODGROVE) });
		await change({ resource: 'partner', operation: 'delete', partnerTenantId: byId(TAILSPIN) });
		session.emulator.clearRequests();

		const emitted = await trigger.poll();
		// Tailspin left the list: a GET of it confirms the removal before it is reported.
		expect(callLog(session.emulator)).toEqual([`GET ${PARTNERS} → 200`, `GET ${PARTNERS}/${TAILSPIN} → 404`]);
		const items = (emitted?.[0] ?? []).map((i) => i.json);
		expect(items).toEqual([
			{
				partnerTenantId: FABRIKAM,
				change: 'changed',
				before: { identitySynchronization: { displayName: 'Fabrikam', userSyncInbound: { isSyncAllowed: false } }, automaticUserConsentSettings: { inboundAllowed: true, outboundAllowed: false } },
				after: { identitySynchronization: { displayName: 'Fabrikam', userSyncInbound: { isSyncAllowed: true } }, automaticUserConsentSettings: { inboundAllowed: true, outboundAllowed: false } },
				diff: { 'identitySynchronization.userSyncInbound.isSyncAllowed': { from: false, to: true } },
			},
			{
				partnerTenantId: NORTHWIND,
				change: 'changed',
				before: { identitySynchronization: { displayName: 'Northwind', userSyncInbound: { isSyncAllowed: true } }, automaticUserConsentSettings: { inboundAllowed: true, outboundAllowed: true } },
				after: { identitySynchronization: { displayName: 'Northwind', userSyncInbound: { isSyncAllowed: true } }, automaticUserConsentSettings: { inboundAllowed: true, outboundAllowed: false } },
				diff: { 'automaticUserConsentSettings.outboundAllowed': { from: true, to: false } },
			},
			{ partnerTenantId: WOODGROVE, change: 'added', before: null, after: { identitySynchronization: null, automaticUserConsentSettings: null }, diff: {} },
			{ partnerTenantId: TAILSPIN, change: 'removed', before: { identitySynchronization: null, automaticUserConsentSettings: null }, after: null, diff: {} },
		]);

		// Nothing changed since: nothing emitted.
		expect(await trigger.poll()).toBeNull();
	});

	it('a sync policy created on a watched partner shows as changed, field by field from null', async () => {
		const trigger = poller();
		await trigger.poll();
		await change({ resource: 'syncPolicy', operation: 'create', partnerTenantId: byId(TAILSPIN), isSyncAllowed: true, displayName: 'Tailspin' });
		const [item] = (await trigger.poll())?.[0] ?? [];
		expect(item.json).toMatchObject({
			partnerTenantId: TAILSPIN,
			change: 'changed',
			diff: {
				'identitySynchronization.userSyncInbound.isSyncAllowed': { from: null, to: true },
				'identitySynchronization.displayName': { from: null, to: 'Tailspin' },
			},
		});
	});

	it('Emit All On First Poll emits every partner as added', async () => {
		const emitted = await poller({ options: { emitAllOnFirstPoll: true } }).poll();
		expect((emitted?.[0] ?? []).map((i) => [i.json.partnerTenantId, i.json.change, i.json.before])).toEqual([
			[FABRIKAM, 'added', null],
			[NORTHWIND, 'added', null],
			[TAILSPIN, 'added', null],
			[UNMANAGED_PARTNER, 'added', null],
		]);
	});

	it('Fetch Test Event (manual mode) shows a few partners as they are, and records nothing', async () => {
		const trigger = poller();
		const emitted = await trigger.poll('manual');
		expect((emitted?.[0] ?? []).map((i) => i.json.partnerTenantId)).toEqual([FABRIKAM, NORTHWIND, TAILSPIN]);
		expect(emitted?.[0][0].json).toMatchObject({ change: 'added', before: null, after: { identitySynchronization: { displayName: 'Fabrikam' } } });
		// The first real poll still only records its baseline.
		expect(await trigger.poll()).toBeNull();
	});

	it('follows @odata.nextLink so that partners on later pages are watched too', async () => {
		session.emulator.setServerPageSize(1);
		const trigger = poller();
		await trigger.poll();
		expect(session.emulator.graphRequests()).toHaveLength(4);
		await change({ resource: 'syncPolicy', operation: 'update', partnerTenantId: byId(UNMANAGED_PARTNER), updateFields: { isSyncAllowed: false } });
		const emitted = await trigger.poll();
		expect((emitted?.[0] ?? []).map((i) => [i.json.partnerTenantId, i.json.change])).toEqual([[UNMANAGED_PARTNER, 'changed']]);
	});

	describe('polls that overlap (n8n starts the next poll while a slow one still runs)', () => {
		it('a poll that started before the last recorded snapshot emits and records nothing: one change is reported once', async () => {
			const trigger = poller();
			expect(await trigger.poll()).toBeNull();
			session.emulator.clearRequests();
			session.emulator.setFaults({ slowAnswers: [{ method: 'GET', pathIncludes: '/partners', count: 1, delayMs: 3_000 }] });

			// The older poll reads Fabrikam with sync off; its answer is held back (long enough on a loaded machine) while the
			// change lands and a newer poll runs.
			const older = trigger.poll();
			await untilGraphRan(1);
			await change({ resource: 'syncPolicy', operation: 'update', partnerTenantId: byId(FABRIKAM), updateFields: { isSyncAllowed: true } });
			const newer = await trigger.poll();
			expect((newer?.[0] ?? []).map((i) => [i.json.partnerTenantId, i.json.change, i.json.diff])).toEqual([
				[FABRIKAM, 'changed', { 'identitySynchronization.userSyncInbound.isSyncAllowed': { from: false, to: true } }],
			]);

			expect(await older).toBeNull();
			expect(await trigger.poll()).toBeNull();
			// Both overlapping polls really read the list; only the newer one's answer counted.
			expect(callLog(session.emulator).filter((line) => line === `GET ${PARTNERS} → 200`)).toHaveLength(3);
		});
	});

	describe('removals are confirmed before they are reported', () => {
		it('a partner deleted while a poll pages does not make another partner look removed (and added a poll later)', async () => {
			session.emulator.setServerPageSize(1);
			const trigger = poller();
			expect(await trigger.poll()).toBeNull();
			session.emulator.clearRequests();
			session.emulator.setFaults({ slowAnswers: [{ method: 'GET', pathIncludes: '/partners', count: 1, delayMs: 2_000 }] });

			// Page 1 (Fabrikam) is read, then Fabrikam is deleted: page 2 starts at offset 1, which is now Tailspin, so Northwind is skipped.
			const paging = trigger.poll();
			await untilGraphRan(1);
			await change({ resource: 'partner', operation: 'delete', partnerTenantId: byId(FABRIKAM), deleteSyncPolicyFirst: true });
			session.emulator.clearRequests();
			expect(await paging).toBeNull();
			expect(callLog(session.emulator)).toEqual([`GET ${PARTNERS} → 200`, `GET ${PARTNERS} → 200`, `GET ${PARTNERS}/${NORTHWIND} → 200`]);

			session.emulator.clearRequests();
			expect(changes(await trigger.poll())).toEqual([[FABRIKAM, 'removed']]);
			expect(callLog(session.emulator)).toContain(`GET ${PARTNERS}/${FABRIKAM} → 404`);
			expect(await trigger.poll()).toBeNull();
		});

		it('a partner the confirming GET finds keeps its recorded state, so a change it missed is reported by the next poll', async () => {
			session.emulator.setServerPageSize(1);
			const trigger = poller();
			await trigger.poll();
			session.emulator.setFaults({ slowAnswers: [{ method: 'GET', pathIncludes: '/partners', count: 1, delayMs: 2_000 }] });
			const paging = trigger.poll();
			await untilGraphRan(1);
			await change({ resource: 'partner', operation: 'delete', partnerTenantId: byId(FABRIKAM), deleteSyncPolicyFirst: true });
			await change({ resource: 'partner', operation: 'update', partnerTenantId: byId(NORTHWIND), updateFields: { outboundAllowed: false } });
			expect(await paging).toBeNull();
			expect(changes(await trigger.poll())).toEqual([
				[NORTHWIND, 'changed'],
				[FABRIKAM, 'removed'],
			]);
		});

		it('several partners gone at once are each confirmed, in one $batch, and reported removed', async () => {
			const trigger = poller();
			await trigger.poll();
			await change({ resource: 'partner', operation: 'delete', partnerTenantId: byId(TAILSPIN) });
			await change({ resource: 'partner', operation: 'delete', partnerTenantId: byId(NORTHWIND), deleteSyncPolicyFirst: true });
			session.emulator.clearRequests();
			expect(changes(await trigger.poll())).toEqual([
				[NORTHWIND, 'removed'],
				[TAILSPIN, 'removed'],
			]);
			expect(callLog(session.emulator)).toEqual([`GET ${PARTNERS} → 200`, `GET ${PARTNERS}/${NORTHWIND} → 404`, `GET ${PARTNERS}/${TAILSPIN} → 404`]);
			expect(session.emulator.batchRequests()).toHaveLength(1);
		});

		it('a confirming GET that fails otherwise fails the poll, keeping the recorded state', async () => {
			const trigger = poller();
			await trigger.poll();
			const recorded = JSON.stringify(trigger.workflow.staticData);
			await change({ resource: 'partner', operation: 'delete', partnerTenantId: byId(TAILSPIN) });
			session.emulator.setFaults({ failures: [{ method: 'GET', pathIncludes: `/partners/${TAILSPIN}`, status: 403, count: 1, code: 'Authorization_RequestDenied' }] });
			await expect(trigger.poll()).rejects.toThrow('missing Policy.Read.All');
			expect(JSON.stringify(trigger.workflow.staticData)).toBe(recorded);
			expect(changes(await trigger.poll())).toEqual([[TAILSPIN, 'removed']]);
		});
	});

	describe('paging that never ends', () => {
		it('stops the poll when a page repeats only partners already read, keeping the recorded state', async () => {
			session.emulator.setServerPageSize(2);
			const trigger = poller();
			await trigger.poll();
			const recorded = JSON.stringify(trigger.workflow.staticData);
			session.emulator.clearRequests();
			session.emulator.setFaults({ repeatingPages: 2 });
			await expect(trigger.poll()).rejects.toThrow(
				"The trigger's poll: page 2 of the list holds only entries already read on earlier pages (Graph's next page link changed, the entries did not); the list stopped there and nothing more was read",
			);
			expect(session.emulator.graphRequests()).toHaveLength(2);
			expect(JSON.stringify(trigger.workflow.staticData)).toBe(recorded);
			expect(await trigger.poll()).toBeNull();
		});
	});

	it('waits out Graph throttling (429 with Retry-After) like the node does', async () => {
		session.emulator.setFaults({ failures: [{ method: 'GET', pathIncludes: '/partners', status: 429, count: 1, retryAfterSeconds: 0 }] });
		const trigger = poller();
		expect(await trigger.poll()).toBeNull();
		expect(session.emulator.graphRequests().map((r) => r.status)).toEqual([429, 200]);
	});

	it("fails the poll with Graph's code and request-id, keeping the last recorded state", async () => {
		const trigger = poller();
		await trigger.poll();
		const recorded = JSON.stringify(trigger.workflow.staticData);
		session.emulator.setFaults({ failures: [{ method: 'GET', pathIncludes: '/partners', status: 403, count: 1, code: 'Authorization_RequestDenied' }] });
		const failure = await trigger.poll().catch((error: unknown) => error);
		expect(failure).toBeInstanceOf(NodeApiError);
		const error = failure as NodeApiError;
		expect(error.message).toContain('missing Policy.Read.All');
		expect(error.description).toContain('Graph error code: Authorization_RequestDenied');
		expect(error.description).toMatch(/request-id: \S+/);
		expect(JSON.stringify(trigger.workflow.staticData)).toBe(recorded);
	});

	it('an app without Policy.Read.All is told which permission to grant', async () => {
		const noRoles = addCredential(session.n8n, secretCredential(session.emulator, APPS.noRoles), 'none');
		await expect(poller({}, noRoles).poll()).rejects.toThrow('missing Policy.Read.All');
	});

	describe.each([
		['"true"', '={{ "true" }}', 4],
		['"false"', '={{ "false" }}', 0],
		['missing', undefined, 0],
	])('Emit All On First Poll %s', (_label, value, count) => {
		it('is read strictly', async () => {
			const emitted = await poller(value === undefined ? {} : { options: { emitAllOnFirstPoll: value } }).poll();
			expect(emitted?.[0] ?? []).toHaveLength(count);
		});
	});

	it.each([
		['"yes"', '={{ "yes" }}', 'not "yes"'],
		['""', '={{ "" }}', 'not empty text'],
	])('Emit All On First Poll %s fails naming the field before asking Graph', async (_label, value, problem) => {
		await expect(poller({ options: { emitAllOnFirstPoll: value } }).poll()).rejects.toThrow(
			`Emit All On First Poll must be true or false, ${problem} (item 0, field "emitAllOnFirstPoll")`,
		);
		expect(session.emulator.requests).toEqual([]);
	});
});
