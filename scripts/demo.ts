// The main job, offline: the built node updates a partner's identity sync policy in the HTTPS Graph emulator,
// run by n8n-core's workflow engine from examples/update-sync-policy.workflow.json. `--pair`: the whole job, both
// tenants — the steps of examples/onboard-tenant-pair.workflow.json with a target and a source credential.
import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { GraphEmulator } from '../test/emulator';
import { startEmulator } from '../test/emulator';
import type { InProcessN8n } from '../test/harness/runWorkflow';
import { nodeResult } from '../test/harness/runWorkflow';
import type { WorkflowJson } from '../test/harness/runWorkflow';
import { inProcessN8nWithBuiltPackage } from '../test/support/builtPackage';
import { trustEmulatorCertificate } from '../test/support/trustEmulator';

const root = path.resolve(__dirname, '..');
const CONTOSO = '72f988bf-0000-4000-8000-000000000001';
const ADATUM = 'b5a7d3e1-6c2f-4a8b-9d1e-2f3a4b5c6d7e';
const WRITER = { clientId: '6a1f0b4e-1c2d-4e5f-8a9b-0c1d2e3f4a5b', secret: 'emulator-writer-secret' };
const ADATUM_WRITER = { clientId: 'be625093-7a1b-4c2d-8e3f-4a5b6c7d8e9f', secret: 'emulator-adatum-writer-secret' };

function addEmulatorCredential(n8n: InProcessN8n, emulator: GraphEmulator, ref: { id?: string | null; name: string }, tenantId: string, app: { clientId: string; secret: string }): void {
	n8n.credentials.add({
		id: ref.id!,
		name: ref.name,
		type: 'microsoftEntraAppOnlyApi',
		data: { cloud: 'custom', graphEndpoint: emulator.url, authorityHost: emulator.url, tenantId, clientId: app.clientId, authMethod: 'clientSecret', clientSecret: app.secret, accessToken: '' },
	});
}

/**
 * The approved path of the tenant-pair example as a chain of its Cross-Tenant Sync Policy nodes (the in-process
 * engine runs only this package's nodes): the ticket's fields stand where the example reads them from the webhook.
 */
function pairChain(): WorkflowJson {
	const example = JSON.parse(readFileSync(path.join(root, 'examples/onboard-tenant-pair.workflow.json'), 'utf8')) as WorkflowJson & { pinData: Record<string, Array<{ json: { body: Record<string, unknown> } }>> };
	const ticket = example.pinData.Ticket[0].json.body;
	const steps = ['Target: partner and inbound consent', 'Target: sync policy', 'Source: partner and outbound consent', 'Source: sync configuration', 'Source: assign the group', 'Source: provision the test user', 'Source: start the job'];
	const withTicket = (text: string) => text.replace(/=\{\{ \$\('Approved\?'\)\.item\.json\.body\.(\w+) \}\}/g, (_all, field: string) => String(ticket[field]));
	const nodes = steps.map((name) => {
		const node = example.nodes.find((n) => n.name === name);
		if (!node) throw new Error(`The tenant-pair example has no node "${name}"`);
		return { ...node, parameters: JSON.parse(withTicket(JSON.stringify(node.parameters))) as typeof node.parameters };
	});
	const start = { id: 'demo0000-0000-4000-8000-000000000001', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0] as [number, number], parameters: {} };
	const names = ['Start', ...steps];
	const connections = Object.fromEntries(names.slice(0, -1).map((name, i) => [name, { main: [[{ node: names[i + 1], type: 'main' as const, index: 0 }]] }]));
	return { name: example.name, nodes: [start, ...nodes], connections };
}

async function pair(): Promise<number> {
	const workflow = pairChain();
	const emulator = await startEmulator({ syncCycleMs: 0 });
	trustEmulatorCertificate(emulator.caCertPem);
	try {
		const n8n = inProcessN8nWithBuiltPackage();
		const target = workflow.nodes.find((n) => n.name === 'Target: sync policy')!.credentials!.microsoftEntraAppOnlyApi;
		const source = workflow.nodes.find((n) => n.name === 'Source: sync configuration')!.credentials!.microsoftEntraAppOnlyApi;
		addEmulatorCredential(n8n, emulator, target, CONTOSO, WRITER);
		addEmulatorCredential(n8n, emulator, source, ADATUM, ADATUM_WRITER);
		const show = (when: string) => {
			const partner = (owner: string, of: string) => {
				const found = emulator.state(owner).partners.find((p) => p.tenantId === of);
				if (!found) return 'none';
				const policy = found.identitySynchronization as { userSyncInbound?: unknown } | undefined;
				return { automaticUserConsentSettings: found.automaticUserConsentSettings, ...(policy ? { userSyncInbound: policy.userSyncInbound } : {}) };
			};
			console.log(`\n${when}`);
			console.log(`  target Contoso: partner Adatum ${JSON.stringify(partner(CONTOSO, ADATUM))}`);
			console.log(`                  users from Adatum ${JSON.stringify(emulator.syncedUsers(CONTOSO).map((u) => u.userPrincipalName))}`);
			console.log(`  source Adatum:  partner Contoso ${JSON.stringify(partner(ADATUM, CONTOSO))}`);
			const configurations = emulator.syncState(ADATUM).configurations.map((c) => ({
				displayName: (c.servicePrincipal as { displayName?: string }).displayName,
				jobs: (c.jobs as Array<{ status?: { code?: string } }>).map((j) => j.status?.code),
				assignments: (c.assignments as Array<{ principalDisplayName?: string }>).map((a) => a.principalDisplayName),
			}));
			console.log(`                  sync configurations ${JSON.stringify(configurations)}`);
		};
		console.log(`Graph emulator: ${emulator.url} (HTTPS; two tenants: target Contoso ${CONTOSO}, source Adatum ${ADATUM})`);
		console.log(`Workflow: "${workflow.name}", the approved path (${workflow.nodes.length - 1} steps, two credentials)`);
		show('Before:');
		console.log('');
		const run = await n8n.execute(workflow);
		for (const node of workflow.nodes.slice(1)) {
			const { items, error } = nodeResult(run, node.name);
			if (error) {
				console.error(`\n${node.name} failed: ${error.message}\n${(error as { description?: string }).description ?? ''}`);
				return 1;
			}
			const json = items[0]?.json ?? {};
			console.log(`${node.name}: ${String(json.result ?? json.action ?? '')}`);
		}
		const provisioned = nodeResult(run, 'Source: provision the test user').items[0]?.json;
		console.log(`\nProvisioned on demand: user ${String(provisioned?.userId)} → ${String(provisioned?.result)}, target user ${String(provisioned?.targetUserId)}`);
		emulator.runSyncCycle();
		show('After (and one sync cycle):');
		return provisioned?.result === 'Success' ? 0 : 1;
	} finally {
		await emulator.close();
	}
}

async function main(): Promise<number> {
	if (process.argv.includes('--pair')) return await pair();
	const workflow = JSON.parse(readFileSync(path.join(root, 'examples/update-sync-policy.workflow.json'), 'utf8')) as WorkflowJson;
	const node = workflow.nodes.find((n) => n.type.endsWith('.crossTenantSyncPolicy'));
	if (!node) throw new Error('The example workflow has no Cross-Tenant Sync Policy node');
	const partner = (node.parameters.partnerTenantId as { value: string }).value;
	const credentialRef = node.credentials!.microsoftEntraAppOnlyApi;

	const emulator = await startEmulator();
	trustEmulatorCertificate(emulator.caCertPem);
	try {
		const n8n = inProcessN8nWithBuiltPackage();
		n8n.credentials.add({
			id: credentialRef.id!,
			name: credentialRef.name,
			type: 'microsoftEntraAppOnlyApi',
			data: {
				cloud: 'custom',
				graphEndpoint: emulator.url,
				authorityHost: emulator.url,
				tenantId: CONTOSO,
				clientId: WRITER.clientId,
				authMethod: 'clientSecret',
				clientSecret: WRITER.secret,
				accessToken: '',
			},
		});
		const policyOf = () => emulator.state(CONTOSO).partners.find((p) => p.tenantId === partner)?.identitySynchronization;

		console.log(`Graph emulator: ${emulator.url} (HTTPS, self-signed certificate generated at start)`);
		console.log(`Workflow: "${workflow.name}" → node "${node.name}" (${node.parameters.operation} ${partner})\n`);
		console.log('Policy before:', JSON.stringify(policyOf()));

		const run = await n8n.execute(workflow);
		const { items, error } = nodeResult(run, node.name);
		if (error) {
			console.error(`\nThe node failed: ${error.message}\n${(error as { description?: string }).description ?? ''}`);
			return 1;
		}
		console.log('\nOutput item:', JSON.stringify(items.map((i) => i.json)));
		for (const request of emulator.graphRequests()) {
			console.log(`\nGraph received: ${request.method} ${request.path} ${request.rawBody} → ${request.status}`);
		}
		console.log('\nPolicy after: ', JSON.stringify(policyOf()));
		return items.length === 1 && items[0].json.success === true ? 0 : 1;
	} finally {
		await emulator.close();
	}
}

main().then(
	(code) => process.exit(code),
	(error: unknown) => {
		console.error(error);
		process.exit(1);
	},
);
