import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { failureItem } from './actions/failureOutput';
import { ParameterReader } from './actions/parameters';
import * as partner from './actions/partner';
import type { ItemPlan, PlanEnvironment } from './plan';
import { DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS } from './plan';
import * as syncPolicy from './actions/syncPolicy';
import { runPlans } from './executor/runPlans';
import type { PlanResult } from './executor/runPlans';
import { createGraphTransport } from './transport/graphTransport';

type Operation = { plan(ctx: IExecuteFunctions, itemIndex: number, env: PlanEnvironment): ItemPlan };

const OPERATIONS: Record<string, Record<string, Operation>> = { syncPolicy: syncPolicy.operations, partner: partner.operations };

/** Batches (or single requests) in flight at once; Graph's guidance is a handful per app and tenant. */
const MAX_REQUESTS_IN_FLIGHT = 4;

/**
 * Plans every item first (bad input fails before anything is sent), then lets the executor run the plans,
 * and returns one output item per input item, paired to it.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const continueOnFail = this.continueOnFail();
	// How hard to try is one setting for the execution (the requests of many items travel together in batches).
	const executionOptions = new ParameterReader(this, 0);
	const maxRetries = executionOptions.integer('options.maxRetries', 'Max Retries', { min: 0, max: 10 }, DEFAULT_MAX_RETRIES);
	const timeoutMs = executionOptions.integer('options.timeout', 'Timeout', { min: 1, max: 3_600_000 }, DEFAULT_TIMEOUT_MS);
	const transport = await createGraphTransport(this, { timeoutMs });
	const plans: ItemPlan[] = [];
	let results: PlanResult[] = [];

	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			plans.push(planItem(this, itemIndex, transport));
		} catch (error) {
			const invalid = new NodeOperationError(this.getNode(), error as Error, { itemIndex });
			if (!continueOnFail) throw invalid;
			results.push({ itemIndex, error: invalid });
		}
	}

	if (plans.length > 0) {
		const dispatchOptions = { batch: items.length > 1, maxRetries, maxInFlight: MAX_REQUESTS_IN_FLIGHT };
		results = results.concat(await runPlans(this, transport, plans, dispatchOptions));
	}
	results.sort((a, b) => a.itemIndex - b.itemIndex);

	const failed = results.filter((r) => 'error' in r);
	if (failed.length > 0 && !continueOnFail) {
		const first = failed[0];
		if ('error' in first) {
			const succeeded = results.length - failed.length;
			first.error.description = [
				first.error.description,
				`${succeeded} of ${items.length} items succeeded (their changes are applied); ${failed.length} failed (first: item ${first.itemIndex}). Turn on "Continue On Fail" to get one result per item.`,
			]
				.filter(Boolean)
				.join('\n');
			throw first.error;
		}
	}

	const toErrorOutput = this.getNode().onError === 'continueErrorOutput';
	return [results.flatMap((result) => toOutputItems(result, toErrorOutput))];
}

/** The value n8n adds under Resource and Operation for nodes whose credential the HTTP Request node can use. */
const CUSTOM_API_CALL = '__CUSTOM_API_CALL__';

function refuseCustomApiCall(ctx: IExecuteFunctions, itemIndex: number): void {
	const params = new ParameterReader(ctx, itemIndex);
	// Resource first: when it is the custom call, Operation is hidden and cannot be read.
	if (params.raw('resource') !== CUSTOM_API_CALL && params.raw('operation') !== CUSTOM_API_CALL) return;
	throw new NodeOperationError(ctx.getNode(), 'Custom API Call is made with the HTTP Request node, not with this node', {
		itemIndex,
		description:
			'Add an HTTP Request node and set Authentication: Predefined Credential Type, Credential Type: the Microsoft Entra App-Only (Cross-Tenant Sync) credential. It sends this credential\'s token to Microsoft Graph; the URL is yours to set. Here, pick one of the listed resources and operations.',
	});
}

function planItem(ctx: IExecuteFunctions, itemIndex: number, env: PlanEnvironment): ItemPlan {
	refuseCustomApiCall(ctx, itemIndex);
	const resource = ctx.getNodeParameter('resource', itemIndex) as string;
	const operation = ctx.getNodeParameter('operation', itemIndex) as string;
	const planner = OPERATIONS[resource]?.[operation];
	if (!planner) {
		throw new NodeOperationError(ctx.getNode(), `The operation "${operation}" is not supported for resource "${resource}"`, {
			itemIndex,
		});
	}
	return planner.plan(ctx, itemIndex, env);
}

function toOutputItems(result: PlanResult, toErrorOutput: boolean): INodeExecutionData[] {
	if ('error' in result) return [failureItem(result, toErrorOutput)];
	const pairedItem = { item: result.itemIndex };
	const outputs = Array.isArray(result.output) ? result.output : [result.output];
	return outputs.map((json) => ({ json, pairedItem }));
}
