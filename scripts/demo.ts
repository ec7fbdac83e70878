// The main job, offline: the built node updates a partner's identity sync policy in the HTTPS Graph emulator,
// run by n8n-core's workflow engine from examples/update-sync-policy.workflow.json.
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { startEmulator } from '../test/emulator';
import { nodeResult } from '../test/harness/runWorkflow';
import type { WorkflowJson } from '../test/harness/runWorkflow';
import { inProcessN8nWithBuiltPackage } from '../test/support/builtPackage';
import { trustEmulatorCertificate } from '../test/support/trustEmulator';

const root = path.resolve(__dirname, '..');
const CONTOSO = '72f988bf-0000-4000-8000-000000000001';
const WRITER = { clientId: '6a1f0b4e-1c2d-4e5f-8a9b-0c1d2e3f4a5b', secret: 'emulator-writer-secret' };

async function main(): Promise<number> {
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
