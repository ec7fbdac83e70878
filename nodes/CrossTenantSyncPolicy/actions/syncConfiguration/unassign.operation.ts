import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { configurationIdProperty } from '../../descriptions/configurationId';
import { optionsCollection } from '../../descriptions/requestOptions';
import { appRoleAssignedToPath } from '../../transport/graphPaths';
import { successOutput } from '../outputs';
import { ParameterReader } from '../parameters';
import type { GraphReply, ItemPlan, StepOutcome } from '../../plan';
import { readObjectId, withAssignmentsOf } from './assignments';
import { principalIdProperty } from './assign.operation';
import { forConfiguration, planConfiguration, readConfigurationRef } from './configurationRef';

export const description = updateDisplayOptions({ show: { resource: ['syncConfiguration'], operation: ['unassign'] } }, [configurationIdProperty, principalIdProperty, optionsCollection()]);

/** Deletes the principal's assignments one after another; the last answer is the item's. */
function removeAll(configurationId: string, principalId: string, assignments: IDataObject[], last?: GraphReply): StepOutcome {
	const [next, ...rest] = assignments;
	if (!next) return { output: successOutput('unassign', { configurationId }, last as GraphReply, { principalId, action: 'unassigned' }) };
	return {
		next: {
			call: { method: 'DELETE', path: `${appRoleAssignedToPath(configurationId)}/${encodeURIComponent(String(next.id))}` },
			onSuccess: (reply) => removeAll(configurationId, principalId, rest, reply),
		},
	};
}

/** Takes a user or group out of the configuration's scope. Users already synchronized stay in the target. */
export function plan(ctx: IExecuteFunctions, itemIndex: number): ItemPlan {
	const params = new ParameterReader(ctx, itemIndex);
	const configuration = readConfigurationRef(params);
	const principalId = readObjectId(params, 'principalId', 'User or Group ID');
	return {
		itemIndex,
		operation: 'unassign',
		...planConfiguration(configuration),
		start: forConfiguration(configuration, (configurationId) => ({
			next: withAssignmentsOf(configurationId, principalId, (assignments) =>
				assignments.length === 0
					? { output: { success: true, operation: 'unassign', configurationId, principalId, changed: false, action: 'unchanged' } }
					: removeAll(configurationId, principalId, assignments),
			),
		})),
	};
}
