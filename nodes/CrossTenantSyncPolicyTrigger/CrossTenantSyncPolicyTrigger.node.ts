import type { IDataObject, INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { ParameterReader } from '../CrossTenantSyncPolicy/actions/parameters';
import { requestOptions } from '../CrossTenantSyncPolicy/descriptions/requestOptions';
import { microsoftEntraAppOnlyApiTest } from '../CrossTenantSyncPolicy/methods/credentialTest';
import { readRequestSettings } from '../CrossTenantSyncPolicy/actions/requestSettings';
import type { DriftItem, Snapshot } from './drift';
import { driftBetween } from './drift';
import { readSnapshot } from './readSnapshot';

/** How many partners "Fetch Test Event" shows: enough to see the shape. */
const TEST_EVENT_PARTNERS = 3;

export class CrossTenantSyncPolicyTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Cross-Tenant Sync Policy Trigger',
		name: 'crossTenantSyncPolicyTrigger',
		icon: { light: 'file:crossTenantSyncPolicyTrigger.svg', dark: 'file:crossTenantSyncPolicyTrigger.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: 'On partner sync policy or consent change',
		description: "Starts the workflow when a partner's identity sync policy or automatic user consent changes (polls Microsoft Graph)",
		defaults: { name: 'Cross-Tenant Sync Policy Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'microsoftEntraAppOnlyApi', required: true, testedBy: 'microsoftEntraAppOnlyApiTest' }],
		properties: [
			{
				displayName:
					'Each poll reads every partner with its sync policy and automatic user consent settings, and emits one item per partner that was added, changed or removed since the last poll. The first poll only records what is there.',
				name: 'notice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Emit All On First Poll',
						name: 'emitAllOnFirstPoll',
						type: 'boolean',
						default: false,
						description: 'Whether the first poll emits every partner (as "added") instead of only recording them',
					},
					...requestOptions,
				],
			},
		],
	};

	methods = {
		credentialTest: { microsoftEntraAppOnlyApiTest },
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const params = new ParameterReader({ getNode: () => this.getNode(), getNodeParameter: (path) => this.getNodeParameter(path) }, 0);
		const emitAllOnFirstPoll = params.boolean('options.emitAllOnFirstPoll', 'Emit All On First Poll', false);
		const readOptions = readRequestSettings(params);

		if (this.getMode() === 'manual') {
			// "Fetch Test Event": show the shape with a few partners as they are now; the recorded state stays as it was.
			const current = await readSnapshot(this, undefined, readOptions);
			const sample = Object.fromEntries(Object.entries(current).slice(0, TEST_EVENT_PARTNERS));
			return emit(driftBetween({}, sample));
		}

		// n8n starts a poll on time even while an earlier one still runs (waiting out 429s, a slow Graph), and in one
		// process both use this same static data. A poll records only if no other poll recorded since it started: else
		// what it read may be older than the recorded state, and its diff would report changes that never happened.
		const staticData = this.getWorkflowStaticData('node');
		const generation = snapshotGeneration(staticData);
		const previous = staticData.partners as Snapshot | undefined;
		const current = await readSnapshot(this, previous, readOptions);
		if (snapshotGeneration(staticData) !== generation) return null;
		staticData.snapshotGeneration = generation + 1;
		staticData.partners = current;
		if (previous === undefined) return emitAllOnFirstPoll ? emit(driftBetween({}, current)) : null;
		return emit(driftBetween(previous, current));
	}
}

/** How many snapshots were recorded so far (none in static data saved before polls counted them). */
function snapshotGeneration(staticData: IDataObject): number {
	return typeof staticData.snapshotGeneration === 'number' ? staticData.snapshotGeneration : 0;
}

function emit(items: DriftItem[]): INodeExecutionData[][] | null {
	if (items.length === 0) return null;
	return [items.map((json) => ({ json: json as IDataObject }))];
}
