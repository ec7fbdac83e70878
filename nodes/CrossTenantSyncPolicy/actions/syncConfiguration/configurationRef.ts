import { TENANT_GUID_REGEX } from '../../descriptions/partnerTenantId';
import { configurationsPath } from '../../transport/graphPaths';
import { readLocator } from '../locator';
import type { ParameterReader } from '../parameters';
import { MAX_DISPLAY_NAME_LENGTH } from '../parameters';
import type { IDataObject } from 'n8n-workflow';
import type { ItemPlan, StepOutcome } from '../../plan';
import { withoutODataAnnotations } from '../../plan';

const OBJECT_ID = new RegExp(TENANT_GUID_REGEX);

/** A sync configuration as the user picked it: its service principal's object ID, or its exact display name. */
export type ConfigurationRef = { id: string } | { name: string };

/** Reads Configuration (`configurationId`): From List and By ID give the object ID, By Name the display name. */
export function readConfigurationRef(params: ParameterReader): ConfigurationRef {
	const refuse = (described: string) => params.invalid('configurationId', `Configuration must be text, not ${described}`);
	const { mode, value } = readLocator(params, 'configurationId', refuse, 'id');
	if (mode === 'name') {
		if (value === '') throw params.invalid('configurationId', 'Configuration (By Name) is empty');
		if ([...value].length > MAX_DISPLAY_NAME_LENGTH) throw params.invalid('configurationId', `Configuration (By Name) is longer than ${MAX_DISPLAY_NAME_LENGTH} characters`);
		return { name: value };
	}
	if (OBJECT_ID.test(value)) return { id: value.toLowerCase() };
	throw params.invalid('configurationId', `Configuration "${value.slice(0, 100)}" is not an object ID GUID (pick it from the list, or use By Name)`);
}

export function planConfiguration(ref: ConfigurationRef): Pick<ItemPlan, 'subject' | 'subjectField' | 'subjectId'> {
	return 'id' in ref
		? { subject: `configuration ${ref.id}`, subjectField: 'configurationId', subjectId: ref.id }
		: { subject: `configuration "${ref.name}"`, subjectField: 'configurationId' };
}

/** One service principal of a configurations list, as the node outputs it. */
export function configurationOf(entry: unknown): IDataObject {
	const sp = withoutODataAnnotations(entry);
	return { configurationId: sp.id, displayName: sp.displayName, appId: sp.appId };
}

/**
 * Starts a plan on a configuration: directly for an ID; for a name, first lists the configurations of that exact
 * display name. None, or more than one, fails the item: a name must point at exactly one configuration.
 */
export function forConfiguration(ref: ConfigurationRef, continueWith: (configurationId: string) => StepOutcome): StepOutcome {
	if ('id' in ref) return continueWith(ref.id);
	return {
		next: {
			call: { method: 'GET', path: `${configurationsPath(ref.name)}&$select=id,displayName,appId`, list: true },
			onSuccess: (reply) => {
				const found = ((reply.body as { value: unknown[] }).value ?? []).map(configurationOf);
				// Graph's eq on displayName ignores case; the name must match exactly.
				const named = found.filter((c) => c.displayName === ref.name);
				if (named.length === 0) throw new Error(`No cross-tenant sync configuration is named "${ref.name}" in this tenant`);
				if (named.length > 1) {
					throw new Error(`${named.length} cross-tenant sync configurations are named "${ref.name}" (${named.map((c) => String(c.configurationId)).join(', ')}); pick one By ID`);
				}
				const id = String(named[0].configurationId).toLowerCase();
				return { resolved: id, then: continueWith(id) };
			},
		},
	};
}
