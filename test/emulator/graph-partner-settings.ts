import { type JsonObject, dataProperties, isObject, unexpectedNode } from './graph-body';
import { graphErrors } from './graph-errors';

/** The complex values of a partner whose members the emulator checks like Graph: all booleans, names case-sensitive. */
const BOOLEAN_MEMBERS: Record<string, { type: string; members: string[] }> = {
	automaticUserConsentSettings: {
		type: 'microsoft.graph.inboundOutboundPolicyConfiguration',
		members: ['inboundAllowed', 'outboundAllowed'],
	},
	inboundTrust: {
		type: 'microsoft.graph.crossTenantAccessPolicyInboundTrust',
		members: ['isMfaAccepted', 'isCompliantDeviceAccepted', 'isHybridAzureADJoinedDeviceAccepted'],
	},
};

/**
 * Checks automaticUserConsentSettings and inboundTrust as Graph does (unknown or wrongly cased member → 400, a
 * non-boolean → 400) and returns the value Graph stores: the whole value replaced, members left out reset to false.
 */
export function partnerComplexValue(name: string, value: unknown): unknown {
	const shape = BOOLEAN_MEMBERS[name];
	if (!shape || value === null) return value;
	if (!isObject(value)) throw unexpectedNode(value, 'StartObject');
	for (const [member, memberValue] of dataProperties(value as JsonObject)) {
		if (!shape.members.includes(member)) throw graphErrors.unknownProperty(member, shape.type);
		if (memberValue !== null && typeof memberValue !== 'boolean') {
			throw graphErrors.badRequest(`Cannot convert the literal '${String(JSON.stringify(memberValue))}' to the expected type 'Edm.Boolean'.`);
		}
	}
	return Object.fromEntries(shape.members.map((member) => [member, (value as JsonObject)[member] ?? false]));
}
