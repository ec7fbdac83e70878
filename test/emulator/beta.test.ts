import { CONTOSO, FABRIKAM, PARTNERS_PATH, SYNC_PATH, TAILSPIN, graphCall, graphCode } from './test-client';
import { useEmulator } from './session';

const TYPE = 'microsoft.graph.crossTenantIdentitySyncPolicyPartner';
const APP_ID = '0f4d9b1c-7a3e-4c8b-9d2a-5e6f3b8c1d47';

describe('emulated Graph: beta-only identitySynchronization properties', () => {
	const beta = (partner: string) => SYNC_PATH(partner, 'beta');

	const session = useEmulator();

	it('beta GET shows them (null until set); v1.0 GET never does', async () => {
		const before = (await graphCall(session.emulator, session.writer, 'GET', beta(FABRIKAM))).json();
		expect(before).toMatchObject({ externalCloudAuthorizedApplicationId: null, groupSyncInbound: null, roleEnabledGroupSyncInbound: null });

		const changes = {
			externalCloudAuthorizedApplicationId: APP_ID,
			groupSyncInbound: { isSyncAllowed: true },
			roleEnabledGroupSyncInbound: { isSyncAllowed: true },
		};
		expect((await graphCall(session.emulator, session.writer, 'PATCH', beta(FABRIKAM), changes)).status).toBe(204);
		expect((await graphCall(session.emulator, session.writer, 'GET', beta(FABRIKAM))).json()).toMatchObject({ ...changes, displayName: 'Fabrikam' });
		expect((await graphCall(session.emulator, session.writer, 'GET', SYNC_PATH(FABRIKAM))).json()).toEqual({
			'@odata.context': expect.stringContaining('/v1.0/$metadata#'),
			tenantId: FABRIKAM,
			displayName: 'Fabrikam',
			userSyncInbound: { isSyncAllowed: false },
		});
		expect(session.emulator.partner(CONTOSO, FABRIKAM)?.identitySynchronization).toEqual({
			tenantId: FABRIKAM,
			displayName: 'Fabrikam',
			userSyncInbound: { isSyncAllowed: false },
			...changes,
		});
	});

	it('shares state: a v1.0 PATCH keeps the beta properties', async () => {
		await graphCall(session.emulator, session.writer, 'PATCH', beta(FABRIKAM), { groupSyncInbound: { isSyncAllowed: true } });
		await graphCall(session.emulator, session.writer, 'PATCH', SYNC_PATH(FABRIKAM), { userSyncInbound: { isSyncAllowed: true } });
		expect((await graphCall(session.emulator, session.writer, 'GET', beta(FABRIKAM))).json()).toMatchObject({
			userSyncInbound: { isSyncAllowed: true },
			groupSyncInbound: { isSyncAllowed: true },
		});
	});

	it('beta PUT creates a policy with them; $expand on beta includes them', async () => {
		const body = { displayName: 'Tailspin', userSyncInbound: { isSyncAllowed: true }, groupSyncInbound: { isSyncAllowed: false } };
		expect((await graphCall(session.emulator, session.writer, 'PUT', beta(TAILSPIN), body)).status).toBe(204);
		const list = await graphCall(session.emulator, session.writer, 'GET', `${PARTNERS_PATH.replace('/v1.0/', '/beta/')}?$expand=identitySynchronization`);
		const tailspin = list.json<{ value: Array<Record<string, unknown>> }>().value.find((p) => p.tenantId === TAILSPIN);
		expect(tailspin?.identitySynchronization).toMatchObject({ groupSyncInbound: { isSyncAllowed: false }, roleEnabledGroupSyncInbound: null });
		const v1 = await graphCall(session.emulator, session.writer, 'GET', `${PARTNERS_PATH}?$expand=identitySynchronization`);
		const v1Tailspin = v1.json<{ value: Array<Record<string, unknown>> }>().value.find((p) => p.tenantId === TAILSPIN);
		expect(v1Tailspin?.identitySynchronization).not.toHaveProperty('groupSyncInbound');
	});

	it.each(['externalCloudAuthorizedApplicationId', 'groupSyncInbound', 'roleEnabledGroupSyncInbound'])(
		'v1.0 rejects %s as an unknown property (400)',
		async (property) => {
			const value = property === 'externalCloudAuthorizedApplicationId' ? APP_ID : { isSyncAllowed: false };
			const answer = await graphCall(session.emulator, session.writer, 'PATCH', SYNC_PATH(FABRIKAM), { [property]: value });
			expect(answer.status).toBe(400);
			expect(answer.json().error).toMatchObject({ code: 'BadRequest', message: expect.stringContaining(`The property '${property}' does not exist on type '${TYPE}'.`) });
		},
	);

	it('refuses role-enabled group sync unless group sync is allowed, and changes nothing', async () => {
		const alone = await graphCall(session.emulator, session.writer, 'PATCH', beta(FABRIKAM), { roleEnabledGroupSyncInbound: { isSyncAllowed: true } });
		expect([alone.status, graphCode(alone)]).toEqual([400, 'BadRequest']);
		const withGroupOff = await graphCall(session.emulator, session.writer, 'PUT', beta(TAILSPIN), {
			userSyncInbound: { isSyncAllowed: true },
			groupSyncInbound: { isSyncAllowed: false },
			roleEnabledGroupSyncInbound: { isSyncAllowed: true },
		});
		expect(withGroupOff.status).toBe(400);
		expect(session.emulator.partner(CONTOSO, TAILSPIN)).not.toHaveProperty('identitySynchronization');

		await graphCall(session.emulator, session.writer, 'PATCH', beta(FABRIKAM), { groupSyncInbound: { isSyncAllowed: true }, roleEnabledGroupSyncInbound: { isSyncAllowed: true } });
		const turnOffGroups = await graphCall(session.emulator, session.writer, 'PATCH', beta(FABRIKAM), { groupSyncInbound: { isSyncAllowed: false } });
		expect(turnOffGroups.status).toBe(400);
		expect(session.emulator.partner(CONTOSO, FABRIKAM)?.identitySynchronization).toMatchObject({ groupSyncInbound: { isSyncAllowed: true } });
	});

	it('validates the beta values like the v1.0 ones', async () => {
		for (const body of [{ groupSyncInbound: null }, { groupSyncInbound: { isSyncAllowed: 'yes' } }, { externalCloudAuthorizedApplicationId: 42 }]) {
			const answer = await graphCall(session.emulator, session.writer, 'PATCH', beta(FABRIKAM), body);
			expect([answer.status, graphCode(answer)]).toEqual([400, 'BadRequest']);
		}
	});
});
