import type { Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

import type { EmulatorContext } from './context';
import { type Exchange, respond } from './exchange';
import { unverifiedTenant } from './graph-auth';
import { type BatchOutcome, runBatch } from './graph-batch';
import { markFaulted, runOperation } from './graph-operation';
import { graphRequestFrom, isWrite } from './graph-request';

function runSingle(ctx: EmulatorContext, ex: Exchange): BatchOutcome {
	const request = graphRequestFrom(ex);
	const { response, executed, hang } = runOperation(ctx, request);
	return { response, wrote: executed && isWrite(request.method), parts: [], hang };
}

/** Sends nothing: the request stays open until the client closes it, or reset()/close() destroys it. */
function holdOpen(ctx: EmulatorContext, socket: Socket): void {
	if (socket.destroyed) return;
	ctx.hungSockets.add(socket);
	socket.once('close', () => ctx.hungSockets.delete(socket));
}

/**
 * A Graph HTTPS request (single or $batch): latency (a $batch's envelope; its parts cost more, see runBatch), dropped
 * connections, then the operation(s), maybe hung.
 */
export async function handleGraphExchange(ctx: EmulatorContext, ex: Exchange): Promise<void> {
	ex.record.tenantId = unverifiedTenant(ex.record.headers);
	if (ctx.faults.latencyMs > 0) await sleep(ctx.faults.latencyMs);
	if (ctx.faults.takeReset()) {
		ex.record.status = 0;
		ex.req.socket.destroy();
		return;
	}
	const outcome = ex.record.kind === 'batch' ? await runBatch(ctx, graphRequestFrom(ex)) : runSingle(ctx, ex);
	if (outcome.hang) {
		holdOpen(ctx, ex.req.socket);
		return;
	}
	const delayMs = ctx.faults.takeAnswerDelay(ex.record.method, `${ex.record.path}${ex.url.search}`, ex.record.kind === 'batch' ? 'batch' : 'request');
	if (delayMs > 0) await sleep(delayMs);
	if (outcome.wrote && ctx.faults.takeResetAfterApplying()) {
		for (const record of [ex.record, ...outcome.parts]) markFaulted(record, 'reset', 0);
		ex.req.socket.destroy();
		return;
	}
	respond(ex, outcome.response.status, outcome.response.headers, outcome.response.body);
}
