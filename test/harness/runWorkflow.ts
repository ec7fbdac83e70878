import type {
	IConnections,
	ICredentialType,
	INode,
	INodeExecutionData,
	INodeType,
	IPinData,
	IRun,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import type { Workflow as WorkflowType } from 'n8n-workflow';
import { UnexpectedError, Workflow } from 'n8n-workflow';
import { ExecutionLifecycleHooks, LoadOptionsContext, PollContext, TriggersAndPollers, WorkflowExecute } from 'n8n-core';

import { InProcessCredentialsHelper } from './credentialsHelper';
import { useTemporaryN8nUserFolder } from './n8nUserFolder';
import { ManualTriggerStandIn, NodeTypeRegistry } from './nodeTypes';

/** The base of the links n8n builds in process (no server behind it; a reserved test domain). */
const NO_SERVER = 'http://n8n.test';

export interface WorkflowJson {
	id?: string;
	name: string;
	nodes: INode[];
	connections: IConnections;
	pinData?: IPinData;
}

const notInProcess = (what: string) => () => {
	throw new UnexpectedError(`${what} is not available when running in-process`);
};

/** Runs n8n workflows through n8n-core's real WorkflowExecute, with our node and credential registered. */
export class InProcessN8n {
	readonly nodeTypes = new NodeTypeRegistry();

	readonly credentials: InProcessCredentialsHelper;

	constructor(packageNodes: Record<string, INodeType>, credentialTypes: ICredentialType[]) {
		useTemporaryN8nUserFolder();
		this.credentials = new InProcessCredentialsHelper(credentialTypes);
		this.nodeTypes.register('n8n-nodes-base.manualTrigger', new ManualTriggerStandIn());
		for (const [name, type] of Object.entries(packageNodes)) this.nodeTypes.register(name, type);
	}

	async execute(workflowJson: WorkflowJson, mode: WorkflowExecuteMode = 'manual'): Promise<IRun> {
		const workflow = this.workflow(workflowJson);
		const hooks = new ExecutionLifecycleHooks(mode, 'in-process', {
			id: workflow.id,
			name: workflowJson.name,
			active: false,
			isArchived: false,
			activeVersionId: null,
			createdAt: new Date(),
			updatedAt: new Date(),
			nodes: workflowJson.nodes,
			connections: workflowJson.connections,
		});
		let resolveFinished: (run: IRun) => void = () => {};
		const finished = new Promise<IRun>((resolve) => (resolveFinished = resolve));
		hooks.addHandler('workflowExecuteAfter', (run) => resolveFinished(run));
		const execution = new WorkflowExecute(this.additionalData(hooks), mode);
		const startNode = workflow.getStartNode();
		if (!startNode) throw new UnexpectedError('The workflow has no start node');
		await execution.run({ workflow, startNode, pinData: workflowJson.pinData });
		return await finished;
	}

	/** The context n8n's editor uses for a node's pickers (listSearch, loadOptions). */
	loadOptionsContext(workflowJson: WorkflowJson, nodeName: string, path = 'parameters'): LoadOptionsContext {
		const workflow = this.workflow(workflowJson);
		const node = workflow.getNode(nodeName);
		if (!node) throw new UnexpectedError(`No node named ${nodeName}`);
		return new LoadOptionsContext(workflow, node, this.additionalData(), path);
	}

	/**
	 * A polling trigger as n8n's active workflows run it: n8n-core's TriggersAndPollers calls the node's poll() with a
	 * PollContext. One Workflow object for every poll, so the node's static data lasts from poll to poll as in n8n.
	 */
	poller(workflowJson: WorkflowJson, nodeName: string): { workflow: WorkflowType; poll(mode?: WorkflowExecuteMode): Promise<INodeExecutionData[][] | null> } {
		const workflow = this.workflow(workflowJson);
		const node = workflow.getNode(nodeName);
		if (!node) throw new UnexpectedError(`No node named ${nodeName}`);
		const pollers = new TriggersAndPollers();
		return {
			workflow,
			poll: async (mode = 'trigger') => await pollers.runPollFunction(workflow, node, new PollContext(workflow, node, this.additionalData(), mode, 'activate')),
		};
	}

	private workflow(workflowJson: WorkflowJson): Workflow {
		return new Workflow({
			id: workflowJson.id ?? 'in-process',
			name: workflowJson.name,
			nodes: structuredClone(workflowJson.nodes),
			connections: workflowJson.connections,
			active: false,
			nodeTypes: this.nodeTypes,
			settings: { executionOrder: 'v1' },
		});
	}

	private additionalData(hooks?: ExecutionLifecycleHooks): IWorkflowExecuteAdditionalData {
		const additionalData: Partial<IWorkflowExecuteAdditionalData> = {
			hooks,
			credentialsHelper: this.credentials,
			executeWorkflow: notInProcess('Execute Workflow'),
			getRunExecutionData: async () => undefined,
			getRuntimeCredential: async () => undefined,
			currentNodeExecutionIndex: 0,
			// In process nothing listens: the URLs n8n would build links from name no port at all.
			restApiUrl: `${NO_SERVER}/rest`,
			instanceBaseUrl: `${NO_SERVER}/`,
			formBaseUrl: `${NO_SERVER}/form`,
			formWaitingBaseUrl: `${NO_SERVER}/form-waiting`,
			formTestBaseUrl: `${NO_SERVER}/form-test`,
			webhookBaseUrl: `${NO_SERVER}/webhook`,
			webhookWaitingBaseUrl: `${NO_SERVER}/webhook-waiting`,
			webhookTestBaseUrl: `${NO_SERVER}/webhook-test`,
			mcpBaseUrl: `${NO_SERVER}/mcp`,
			mcpTestBaseUrl: `${NO_SERVER}/mcp-test`,
			variables: {},
			logAiEvent: () => {},
			startRunnerTask: notInProcess('Task runners'),
		};
		return additionalData as IWorkflowExecuteAdditionalData;
	}
}

/** The items a node output in its first run, or the error it failed with. */
export function nodeResult(run: IRun, nodeName: string): { items: INodeExecutionData[]; error?: IRun['data']['resultData']['error'] } {
	const task = run.data.resultData.runData[nodeName]?.[0];
	return { items: task?.data?.main?.[0] ?? [], error: task?.error ?? run.data.resultData.error };
}

/** Every main output of a node's first run (output 1 is the error output when On Error uses it). */
export function nodeOutputs(run: IRun, nodeName: string): INodeExecutionData[][] {
	return (run.data.resultData.runData[nodeName]?.[0]?.data?.main ?? []).map((output) => output ?? []);
}
