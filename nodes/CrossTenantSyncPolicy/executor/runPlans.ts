import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';
import type { NodeError } from 'n8n-workflow';

import type { ItemPlan, PlanStep, StepOutcome } from '../actions/plan';
import { graphApiError } from '../errors/graphErrorMap';
import type { GraphFailure } from '../errors/graphFailure';
import { parseGraphFailure } from '../errors/graphFailure';
import type { GraphTransport } from '../transport/graphTransport';

export type PlanResult =
	| { itemIndex: number; output: IDataObject }
	| { itemIndex: number; error: NodeError; partnerTenantId?: string; failure?: GraphFailure };

interface Pending {
	plan: ItemPlan;
	step: PlanStep;
}

/**
 * Runs every plan to completion and reports each item's outcome; one item's failure never stops the others.
 * Plans advance in waves (all first steps, then all follow-up steps) so that a wave can be sent as one $batch.
 */
export async function runPlans(ctx: IExecuteFunctions, transport: GraphTransport, plans: ItemPlan[]): Promise<PlanResult[]> {
	const results: PlanResult[] = [];
	let wave: Pending[] = plans.map((plan) => ({ plan, step: plan.first }));
	while (wave.length > 0) {
		const next: Pending[] = [];
		for (const pending of wave) {
			const settled = await runStep(ctx, transport, pending);
			if ('next' in settled) next.push({ plan: pending.plan, step: settled.next });
			else results.push(settled);
		}
		wave = next;
	}
	return results.sort((a, b) => a.itemIndex - b.itemIndex);
}

async function runStep(
	ctx: IExecuteFunctions,
	transport: GraphTransport,
	{ plan, step }: Pending,
): Promise<PlanResult | { next: PlanStep }> {
	const { itemIndex } = plan;
	let reply;
	try {
		reply = await transport.send(step.call, itemIndex);
	} catch (error) {
		const nodeError = error instanceof NodeApiError ? error : new NodeApiError(ctx.getNode(), { message: String(error) }, { itemIndex });
		return { itemIndex, error: nodeError, partnerTenantId: plan.partnerTenantId };
	}
	if (reply.statusCode >= 200 && reply.statusCode < 300) {
		return withItem(itemIndex, step.onSuccess(reply));
	}
	const failure = parseGraphFailure(reply.statusCode, reply.body, reply.headers);
	const recovered = step.onFailure?.(failure);
	if (recovered) return withItem(itemIndex, recovered);
	const error = graphApiError(ctx.getNode(), failure, plan, itemIndex);
	return { itemIndex, error, partnerTenantId: plan.partnerTenantId, failure };
}

function withItem(itemIndex: number, outcome: StepOutcome): PlanResult | { next: PlanStep } {
	return 'next' in outcome ? outcome : { itemIndex, output: outcome.output };
}
