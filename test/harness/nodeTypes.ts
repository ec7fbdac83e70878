import type { IDataObject, INodeExecutionData, INodeType, INodeTypes, IVersionedNodeType } from 'n8n-workflow';
import { NodeConnectionTypes, UnexpectedError } from 'n8n-workflow';

/**
 * The in-process runner only knows the node types a test workflow uses. n8n's Manual Trigger lives in
 * n8n-nodes-base (not a dependency); this stand-in does what it does when a workflow is started by hand:
 * it emits the one empty item the engine hands it (or the items pinned to it).
 */
export class ManualTriggerStandIn implements INodeType {
	description: INodeType['description'] = {
		displayName: 'Manual Trigger',
		name: 'manualTrigger',
		group: ['trigger'],
		version: 1,
		description: 'Stand-in for n8n-nodes-base.manualTrigger',
		defaults: { name: 'When clicking ‘Execute workflow’' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};

	async execute(this: import('n8n-workflow').IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData()];
	}
}

export class NodeTypeRegistry implements INodeTypes {
	private readonly types = new Map<string, INodeType>();

	register(name: string, type: INodeType): this {
		this.types.set(name, type);
		return this;
	}

	getByName(nodeType: string): INodeType | IVersionedNodeType {
		return this.getByNameAndVersion(nodeType);
	}

	getByNameAndVersion(nodeType: string): INodeType {
		const type = this.types.get(nodeType);
		if (!type) throw new UnexpectedError(`Node type ${nodeType} is not registered in the in-process runner`);
		return type;
	}

	getKnownTypes(): IDataObject {
		return Object.fromEntries([...this.types.keys()].map((name) => [name, { className: name, sourcePath: '' }]));
	}
}
