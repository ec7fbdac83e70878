import type { IExecuteFunctions, INodeExecutionData, NodeError } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { failureItem } from './actions/failureOutput';
import { ParameterReader } from './actions/parameters';
import * as partner from './actions/partner';
import type { ItemPlan, PlanEnvironment } from './plan';
import { readExecutionSettings } from './actions/requestSettings';
import * as syncConfiguration from './actions/syncConfiguration';
import * as syncPolicy from './actions/syncPolicy';
import { MAX_REQUESTS_IN_FLIGHT } from './executor/pacer';
import { runPlans } from './executor/runPlans';
import type { PlanResult } from './executor/runPlans';
import { createGraphTransport } from './transport/graphTransport';

type Operation = { plan(ctx: IExecuteFunctions, itemIndex: number, env: PlanEnvironment): ItemPlan };

const OPERATIONS: Record<string, Record<string, Operation>> = {
	syncPolicy: syncPolicy.operations,
	partner: partner.operations,
	syncConfiguration: syncConfiguration.operations,
};

/**
 * Plans every item first (bad input fails before anything is sent), then lets the executor run the plans,
 * and returns one output item per input item, paired to it — also when the execution cannot start at all (a refused
 * credential): under a Continue mode each input item then gets its error item, never passes through as a success.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const itemCount = this.getInputData().length;
	const continueOnFail = this.continueOnFail();
	let results: PlanResult[];
	try {
		results = await runItems(this, itemCount, continueOnFail);
	} catch (error) {
		if (!continueOnFail) throw asNodeError(this, error);
		results = Array.from({ length: itemCount }, (_, itemIndex) => ({ itemIndex, error: executionError(this, error, itemIndex) }));
	}

	const failed = results.filter((r) => 'error' in r);
	if (failed.length > 0 && !continueOnFail) {
		const first = failed[0];
		if ('error' in first) {
			const succeeded = results.length - failed.length;
			first.error.description = [
				first.error.description,
				`${succeeded} of ${itemCount} items succeeded (their changes are applied); ${failed.length} failed (first: item ${first.itemIndex}). Turn on "Continue On Fail" to get one result per item.`,
			]
				.filter(Boolean)
				.join('\n');
			throw first.error;
		}
	}

	const toErrorOutput = this.getNode().onError === 'continueErrorOutput';
	return [results.flatMap((result) => toOutputItems(result, toErrorOutput))];
}

/** Every item's result, in input order. Without a Continue mode the first item refused before sending throws. */
async function runItems(ctx: IExecuteFunctions, itemCount: number, continueOnFail: boolean): Promise<PlanResult[]> {
	const refuse = (itemIndex: number, error: Error): PlanResult => {
		const invalid = error instanceof NodeOperationError ? error : new NodeOperationError(ctx.getNode(), error, { itemIndex });
		if (!continueOnFail) throw invalid;
		return { itemIndex, error: invalid };
	};
	const { settings, refused } = readExecutionSettings(Array.from({ length: itemCount }, (_, itemIndex) => new ParameterReader(ctx, itemIndex)));
	const transport = await createGraphTransport(ctx, { timeoutMs: settings.timeoutMs });
	const plans: ItemPlan[] = [];
	const results: PlanResult[] = [];
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		const refusal = refused.get(itemIndex);
		if (refusal) {
			results.push(refuse(itemIndex, refusal));
			continue;
		}
		try {
			plans.push(planItem(ctx, itemIndex, transport));
		} catch (error) {
			results.push(refuse(itemIndex, new NodeOperationError(ctx.getNode(), error as Error, { itemIndex })));
		}
	}
	if (plans.length > 0) {
		const dispatchOptions = { batch: itemCount > 1, maxRetries: settings.maxRetries, maxInFlight: MAX_REQUESTS_IN_FLIGHT };
		results.push(...(await runPlans(ctx, transport, plans, dispatchOptions)));
	}
	return results.sort((a, b) => a.itemIndex - b.itemIndex);
}

function asNodeError(ctx: IExecuteFunctions, error: unknown): NodeError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(ctx.getNode(), error as Error, { description: 'Nothing was sent to Graph.' });
}

/** A failure of the whole execution (the credential, before any request), as one item's error. */
function executionError(ctx: IExecuteFunctions, error: unknown, itemIndex: number): NodeError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		if (error.context.itemIndex === itemIndex) return error;
		return new NodeOperationError(ctx.getNode(), error.message, { itemIndex, description: error.description ?? undefined });
	}
	return new NodeOperationError(ctx.getNode(), `${error instanceof Error ? error.message : String(error)} [item ${itemIndex}]`, {
		itemIndex,
		description: 'Nothing was sent to Graph for this item.',
	});
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
