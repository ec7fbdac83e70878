import { ParameterReader } from '../../nodes/CrossTenantSyncPolicy/actions/parameters';
import { mergePartnerBody, needsCurrentValues, readPartnerChanges } from '../../nodes/CrossTenantSyncPolicy/actions/partner/partnerFields';
import { fakeExecuteContext } from '../support/fakeExecuteContext';

const changes = (updateFields: Record<string, unknown>) => readPartnerChanges(new ParameterReader(fakeExecuteContext({ updateFields }), 0));

describe('partner update: read, merge, write', () => {
	it('groups the switches the user added by the complex value they belong to', () => {
		expect(changes({ inboundAllowed: true, isMfaAccepted: 'false' })).toEqual({
			automaticUserConsentSettings: { inboundAllowed: true },
			inboundTrust: { isMfaAccepted: false },
		});
	});

	it('needs the current values only when a value is partly given', () => {
		expect(needsCurrentValues(changes({ inboundAllowed: true, outboundAllowed: false }))).toBe(false);
		expect(needsCurrentValues(changes({ inboundAllowed: true }))).toBe(true);
		expect(needsCurrentValues(changes({ isMfaAccepted: true, isCompliantDeviceAccepted: true, isHybridAzureADJoinedDeviceAccepted: false }))).toBe(false);
	});

	it('keeps the current value of every member the user did not set, and says which', () => {
		const current = {
			automaticUserConsentSettings: { inboundAllowed: false, outboundAllowed: true },
			inboundTrust: { isMfaAccepted: true, isCompliantDeviceAccepted: false, isHybridAzureADJoinedDeviceAccepted: true },
		};
		expect(mergePartnerBody(changes({ inboundAllowed: true }), current)).toEqual({
			body: { automaticUserConsentSettings: { inboundAllowed: true, outboundAllowed: true } },
			kept: ['automaticUserConsentSettings.outboundAllowed'],
		});
	});

	it('leaves out members the partner inherits (null value) rather than inventing them', () => {
		expect(mergePartnerBody(changes({ isCompliantDeviceAccepted: true }), { inboundTrust: null })).toEqual({
			body: { inboundTrust: { isCompliantDeviceAccepted: true } },
			kept: [],
		});
	});

	it.each([['yes'], [''], [1]])('refuses %p for a switch, naming the field', (value) => {
		expect(() => changes({ outboundAllowed: value })).toThrow(/Automatic User Consent: Outbound must be true or false.*field "outboundAllowed"/);
	});
});
