import type { IDataObject, IExecuteFunctions, JsonObject, NodeError } from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import type { ItemPlan, PlanStep, StepOutcome } from '../actions/plan';
import { graphApiError } from '../errors/graphErrorMap';
import type { GraphFailure } from '../errors/graphFailure';
import { parseGraphFailure } from '../errors/graphFailure';
import type { GraphTransport } from '../transport/graphTransport';
import type { Dispatched, DispatchOptions } from './dispatcher';
import { dispatch } from './dispatcher';

export type PlanResult =
	| { itemIndex: number; output: IDataObject | IDataObject[] }
	| { itemIndex: number; error: NodeError; partnerTenantId?: string; failure?: GraphFailure };

interface Pending {
	plan: ItemPlan;
	step: PlanStep;
	delayMs: number;
}

type Settled = PlanResult | Pending;

/**
 * Runs every plan to completion and reports each item's outcome; one item's failure never stops the others.
 * Plans advance in waves (all first steps, then all follow-up steps); each wave goes out through the dispatcher,
 * which batches, paces and retries.
 */
export async function runPlans(
	ctx: IExecuteFunctions,
	transport: GraphTransport,
	plans: ItemPlan[],
	options: DispatchOptions,
): Promise<PlanResult[]> {
	const results: PlanResult[] = [];
	let wave: Pending[] = [];
	const collect = (settled: Settled, into: Pending[]) => ('step' in settled ? into.push(settled) : results.push(settled));
	for (const plan of plans) collect(settleOrFail(ctx, plan, () => plan.start), wave);

	while (wave.length > 0) {
		const delayMs = Math.max(...wave.map((pending) => pending.delayMs));
		if (delayMs > 0) await sleep(delayMs);
		const outcomes = await dispatch(
			transport,
			wave.map(({ step }) => step.call),
			options,
		);
		const next: Pending[] = [];
		wave.forEach((pending, i) => collect(readOutcome(ctx, pending, outcomes[i]), next));
		wave = next;
	}
	return results.sort((a, b) => a.itemIndex - b.itemIndex);
}

function readOutcome(ctx: IExecuteFunctions, { plan, step }: Pending, outcome: Dispatched): Settled {
	if ('error' in outcome) return failed(ctx, plan, unreachable(ctx, outcome.error, plan.itemIndex));
	const reply = outcome.response;
	if (reply.statusCode >= 200 && reply.statusCode < 300) {
		return settleOrFail(ctx, plan, () => step.onSuccess(reply));
	}
	const failure = parseGraphFailure(reply.statusCode, reply.body, reply.headers);
	const recovered = settle(ctx, plan, () => step.onFailure?.(failure));
	if (recovered) return recovered;
	const error = graphApiError(ctx.getNode(), failure, { operation: plan.operation, partner: plan.partner, call: step.call }, plan.itemIndex);
	return { itemIndex: plan.itemIndex, error, partnerTenantId: plan.partnerTenantId, failure };
}

/** Reads a step's verdict; a verdict that throws fails only its own item. */
function settle(ctx: IExecuteFunctions, plan: ItemPlan, verdict: () => StepOutcome | undefined): Settled | undefined {
	let outcome: StepOutcome | undefined;
	try {
		outcome = verdict();
	} catch (error) {
		return failed(ctx, plan, error);
	}
	if (!outcome) return undefined;
	if ('next' in outcome) return { plan, step: outcome.next, delayMs: outcome.delayMs ?? 0 };
	return { itemIndex: plan.itemIndex, output: outcome.output };
}

function settleOrFail(ctx: IExecuteFunctions, plan: ItemPlan, verdict: () => StepOutcome): Settled {
	return settle(ctx, plan, verdict) ?? failed(ctx, plan, new Error('The operation produced no result'));
}

/** Rebuilt from the message only, so no request options (and no bearer token) travel with it. */
function unreachable(ctx: IExecuteFunctions, error: Error, itemIndex: number): NodeApiError {
	return new NodeApiError(ctx.getNode(), { message: error.message } as JsonObject, {
		message: `Could not reach Microsoft Graph: ${error.message} [item ${itemIndex}]`,
		description: 'Retries were exhausted. Check the credential (Cloud, Graph Endpoint) and the network path from n8n to Graph.',
		itemIndex,
	});
}

function failed(ctx: IExecuteFunctions, plan: ItemPlan, error: unknown): PlanResult {
	const { itemIndex } = plan;
	const nodeError =
		error instanceof NodeApiError || error instanceof NodeOperationError
			? error
			: new NodeOperationError(ctx.getNode(), `${error instanceof Error ? error.message : String(error)} [item ${itemIndex}]`, { itemIndex });
	return { itemIndex, error: nodeError, partnerTenantId: plan.partnerTenantId };
}
