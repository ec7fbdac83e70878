import type { IDataObject, INode, JsonObject, NodeError } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { GraphAnswer, GraphCall, GraphFailure, GraphLost, GraphRefused, ItemPlan, PlanStep, StepOutcome, SubjectOfFailure } from '../plan';
import { graphApiError } from '../errors/graphErrorMap';
import { parseGraphFailure } from '../errors/graphFailure';
import type { GraphTransport } from '../transport/graphTransport';
import type { DispatchOptions } from './dispatcher';
import { Dispatcher } from './dispatcher';
import { handOnTurn, takeTurn } from './subjectTurns';
import { Fifo } from './queues';

/** What the executor needs of n8n's context (an execution or a poll): the node, for its errors. */
export interface NodeContext {
	getNode(): INode;
}

export type PlanResult =
	| { itemIndex: number; output: IDataObject | IDataObject[] }
	| { itemIndex: number; error: NodeError; subject?: SubjectOfFailure; failure?: GraphFailure };

/** Where a plan stands: finding out its subject, queued behind earlier items on that subject, running, or done. */
interface Running {
	plan: ItemPlan;
	/** The subject's key once known (what orders items per subject). */
	key?: string;
	/** Set once the subject is known (or the plan has none, or it failed before knowing). */
	resolved: boolean;
	/** What to do once it is this plan's turn on its subject. */
	continuation?: StepOutcome;
	/** The plan holds the turn on its subject (across the executions of this process) until it is done. */
	holdsTurn: boolean;
	done: boolean;
}

/**
 * Runs every plan to completion and reports each item's outcome; one item's failure never stops the others.
 * Items on the same subject (a partner, a configuration) run one after another in input order (so the last item's
 * values are the final state, retries or not); items on different subjects run side by side, their calls batched, paced and retried by one
 * dispatcher for the whole execution. A domain is resolved first; an item waits until every earlier item knows
 * its subject, so that input order holds even when a domain and an ID name the same tenant. Across the executions
 * of this process an item also waits for its turn on the subject (subjectTurns.ts), so that a read-merge-write of
 * one execution never interleaves with another's on the same partner.
 */
export async function runPlans(ctx: NodeContext, transport: GraphTransport, plans: ItemPlan[], options: DispatchOptions): Promise<PlanResult[]> {
	const dispatcher = new Dispatcher(transport, options);
	const results: PlanResult[] = [];
	const running: Running[] = plans.map((plan) => ({
		plan,
		key: subjectKey(plan),
		resolved: plan.subjectField === undefined || plan.subjectId !== undefined,
		holdsTurn: false,
		done: false,
	}));
	const queues = new Map<string, Fifo<Running>>();
	let admittedUpTo = 0;

	const finish = (entry: Running, result: PlanResult): void => {
		if (entry.done) return;
		entry.done = true;
		handOn(entry);
		results.push(result);
		if (!entry.resolved) {
			entry.resolved = true;
			admit();
			return;
		}
		if (entry.key === undefined) return;
		const queue = queues.get(entry.key);
		if (queue?.peek() !== entry) return;
		queue.shift();
		const next = queue.peek();
		if (next) schedule(next);
		else queues.delete(entry.key);
	};

	/** Lets plans take their place on their subject, strictly in input order, as far as every earlier one is known. */
	const admit = (): void => {
		while (admittedUpTo < running.length && running[admittedUpTo].resolved) {
			const entry = running[admittedUpTo++];
			if (entry.done) continue;
			if (entry.key === undefined) {
				schedule(entry);
				continue;
			}
			let queue = queues.get(entry.key);
			if (!queue) queues.set(entry.key, (queue = new Fifo<Running>()));
			queue.push(entry);
			if (queue.size === 1) schedule(entry);
		}
	};

	// A trampoline: plans that settle without a request start the next one without deepening the stack.
	const toStart = new Fifo<Running>();
	let starting = false;
	const schedule = (entry: Running): void => {
		toStart.push(entry);
		if (starting) return;
		starting = true;
		for (let next = toStart.shift(); next; next = toStart.shift()) start(next);
		starting = false;
	};

	const start = (entry: Running): void => {
		if (entry.key !== undefined) {
			const turn = takeTurn(transport.directory, entry.key);
			entry.holdsTurn = true;
			if (turn !== true) return dispatcher.waitFor(turn.then(() => begin(entry)));
		}
		begin(entry);
	};

	const handOn = (entry: Running): void => {
		if (!entry.holdsTurn || entry.key === undefined) return;
		entry.holdsTurn = false;
		handOnTurn(transport.directory, entry.key);
	};

	const begin = (entry: Running): void => {
		const continuation = entry.continuation ?? entry.plan.start;
		entry.continuation = undefined;
		advance(entry, continuation);
	};

	const advance = (entry: Running, outcome: StepOutcome): void => {
		if ('output' in outcome) return finish(entry, { itemIndex: entry.plan.itemIndex, output: outcome.output });
		if ('failed' in outcome) return finish(entry, graphFailureResult(ctx, entry.plan, outcome.failed, outcome.during, outcome.note));
		if ('resolved' in outcome) {
			entry.plan.subjectId = outcome.resolved;
			entry.key = subjectKey(entry.plan);
			entry.continuation = outcome.then;
			entry.resolved = true;
			return admit();
		}
		const { next: step, delayMs } = outcome;
		const answered = (answer: GraphAnswer): void => {
			const verdict = judge(ctx, entry.plan, step, answer);
			if ('result' in verdict) finish(entry, verdict.result);
			else advance(entry, verdict.outcome);
		};
		dispatcher.submit(step.call, answered, delayMs);
	};

	for (const entry of running) {
		if (!entry.resolved) advance(entry, entry.plan.start);
	}
	admit();
	try {
		await dispatcher.drain();
	} finally {
		for (const entry of running) handOn(entry);
	}
	return results.sort((a, b) => a.itemIndex - b.itemIndex);
}

/** Orders items: one key per subject (IDs compare case-insensitively: tenant IDs and object IDs are GUIDs). */
function subjectKey(plan: ItemPlan): string | undefined {
	return plan.subjectField === undefined || plan.subjectId === undefined ? undefined : `${plan.subjectField}:${plan.subjectId.toLowerCase()}`;
}

function subjectOf(plan: ItemPlan): SubjectOfFailure | undefined {
	return plan.subjectField === undefined || plan.subjectId === undefined ? undefined : { field: plan.subjectField, id: plan.subjectId };
}

type Verdict = { outcome: StepOutcome } | { result: PlanResult };

/** Reads one answer for a step: its next outcome, or the item's failure. */
function judge(ctx: NodeContext, plan: ItemPlan, step: PlanStep, answer: GraphAnswer): Verdict {
	if (answer.kind !== 'answered') return { result: failed(ctx, plan, noAnswerError(ctx, answer, plan.itemIndex)) };
	const attempt = (verdict: () => StepOutcome | undefined): Verdict | undefined => {
		try {
			const outcome = verdict();
			return outcome ? { outcome } : undefined;
		} catch (error) {
			return { result: failed(ctx, plan, error) };
		}
	};
	if (answer.statusCode >= 200 && answer.statusCode < 300) {
		return attempt(() => step.onSuccess(answer)) ?? { result: failed(ctx, plan, new Error('The operation produced no result')) };
	}
	const failure = parseGraphFailure(answer.statusCode, answer.body, answer.headers);
	const recovered = attempt(() => step.onFailure?.(failure));
	if (recovered) return recovered;
	return { result: graphFailureResult(ctx, plan, failure, step.call) };
}

function graphFailureResult(ctx: NodeContext, plan: ItemPlan, failure: GraphFailure, call: GraphCall, note?: string): PlanResult {
	const error = graphApiError(ctx.getNode(), failure, { operation: plan.operation, subject: plan.subject, call }, plan.itemIndex);
	if (note) error.description = [note, error.description].filter(Boolean).join('\n');
	return { itemIndex: plan.itemIndex, error, subject: subjectOf(plan), failure };
}

/** Built from messages only, so no request options (and no bearer token) travel with it. */
function noAnswerError(ctx: NodeContext, answer: GraphLost | GraphRefused, itemIndex: number): NodeApiError {
	const description =
		answer.kind === 'lost'
			? 'Retries were exhausted; the request may or may not have been applied. Check the network path from n8n to Graph, or raise Options → Timeout.'
			: answer.description;
	const error = new NodeApiError(ctx.getNode(), { message: answer.message } as JsonObject, {
		message: `${answer.message} [item ${itemIndex}]`,
		description,
		itemIndex,
	});
	// NodeApiError swaps messages that mention network codes for generic hints; ours are already specific.
	error.message = `${answer.message} [item ${itemIndex}]`;
	return error;
}

function failed(ctx: NodeContext, plan: ItemPlan, error: unknown): PlanResult {
	const { itemIndex } = plan;
	const nodeError =
		error instanceof NodeApiError || error instanceof NodeOperationError
			? error
			: new NodeOperationError(ctx.getNode(), `${error instanceof Error ? error.message : String(error)} [item ${itemIndex}]`, { itemIndex });
	return { itemIndex, error: nodeError, subject: subjectOf(plan) };
}
