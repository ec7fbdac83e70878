import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { configurationIdProperty } from '../../descriptions/configurationId';
import { optionsCollection } from '../../descriptions/requestOptions';
import { syncJobPath } from '../../transport/graphPaths';
import { successOutput } from '../outputs';
import { ParameterReader } from '../parameters';
import type { GraphReply, ItemPlan, PlanEnvironment } from '../../plan';
import { withoutODataAnnotations } from '../../plan';
import { readObjectId } from './assignments';
import { forConfiguration, planConfiguration, readConfigurationRef } from './configurationRef';
import { reserveOnDemandCall } from './onDemandWindow';
import { withJob } from './syncJob';

const properties: INodeProperties[] = [
	configurationIdProperty,
	{
		displayName: 'User ID',
		name: 'userId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'ad0a0001-1111-4111-8111-000000000001',
		description: 'Object ID of a user of this (source) tenant in the configuration\'s scope; groups cannot be provisioned on demand across tenants',
	},
	optionsCollection(),
];

export const description = updateDisplayOptions({ show: { resource: ['syncConfiguration'], operation: ['provisionOnDemand'] } }, properties);

/** The rule that provisions users; Microsoft names it USER_INBOUND_USER, its ID differs per job. */
function userRuleId(schema: unknown): string {
	const rules = (withoutODataAnnotations(schema).synchronizationRules as IDataObject[] | undefined) ?? [];
	const rule = rules.find((r) => r.name === 'USER_INBOUND_USER' || r.id === 'USER_INBOUND_USER');
	if (typeof rule?.id !== 'string') throw new Error('The job\'s schema has no USER_INBOUND_USER rule to provision a user with');
	return rule.id;
}

function parseJson(text: unknown): unknown {
	if (typeof text !== 'string') return undefined;
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return undefined;
	}
}

const asObject = (value: unknown): IDataObject | undefined => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as IDataObject) : undefined);

/**
 * Graph answers {key, value}, both strings, and its pages disagree on where the result is: the cross-tenant guide
 * puts a JSON list of results in `value` (key: a type name), the reference a JSON {result} in `key` and the result
 * object in `value`. Both are read.
 */
function readResult(body: unknown): IDataObject {
	const { key, value } = withoutODataAnnotations(body);
	const parsedValue = parseJson(value);
	const outcome = asObject(Array.isArray(parsedValue) ? parsedValue[0] : parsedValue) ?? {};
	const statusInfo = asObject(outcome.statusInfo) ?? {};
	const result = statusInfo.status ?? asObject(parseJson(key))?.result ?? null;
	return {
		result,
		action: outcome.action ?? null,
		reason: statusInfo.reason ?? null,
		errorCode: statusInfo.errorCode ?? null,
		targetUserId: asObject(outcome.targetIdentity)?.id ?? null,
		steps: outcome.provisioningSteps ?? [],
		graph: { key, value },
	};
}

/** Provisions one user into the target now, as a cycle would, and outputs what Graph reports. */
export function plan(ctx: IExecuteFunctions, itemIndex: number, env: PlanEnvironment): ItemPlan {
	const params = new ParameterReader(ctx, itemIndex);
	const configuration = readConfigurationRef(params);
	const userId = readObjectId(params, 'userId', 'User ID');
	return {
		itemIndex,
		operation: 'provisionOnDemand',
		...planConfiguration(configuration),
		start: forConfiguration(configuration, (configurationId) => ({
			next: withJob(configurationId, (job) => {
				const jobPath = syncJobPath(configurationId, String(job.id));
				return {
					next: {
						call: { method: 'GET', path: `${jobPath}/schema` },
						onSuccess: (schema) => ({
							next: {
								call: {
									method: 'POST',
									path: `${jobPath}/provisionOnDemand`,
									body: { parameters: [{ ruleId: userRuleId(schema.body), subjects: [{ objectId: userId, objectTypeName: 'User' }] }] },
								},
								onSuccess: (reply: GraphReply) => ({ output: successOutput('provisionOnDemand', { configurationId }, reply, { jobId: job.id, userId, ...readResult(reply.body) }) }),
							},
							delayMs: reserveOnDemandCall(env.writeBudget),
						}),
					},
				};
			}),
		})),
	};
}
