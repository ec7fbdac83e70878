// The shape of the workflow files the E2E imports, and how it makes a workflow startable by `n8n execute`.
import type { IDataObject } from 'n8n-workflow';

export interface WorkflowFile {
	id: string;
	name: string;
	nodes: Array<{
		name: string;
		type: string;
		position: number[];
		parameters: IDataObject;
		id: string;
		typeVersion: number;
		retryOnFail?: boolean;
		maxTries?: number;
		waitBetweenTries?: number;
	}>;
	connections: Record<string, { main: unknown[][] }>;
	pinData?: Record<string, Array<{ json: IDataObject }>>;
}

/**
 * `n8n execute` starts only from a Manual Trigger. For an example with a webhook or schedule trigger, add one that
 * feeds the trigger's successors with the trigger's pinned items (or one empty item); every other node runs as is.
 */
export function withManualStart(flow: WorkflowFile, trigger: string): WorkflowFile {
	const items = flow.pinData?.[trigger] ?? [{ json: {} }];
	const start = { id: 'e2e00000-0000-4000-8000-00000000ff01', name: 'E2E start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 400], parameters: {} };
	const feed = {
		id: 'e2e00000-0000-4000-8000-00000000ff02',
		name: `E2E ${trigger}`,
		type: 'n8n-nodes-base.code',
		typeVersion: 2,
		position: [200, 400],
		parameters: { jsCode: `return ${JSON.stringify(items)};` },
	};
	return {
		...flow,
		nodes: [...flow.nodes, start, feed],
		connections: {
			...flow.connections,
			[start.name]: { main: [[{ node: feed.name, type: 'main', index: 0 }]] },
			[feed.name]: flow.connections[trigger],
		},
		pinData: {},
	};
}
