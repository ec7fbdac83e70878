import type { IDataObject, INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { ParameterReader } from '../CrossTenantSyncPolicy/actions/parameters';
import { optionsCollection } from '../CrossTenantSyncPolicy/descriptions/requestOptions';
import { microsoftEntraAppOnlyApiTest } from '../CrossTenantSyncPolicy/methods/credentialTest';
import { readRequestSettings } from '../CrossTenantSyncPolicy/actions/requestSettings';
import type { RequestSettings } from '../CrossTenantSyncPolicy/actions/requestSettings';
import type { Snapshot } from './drift';
import { driftBetween } from './drift';
import type { JobState } from './readConfigurations';
import { readConfigurations } from './readConfigurations';
import { readSnapshot } from './readSnapshot';

/** How many partners or configurations "Fetch Test Event" shows: enough to see the shape. */
const TEST_EVENT_ITEMS = 3;

export class CrossTenantSyncPolicyTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Cross-Tenant Sync Policy Trigger',
		name: 'crossTenantSyncPolicyTrigger',
		icon: { light: 'file:crossTenantSyncPolicyTrigger.svg', dark: 'file:crossTenantSyncPolicyTrigger.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ $parameter["event"] === "syncJobChanged" ? "On sync job health change" : "On partner sync policy or consent change" }}',
		description:
			"Starts the workflow when a partner's identity sync policy or automatic user consent changes, or when a sync configuration's job changes health (polls Microsoft Graph)",
		defaults: { name: 'Cross-Tenant Sync Policy Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'microsoftEntraAppOnlyApi', required: true, testedBy: 'microsoftEntraAppOnlyApiTest' }],
		properties: [
			{
				displayName: 'Event',
				name: 'event',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Partner Changed',
						value: 'partnerChanged',
						description: "A partner's sync policy or automatic user consent changed, or a partner came or went (the target tenant's side)",
					},
					{
						name: 'Sync Job Changed',
						value: 'syncJobChanged',
						description: "A sync configuration's job changed status, went into or out of quarantine, or its last run ended otherwise (the source tenant's side)",
					},
				],
				default: 'partnerChanged',
			},
			{
				displayName:
					'Each poll reads every partner with its sync policy and automatic user consent settings, and emits one item per partner that was added, changed or removed since the last poll. The first poll only records what is there.',
				name: 'notice',
				type: 'notice',
				default: '',
				displayOptions: { show: { event: ['partnerChanged'] } },
			},
			{
				displayName:
					"Each poll reads every cross-tenant sync configuration of the credential's tenant with its job, and emits one item per configuration whose job status, quarantine or last run changed (or that came or went) since the last poll. The first poll only records what is there.",
				name: 'jobNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { event: ['syncJobChanged'] } },
			},
			optionsCollection([
				{
					displayName: 'Emit All On First Poll',
					name: 'emitAllOnFirstPoll',
					type: 'boolean',
					default: false,
					description: 'Whether the first poll emits everything it watches (as "added") instead of only recording it',
				},
			]),
		],
	};

	methods = {
		credentialTest: { microsoftEntraAppOnlyApiTest },
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const params = new ParameterReader({ getNode: () => this.getNode(), getNodeParameter: (path) => this.getNodeParameter(path) }, 0);
		const event = params.choice('event', 'Event', ['partnerChanged', 'syncJobChanged'], 'partnerChanged');
		const emitAllOnFirstPoll = params.boolean('options.emitAllOnFirstPoll', 'Emit All On First Poll', false);
		const settings = readRequestSettings(params);
		const watcher = event === 'syncJobChanged' ? jobWatcher : partnerWatcher;

		if (this.getMode() === 'manual') {
			// "Fetch Test Event": show the shape with a few subjects as they are now; the recorded state stays as it was.
			const now = await watcher.read(this, undefined, settings);
			return emit(watcher.items({}, { ...now, states: Object.fromEntries(Object.entries(now.states).slice(0, TEST_EVENT_ITEMS)) }));
		}

		// n8n starts a poll on time even while an earlier one still runs (waiting out 429s, a slow Graph), and in one
		// process both use this same static data. A poll records only if no other poll recorded since it started: else
		// what it read may be older than the recorded state, and its diff would report changes that never happened.
		const staticData = this.getWorkflowStaticData('node');
		const generation = snapshotGeneration(staticData);
		const previous = staticData[watcher.key] as Snapshot<IDataObject> | undefined;
		const now = await watcher.read(this, previous, settings);
		if (snapshotGeneration(staticData) !== generation) return null;
		staticData.snapshotGeneration = generation + 1;
		staticData[watcher.key] = now.states;
		if (previous === undefined) return emitAllOnFirstPoll ? emit(watcher.items({}, now)) : null;
		return emit(watcher.items(previous, now));
	}
}

interface Read {
	states: Snapshot<IDataObject>;
	jobs?: Record<string, IDataObject>;
}

/** One event: where its snapshot lives in static data, how a poll reads it, and the items a change makes. */
interface Watcher {
	key: string;
	read(ctx: IPollFunctions, previous: Snapshot<IDataObject> | undefined, settings: RequestSettings): Promise<Read>;
	items(previous: Snapshot<IDataObject>, now: Read): IDataObject[];
}

const partnerWatcher: Watcher = {
	key: 'partners',
	read: async (ctx, previous, settings) => ({ states: await readSnapshot(ctx, previous as Snapshot | undefined, settings) }),
	items: (previous, now) => driftBetween(previous, now.states),
};

/** Items name the configuration and its job first; `job` is Graph's job as this poll read it (null once removed). */
const jobWatcher: Watcher = {
	key: 'configurations',
	read: async (ctx, previous, settings) => await readConfigurations(ctx, previous as Snapshot<JobState> | undefined, settings),
	items: (previous, now) =>
		driftBetween(previous, now.states, 'configurationId').map((item) => {
			const state = (item.after ?? item.before) as JobState;
			const { configurationId, ...rest } = item;
			return { configurationId, displayName: state.displayName, jobId: state.jobId, ...rest, job: now.jobs?.[String(configurationId)] ?? null };
		}),
};

/** How many snapshots were recorded so far (none in static data saved before polls counted them). */
function snapshotGeneration(staticData: IDataObject): number {
	return typeof staticData.snapshotGeneration === 'number' ? staticData.snapshotGeneration : 0;
}

function emit(items: IDataObject[]): INodeExecutionData[][] | null {
	if (items.length === 0) return null;
	return [items.map((json) => ({ json }))];
}
