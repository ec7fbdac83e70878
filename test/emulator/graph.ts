import type { EmulatorContext } from './context';
import { type Exchange, send } from './exchange';
import { authenticate, authorize } from './graph-auth';
import { GraphError, graphErrors, graphHeaders, sendGraphError } from './graph-errors';
import { type GraphResult, matchGraphRoute } from './graph-routes';

export const GRAPH_VERSIONS = ['v1.0', 'beta'];

const ODATA_JSON = 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

function sendResult(ex: Exchange, result: GraphResult): void {
	const headers = { ...graphHeaders(ex), ...result.headers };
	if (result.body === undefined) {
		send(ex, result.status, headers);
		return;
	}
	send(ex, result.status, { ...headers, 'content-type': ODATA_JSON, 'odata-version': '4.0' }, result.body);
}

/** Graph requests after fault injection: authenticate, route, authorize, run. */
export function handleGraph(ctx: EmulatorContext, ex: Exchange): void {
	const method = (ex.req.method ?? 'GET').toUpperCase();
	try {
		const claims = authenticate(ctx, ex);
		ex.record.tenantId = claims.tid;
		const { route, partnerId } = matchGraphRoute(ex.segments.slice(1));
		const handler = route.handlers[method];
		if (!handler) throw graphErrors.methodNotAllowed();
		authorize(claims, method);
		sendResult(ex, handler({ ctx, ex, owner: claims.tid, base: `${ctx.url}/${ex.segments[0].toLowerCase()}`, partnerId }));
	} catch (error) {
		if (error instanceof GraphError) sendGraphError(ex, error);
		else sendGraphError(ex, new GraphError(500, 'InternalServerError', error instanceof Error ? error.message : 'Unexpected error.'));
	}
}
