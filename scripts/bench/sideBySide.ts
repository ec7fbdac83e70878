// The side by side of `npm run bench`: this node with its defaults against n8n's own HTTP Request node, with its
// defaults and tuned as an expert would (Batching fitted to the write budget, Retry On Fail at its limits), all
// in one process through real n8n-core against the emulator, under both $batch cost models.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import path from 'node:path';

import type { INode, INodeParameters, INodeType, IRun } from 'n8n-workflow';

import type { GraphEmulator } from '../../test/emulator';
import { NODE_NAME, nodeWorkflow } from '../../test/harness/nodeWorkflow';
import type { InProcessN8n, WorkflowJson } from '../../test/harness/runWorkflow';
import { bulkPartnerId } from '../../test/support/bulkSeed';
import { inProcessN8nWithBuiltPackage } from '../../test/support/builtPackage';
import { addCredential, CONTOSO, secretCredential } from '../../test/support/fixtures';

export const N8N_VERSION = process.env.N8N_VERSION ?? '2.41.1';

export interface Bucket {
	capacity: number;
	refillPerSecond: number;
}

/** One contender: how to build its workflow for n items, and the settings it runs with that are not defaults. */
export interface Contender {
	label: string;
	nonDefault: string;
	workflow(n8n: InProcessN8n, credential: { id: string; name: string }, emulatorUrl: string, n: number): WorkflowJson;
	nodeName: string;
}

export interface Measured {
	wallMs: number;
	roundTrips: number;
	throttled: number;
	applied: number;
	reported: number;
	outcome: 'succeeded' | 'failed';
	tokens: number;
}

const ids = (n: number) => Array.from({ length: n }, (_, i) => bulkPartnerId(i));

/** n8n's own HTTP Request node, loaded from the n8n that the E2E installs into ~/.cache (installed on first use). */
function loadHttpRequestNode(): INodeType {
	const root = path.join(process.env.XDG_CACHE_HOME ?? path.join(homedir(), '.cache'), 'n8n-nodes-cross-tenant-sync', `n8n-${N8N_VERSION}`);
	if (!existsSync(path.join(root, '.complete'))) {
		console.log(`Installing n8n@${N8N_VERSION} into ${root} for the HTTP Request node (first time only: several minutes)`);
		execFileSync('bash', [path.resolve(__dirname, '..', 'e2e', 'provision-n8n.sh')], { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, N8N_VERSION } });
	}
	const file = path.join(root, 'node_modules', 'n8n-nodes-base', 'dist', 'nodes', 'HttpRequest', 'HttpRequest.node.js');
	// The anchor is n8n's real node, not a model of it.
	const { HttpRequest } = createRequire(__filename)(file) as { HttpRequest: new () => { nodeVersions: Record<number, INodeType> } };
	return new HttpRequest().nodeVersions[4.2];
}

let httpRequestNode: INodeType | undefined;

export function n8nWithAnchors(): InProcessN8n {
	const n8n = inProcessN8nWithBuiltPackage();
	httpRequestNode ??= loadHttpRequestNode();
	n8n.nodeTypes.register('n8n-nodes-base.httpRequest', httpRequestNode);
	return n8n;
}

export const OURS: Contender = {
	label: 'Cross-Tenant Sync Policy',
	nonDefault: 'none',
	nodeName: NODE_NAME,
	workflow: (_n8n, credential, _url, n) =>
		nodeWorkflow({
			parameters: {
				resource: 'syncPolicy',
				operation: 'update',
				partnerTenantId: { __rl: true, mode: 'id', value: '={{ $json.tenantId }}' },
				updateFields: { isSyncAllowed: true },
			},
			items: ids(n).map((tenantId) => ({ tenantId })),
			credential,
			continueOnFail: true,
		}),
};

/** The HTTP Request node PATCHing each item's policy with this package's credential (predefined credential type). */
export function httpRequest(label: string, nonDefault: string, settings: { batching?: { size: number; intervalMs: number }; retry?: boolean }): Contender {
	return {
		label,
		nonDefault,
		nodeName: 'HTTP Request',
		workflow: (_n8n, credential, url, n) => {
			const parameters: INodeParameters = {
				method: 'PATCH',
				url: `=${url}/v1.0/policies/crossTenantAccessPolicy/partners/{{ $json.tenantId }}/identitySynchronization`,
				authentication: 'predefinedCredentialType',
				nodeCredentialType: 'microsoftEntraAppOnlyApi',
				sendBody: true,
				specifyBody: 'json',
				jsonBody: '{"userSyncInbound":{"isSyncAllowed":true}}',
				options: settings.batching ? { batching: { batch: { batchSize: settings.batching.size, batchInterval: settings.batching.intervalMs } } } : {},
			};
			const node: INode = {
				id: 'bench-http',
				name: 'HTTP Request',
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				position: [200, 0],
				parameters,
				credentials: { microsoftEntraAppOnlyApi: credential },
				...(settings.retry ? { retryOnFail: true, maxTries: 5, waitBetweenTries: 5000 } : {}),
			};
			const trigger: INode = { id: 'bench-start', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} };
			return {
				name: label,
				nodes: [trigger, node],
				connections: { Start: { main: [[{ node: 'HTTP Request', type: 'main', index: 0 }]] } },
				pinData: { Start: ids(n).map((tenantId) => ({ json: { tenantId } })) },
			};
		},
	};
}

const roundTrips = (emulator: GraphEmulator) => emulator.requests.filter((r) => (r.kind === 'graph' ? !r.batch : r.kind === 'batch')).length;

export async function measure(emulator: GraphEmulator, contender: Contender, n: number): Promise<Measured> {
	const n8n = n8nWithAnchors();
	const credential = addCredential(n8n, secretCredential(emulator));
	const workflow = contender.workflow(n8n, credential, emulator.url, n);
	const started = performance.now();
	const run: IRun = await n8n.execute(workflow);
	const wallMs = performance.now() - started;
	const task = run.data.resultData.runData[contender.nodeName]?.[0];
	const items = task?.data?.main?.[0] ?? [];
	const failedItem = (json: Record<string, unknown>) => json.error !== undefined;
	const applied = (emulator.state(CONTOSO).partners as Array<{ identitySynchronization?: { userSyncInbound?: { isSyncAllowed?: boolean } } }>).filter(
		(p) => p.identitySynchronization?.userSyncInbound?.isSyncAllowed === true,
	).length;
	return {
		wallMs,
		roundTrips: roundTrips(emulator),
		throttled: emulator.throttleStats().rejected,
		applied,
		reported: run.data.resultData.error ? 0 : items.filter((item) => !failedItem(item.json)).length,
		outcome: run.data.resultData.error ? 'failed' : 'succeeded',
		tokens: emulator.requests.filter((r) => r.kind === 'token').length,
	};
}
