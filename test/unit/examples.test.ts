import { readFileSync } from 'node:fs';
import path from 'node:path';

interface ExampleNode {
	name: string;
	type: string;
	parameters: Record<string, unknown>;
	credentials?: Record<string, unknown>;
}

const example = (file: string) => JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'examples', file), 'utf8')) as { nodes: ExampleNode[] };
const OUR_NODE = 'n8n-nodes-cross-tenant-sync.crossTenantSyncPolicy';

// What the examples do against the emulator is asserted in real n8n by `npm run test:e2e`; these are the
// promises a reader of the workflow files can check at a glance.
describe('The examples are safe to activate', () => {
	it.each(['approval-flow.workflow.json', 'drift-enforcement.workflow.json', 'onboard-tenant-pair.workflow.json', 'sync-job-alert.workflow.json'])('%s explains itself in sticky notes', (file) => {
		const notes = example(file).nodes.filter((n) => n.type === 'n8n-nodes-base.stickyNote').map((n) => String(n.parameters.content));
		expect(notes.some((n) => n.includes('What this workflow changes'))).toBe(true);
		expect(notes.some((n) => n.includes('Configure before activating') && n.includes('Try it against the emulator'))).toBe(true);
	});

	it('drift enforcement acts on an explicit list, never on every partner, and never creates partners', () => {
		const { nodes } = example('drift-enforcement.workflow.json');
		const ours = nodes.filter((n) => n.type === OUR_NODE);
		expect(ours.map((n) => [n.parameters.resource, n.parameters.operation])).toEqual([['syncPolicy', 'update']]);
		expect(ours[0].parameters.options).not.toHaveProperty('createPartnerIfMissing');
		const desired = nodes.find((n) => n.name === 'Desired state');
		expect(JSON.parse(String(desired?.parameters.jsonOutput)).partners.length).toBeGreaterThan(0);
	});

	it('the approval flow authenticates its webhook, answers bad requests with 4xx, and applies only after a human approval', () => {
		const { nodes } = example('approval-flow.workflow.json');
		const webhook = nodes.find((n) => n.type === 'n8n-nodes-base.webhook');
		expect(webhook?.parameters).toMatchObject({ authentication: 'headerAuth', responseMode: 'responseNode' });
		const codes = nodes.filter((n) => n.type === 'n8n-nodes-base.respondToWebhook').map((n) => (n.parameters.options as { responseCode: number }).responseCode);
		expect(codes.sort()).toEqual([200, 202, 400, 422]);
		expect(nodes.find((n) => n.name === 'Ask the approver')?.parameters).toMatchObject({ operation: 'sendAndWait' });
		const text = JSON.stringify(nodes);
		expect(text).not.toContain('body.approved');
	});
});

describe('The tenant-pair examples', () => {
	it('onboarding writes each tenant with its own credential and reuses an existing configuration', () => {
		const ours = example('onboard-tenant-pair.workflow.json').nodes.filter((n) => n.type === OUR_NODE);
		const credentialOf = (n: ExampleNode) => (n.credentials?.microsoftEntraAppOnlyApi as { id: string }).id;
		const target = ours.filter((n) => n.name.startsWith('Target:')).map(credentialOf);
		const source = ours.filter((n) => n.name.startsWith('Source:')).map(credentialOf);
		expect(new Set(target).size).toBe(1);
		expect(new Set(source).size).toBe(1);
		expect(target[0]).not.toBe(source[0]);
		expect(ours.find((n) => n.name === 'Source: sync configuration')?.parameters.options).toMatchObject({ ifExists: 'useExisting' });
	});

	it('the quarantine alert only reads', () => {
		const { nodes } = example('sync-job-alert.workflow.json');
		expect(nodes.filter((n) => n.type === OUR_NODE)).toEqual([]);
		expect(nodes.find((n) => n.type.endsWith('crossTenantSyncPolicyTrigger'))?.parameters).toMatchObject({ event: 'syncJobChanged' });
	});
});
