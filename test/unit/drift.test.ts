import { diffFields } from '../../nodes/CrossTenantSyncPolicy/fieldDiff';
import { driftBetween, missingFrom, partnerState } from '../../nodes/CrossTenantSyncPolicyTrigger/drift';

const state = (isSyncAllowed: boolean | null, inboundAllowed?: boolean) => ({
	identitySynchronization: isSyncAllowed === null ? null : { displayName: 'P', userSyncInbound: { isSyncAllowed } },
	automaticUserConsentSettings: inboundAllowed === undefined ? null : { inboundAllowed, outboundAllowed: false },
});

describe('trigger: what changed between two polls', () => {
	it("reduces Graph's partner to the watched state, without OData annotations or the repeated tenantId", () => {
		expect(
			partnerState({
				tenantId: 'a',
				'@odata.type': 'x',
				automaticUserConsentSettings: { inboundAllowed: true, outboundAllowed: false },
				identitySynchronization: { '@odata.context': 'c', tenantId: 'a', displayName: 'P', userSyncInbound: { isSyncAllowed: true } },
			}),
		).toEqual({ identitySynchronization: { displayName: 'P', userSyncInbound: { isSyncAllowed: true } }, automaticUserConsentSettings: { inboundAllowed: true, outboundAllowed: false } });
	});

	it('diffs leaves as dotted paths, from and to null where a value appears or goes away', () => {
		expect(diffFields(state(null), state(true, true))).toEqual({
			'identitySynchronization.displayName': { from: null, to: 'P' },
			'identitySynchronization.userSyncInbound.isSyncAllowed': { from: null, to: true },
			'automaticUserConsentSettings.inboundAllowed': { from: null, to: true },
			'automaticUserConsentSettings.outboundAllowed': { from: null, to: false },
		});
		expect(diffFields(state(true, true), state(true, true))).toEqual({});
	});

	it('emits added, changed and removed partners, matching tenant IDs whatever their case', () => {
		const previous = { 'AAAA': state(true), bbbb: state(true, true), cccc: state(false) };
		const current = { aaaa: state(true), bbbb: state(true, false), dddd: state(true) };
		expect(driftBetween(previous, current).map((d) => [d.partnerTenantId, d.change, Object.keys(d.diff)])).toEqual([
			['bbbb', 'changed', ['automaticUserConsentSettings.inboundAllowed']],
			['dddd', 'added', ['identitySynchronization.displayName', 'identitySynchronization.userSyncInbound.isSyncAllowed']],
			['cccc', 'removed', ['identitySynchronization.displayName', 'identitySynchronization.userSyncInbound.isSyncAllowed']],
		]);
	});

	it('names the partners a list lacks as the previous snapshot spells them, matching case-insensitively', () => {
		expect(missingFrom({ aaaa: state(true), dddd: state(true) }, { AAAA: state(true), Bbbb: state(true), cccc: state(null) })).toEqual(['Bbbb', 'cccc']);
	});
});
