import type { INode, INodeProperties } from 'n8n-workflow';
import { NodeHelpers, Workflow } from 'n8n-workflow';

import { CrossTenantSyncPolicy } from '../../nodes/CrossTenantSyncPolicy/CrossTenantSyncPolicy.node';
import { CrossTenantSyncPolicyTrigger } from '../../nodes/CrossTenantSyncPolicyTrigger/CrossTenantSyncPolicyTrigger.node';
import { MicrosoftEntraAppOnlyApi } from '../../credentials/MicrosoftEntraAppOnlyApi.credentials';
import { NodeTypeRegistry } from '../harness/nodeTypes';
import { NODE_NAME, NODE_TYPE, nodeWorkflow } from '../harness/nodeWorkflow';
import { nodeResult } from '../harness/runWorkflow';
import { FABRIKAM, useEmulatorSession } from '../support/fixtures';

const nodeType = new CrossTenantSyncPolicy();
const { properties } = nodeType.description;
const CUSTOM_API_CALL = '__CUSTOM_API_CALL__';

/** The subtitle as n8n's editor computes it under the node's name on the canvas. */
function subtitleOf(parameters: Record<string, string>): unknown {
	const node: INode = { id: 'n1', name: NODE_NAME, type: NODE_TYPE, typeVersion: 1, position: [0, 0], parameters: {} };
	node.parameters = NodeHelpers.getNodeParameters(properties, parameters, true, false, node, nodeType.description) ?? {};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes: new NodeTypeRegistry().register(NODE_TYPE, nodeType) });
	return workflow.expression.getSimpleParameterValue(node, nodeType.description.subtitle!, 'internal', {});
}

/** Whether the editor shows a parameter for these (top-level) values. */
const shown = (property: INodeProperties, values: Record<string, string>) => NodeHelpers.displayParameter(values, property, null, null);

describe('What the editor shows', () => {
	it.each([
		[{}, 'Update sync policy'],
		[{ resource: 'syncPolicy', operation: 'create' }, 'Create sync policy'],
		[{ resource: 'syncPolicy', operation: 'get' }, 'Get sync policy'],
		[{ resource: 'syncPolicy', operation: 'delete' }, 'Delete sync policy'],
		[{ resource: 'partner' }, 'Get many partners'],
		[{ resource: 'partner', operation: 'create' }, 'Create partner'],
		[{ resource: 'partner', operation: 'delete' }, 'Delete partner'],
		[{ resource: CUSTOM_API_CALL }, 'Custom API call'],
	])('the subtitle for %j reads "%s"', (parameters, expected) => {
		expect(subtitleOf(parameters)).toBe(expected);
	});

	it('Partner → Delete warns that the whole cross-tenant access configuration goes, and only there', () => {
		const notices = properties.filter((p) => p.type === 'notice');
		const deleteNotice = notices.find((p) => p.displayName.includes('whole cross-tenant access configuration'));
		expect(deleteNotice).toBeDefined();
		expect(shown(deleteNotice!, { resource: 'partner', operation: 'delete' })).toBe(true);
		for (const operation of ['create', 'get', 'getAll']) expect(shown(deleteNotice!, { resource: 'partner', operation })).toBe(false);
		expect(shown(deleteNotice!, { resource: 'syncPolicy', operation: 'delete' })).toBe(false);
	});

	it('Create Partner If Missing is offered under Update only beside If Missing: Create', () => {
		const updateOptions = properties.find((p) => p.name === 'options' && p.displayOptions?.show?.operation?.includes('update'));
		const option = (updateOptions?.options as INodeProperties[]).find((o) => o.name === 'createPartnerIfMissing');
		expect(option?.displayOptions).toEqual({ show: { ifMissing: ['create'] } });
		expect(shown(option!, { ifMissing: 'create' })).toBe(true);
		expect(shown(option!, { ifMissing: 'error' })).toBe(false);
		expect(shown(option!, {})).toBe(false);
	});

	it('every operation and the trigger offer Max Retries and Timeout with the same bounds, options in alphabetical order', () => {
		const collections = [...properties, ...new CrossTenantSyncPolicyTrigger().description.properties].filter((p) => p.name === 'options');
		// 5 Sync Policy, 5 Partner and 10 Sync Configuration operations, and the trigger.
		expect(collections.length).toBe(21);
		for (const collection of collections) {
			const options = collection.options as INodeProperties[];
			const names = options.map((o) => o.displayName);
			expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
			expect(options.find((o) => o.name === 'maxRetries')).toMatchObject({ default: 5, typeOptions: { minValue: 0, maxValue: 10 } });
			expect(options.find((o) => o.name === 'timeout')).toMatchObject({ typeOptions: { minValue: 1, maxValue: 3_600_000 } });
		}
	});

	it('the credential is recognisable among Entra credentials by name and says what it is for', () => {
		const credential = new MicrosoftEntraAppOnlyApi();
		expect(credential.displayName).toBe('Microsoft Entra App-Only (Cross-Tenant Sync) API');
		expect(credential.properties[0]).toMatchObject({ type: 'notice' });
		expect(credential.properties[0].displayName).toContain('Cross-Tenant Sync Policy');
		expect(credential.properties[0].displayName).toContain('Microsoft Entra Service Principal');
	});
});

describe('Custom API Call (added by n8n under Resource and Operation)', () => {
	const session = useEmulatorSession();

	it.each([
		[{ resource: CUSTOM_API_CALL }],
		[{ resource: 'syncPolicy', operation: CUSTOM_API_CALL }],
		[{ resource: 'partner', operation: CUSTOM_API_CALL, partnerTenantId: { __rl: true, mode: 'id', value: FABRIKAM } }],
	])('with %j the run points to the HTTP Request node and sends nothing', async (parameters) => {
		const { error } = nodeResult(await session.n8n.execute(nodeWorkflow({ parameters, credential: session.credential })), NODE_NAME);
		expect(error?.message).toBe('Custom API Call is made with the HTTP Request node, not with this node');
		expect((error as { description?: string }).description).toContain('Predefined Credential Type');
		expect(session.emulator.graphRequests()).toEqual([]);
	});
});
