import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { ParameterReader } from '../parameters';

/** The partner's complex values this node writes, and the booleans inside each. Graph's PATCH replaces each whole. */
export const PARTNER_GROUPS = {
	automaticUserConsentSettings: ['inboundAllowed', 'outboundAllowed'],
	inboundTrust: ['isMfaAccepted', 'isCompliantDeviceAccepted', 'isHybridAzureADJoinedDeviceAccepted'],
} as const;

type Group = keyof typeof PARTNER_GROUPS;

const FIELDS: INodeProperties[] = [
	{
		displayName: 'Automatic User Consent: Inbound',
		name: 'inboundAllowed',
		type: 'boolean',
		default: true,
		description:
			'Whether users from the partner arrive in this tenant without a consent prompt (needed for cross-tenant synchronization into this tenant)',
	},
	{
		displayName: 'Automatic User Consent: Outbound',
		name: 'outboundAllowed',
		type: 'boolean',
		default: true,
		description: "Whether this tenant's users are redeemed in the partner tenant without a consent prompt",
	},
	{
		displayName: 'Trust MFA From Partner',
		name: 'isMfaAccepted',
		type: 'boolean',
		default: true,
		description: "Whether multifactor authentication done in the partner's tenant is accepted",
	},
	{
		displayName: 'Trust Compliant Devices',
		name: 'isCompliantDeviceAccepted',
		type: 'boolean',
		default: true,
		description: "Whether devices the partner's tenant marks compliant are accepted",
	},
	{
		displayName: 'Trust Hybrid Azure AD Joined Devices',
		name: 'isHybridAzureADJoinedDeviceAccepted',
		type: 'boolean',
		default: true,
		description: "Whether hybrid Azure AD joined devices of the partner's tenant are accepted",
	},
];

/** Which complex value each field belongs to. */
const GROUP_OF: Record<string, Group> = {
	inboundAllowed: 'automaticUserConsentSettings',
	outboundAllowed: 'automaticUserConsentSettings',
	isMfaAccepted: 'inboundTrust',
	isCompliantDeviceAccepted: 'inboundTrust',
	isHybridAzureADJoinedDeviceAccepted: 'inboundTrust',
};

export const partnerUpdateFields: INodeProperties = {
	displayName: 'Update Fields',
	name: 'updateFields',
	type: 'collection',
	placeholder: 'Add Field',
	default: {},
	description: 'Only the fields you add change; the others keep their current values (the node reads the partner and merges)',
	options: FIELDS,
};

/** The user's changes, by group: only the switches they added. */
export type PartnerChanges = Partial<Record<Group, Record<string, boolean>>>;

export function readPartnerChanges(params: ParameterReader): PartnerChanges {
	const changes: PartnerChanges = {};
	for (const field of FIELDS) {
		const value = params.optionalBoolean(`updateFields.${field.name}`, field.displayName);
		if (value === undefined) continue;
		(changes[GROUP_OF[field.name]] ??= {})[field.name] = value;
	}
	return changes;
}

/** True when a group is only partly set: its other members must be read first, or Graph would reset them. */
export function needsCurrentValues(changes: PartnerChanges): boolean {
	return (Object.keys(changes) as Group[]).some((group) => PARTNER_GROUPS[group].some((member) => !(member in (changes[group] ?? {}))));
}

/**
 * The PATCH body: each group the user touched, with the members they did not set kept at their current value
 * (left out when the partner has none, i.e. it inherits the default). `kept` names those carried-over members.
 */
export function mergePartnerBody(changes: PartnerChanges, current: IDataObject | null): { body: IDataObject; kept: string[] } {
	const body: IDataObject = {};
	const kept: string[] = [];
	for (const group of Object.keys(changes) as Group[]) {
		const now = current?.[group];
		const currentGroup = now !== null && typeof now === 'object' && !Array.isArray(now) ? (now as IDataObject) : {};
		const merged: IDataObject = {};
		for (const member of PARTNER_GROUPS[group]) {
			const set = changes[group]?.[member];
			if (set !== undefined) merged[member] = set;
			else if (typeof currentGroup[member] === 'boolean') {
				merged[member] = currentGroup[member];
				kept.push(`${group}.${member}`);
			}
		}
		body[group] = merged;
	}
	return { body, kept };
}

/** The current values of the groups a write touches (null for a group the partner inherits). */
export function currentGroups(changes: PartnerChanges, current: IDataObject): IDataObject {
	return Object.fromEntries(Object.keys(changes).map((group) => [group, current[group] ?? null]));
}
