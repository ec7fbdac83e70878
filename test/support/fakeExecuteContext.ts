import type { IExecuteFunctions, INode, INodeParameters } from 'n8n-workflow';

/**
 * The slice of n8n's execute context the parameter reader uses, for unit tests: `parameters` stand for values
 * already resolved from expressions (what getNodeParameter returns), keyed like node parameters.
 */
export function fakeExecuteContext(parameters: Record<string, unknown>): IExecuteFunctions {
	const node = { name: 'Cross-Tenant Sync Policy', parameters: parameters as INodeParameters } as INode;
	const get = (path: string): unknown =>
		path.split('.').reduce<unknown>((value, key) => (value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined), parameters);
	return { getNode: () => node, getNodeParameter: (path: string) => get(path) } as unknown as IExecuteFunctions;
}
