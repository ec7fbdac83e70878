import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { configurationIdProperty } from '../../descriptions/configurationId';
import { optionsCollection } from '../../descriptions/requestOptions';
import { appRoleAssignedToPath } from '../../transport/graphPaths';
import { successOutput } from '../outputs';
import { ParameterReader } from '../parameters';
import type { ItemPlan, StepOutcome } from '../../plan';
import { withoutODataAnnotations } from '../../plan';
import { readObjectId, withAssignmentsOf, withScopeRole } from './assignments';
import { forConfiguration, planConfiguration, readConfigurationRef } from './configurationRef';

export const principalIdProperty: INodeProperties = {
	displayName: 'User or Group ID',
	name: 'principalId',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'ad0a0001-1111-4111-8111-000000000001',
	description: 'Object ID of a user or group of this (source) tenant. A group brings its direct members that are members of the tenant (not guests).',
};

export const description = updateDisplayOptions({ show: { resource: ['syncConfiguration'], operation: ['assign'] } }, [configurationIdProperty, principalIdProperty, optionsCollection()]);

const unchanged = (configurationId: string, principalId: string, assignment: IDataObject): StepOutcome => ({
	output: { success: true, operation: 'assign', configurationId, principalId, changed: false, action: 'unchanged', assignmentId: assignment.id, principalType: assignment.principalType },
});

/** Puts a user or group in the configuration's scope (its app role); one already there is left as it is. */
export function plan(ctx: IExecuteFunctions, itemIndex: number): ItemPlan {
	const params = new ParameterReader(ctx, itemIndex);
	const configuration = readConfigurationRef(params);
	const principalId = readObjectId(params, 'principalId', 'User or Group ID');
	return {
		itemIndex,
		operation: 'assign',
		...planConfiguration(configuration),
		start: forConfiguration(configuration, (configurationId) => ({
			next: withAssignmentsOf(configurationId, principalId, ([existing]) => {
				if (existing) return unchanged(configurationId, principalId, existing);
				return {
					next: withScopeRole(configurationId, (appRoleId) => ({
						next: {
							call: { method: 'POST', path: appRoleAssignedToPath(configurationId), body: { appRoleId, resourceId: configurationId, principalId } },
							onSuccess: (reply) => {
								const assignment = withoutODataAnnotations(reply.body);
								return { output: successOutput('assign', { configurationId }, reply, { principalId, action: 'assigned', assignmentId: assignment.id, principalType: assignment.principalType }) };
							},
							// Assigned meanwhile (or by an attempt whose answer was lost): Graph's refusal does not say so reliably; the list does.
							onFailure: (failure) =>
								failure.statusCode === 400 || failure.statusCode === 409
									? { next: withAssignmentsOf(configurationId, principalId, ([now]) => (now ? unchanged(configurationId, principalId, now) : { failed: failure, during: { method: 'POST', path: appRoleAssignedToPath(configurationId) } })) }
									: undefined,
						},
					})),
				};
			}),
		})),
	};
}
