import type { IDataObject, INode, INodeCredentialsDetails, INodeParameters } from 'n8n-workflow';

import type { WorkflowJson } from './runWorkflow';

export const PACKAGE_NAME = 'n8n-nodes-cross-tenant-sync';
export const NODE_TYPE = `${PACKAGE_NAME}.crossTenantSyncPolicy`;
export const CREDENTIAL_TYPE = 'microsoftEntraAppOnlyApi';
export const TRIGGER = 'Manual Trigger';
export const NODE_NAME = 'Cross-Tenant Sync Policy';

export interface NodeWorkflowOptions {
	parameters: INodeParameters;
	/** Items fed to the node (pinned on the trigger); default: the one empty item a manual run starts with. */
	items?: IDataObject[];
	credential: INodeCredentialsDetails;
	continueOnFail?: boolean;
	/** Settings → On Error, when a test needs the error output ('continueErrorOutput'); wins over continueOnFail. */
	onError?: INode['onError'];
}

/** Manual Trigger → Cross-Tenant Sync Policy, the smallest workflow a user would build. */
export function nodeWorkflow(options: NodeWorkflowOptions): WorkflowJson {
	const node: INode = {
		id: 'b1c2d3e4-0000-4000-8000-000000000002',
		name: NODE_NAME,
		type: NODE_TYPE,
		typeVersion: 1,
		position: [220, 0],
		parameters: options.parameters,
		credentials: { [CREDENTIAL_TYPE]: options.credential },
		...(options.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
		...(options.onError ? { onError: options.onError } : {}),
	};
	return {
		name: 'in-process test',
		nodes: [
			{
				id: 'b1c2d3e4-0000-4000-8000-000000000001',
				name: TRIGGER,
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			node,
		],
		connections: { [TRIGGER]: { main: [[{ node: NODE_NAME, type: 'main', index: 0 }]] } },
		pinData: options.items ? { [TRIGGER]: options.items.map((json) => ({ json })) } : undefined,
	};
}
