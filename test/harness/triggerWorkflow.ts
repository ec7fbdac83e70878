import type { INodeCredentialsDetails, INodeParameters } from 'n8n-workflow';

import { CREDENTIAL_TYPE, PACKAGE_NAME } from './nodeWorkflow';
import type { WorkflowJson } from './runWorkflow';

export const TRIGGER_NODE_TYPE = `${PACKAGE_NAME}.crossTenantSyncPolicyTrigger`;
export const TRIGGER_NODE_NAME = 'Cross-Tenant Sync Policy Trigger';

/** A workflow holding only the polling trigger, as a user activates it. */
export function triggerWorkflow(options: { parameters?: INodeParameters; credential: INodeCredentialsDetails; id?: string }): WorkflowJson {
	return {
		id: options.id ?? 'trigger-test',
		name: 'in-process trigger test',
		nodes: [
			{
				id: 'b1c2d3e4-0000-4000-8000-000000000003',
				name: TRIGGER_NODE_NAME,
				type: TRIGGER_NODE_TYPE,
				typeVersion: 1,
				position: [0, 0],
				parameters: { pollTimes: { item: [{ mode: 'everyMinute' }] }, ...(options.parameters ?? {}) },
				credentials: { [CREDENTIAL_TYPE]: options.credential },
			},
		],
		connections: {},
	};
}
