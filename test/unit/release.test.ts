import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

import { PACKED_TOP_LEVEL, packProblems } from '../../scripts/ci/packContents';

const ROOT = path.resolve(__dirname, '../..');
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

interface Step {
	name?: string;
	uses?: string;
	run?: string;
	with?: Record<string, unknown>;
	env?: Record<string, string>;
}
interface Workflow {
	on: Record<string, { branches?: string[]; tags?: string[] } | null>;
	permissions: Record<string, string>;
	jobs: Record<string, { container?: string; 'timeout-minutes': number; env?: Record<string, unknown>; steps: Step[] }>;
}

const workflow = (name: string) => parse(read(`.github/workflows/${name}`)) as Workflow;
const onlyJob = (wf: Workflow) => Object.values(wf.jobs)[0];
const runs = (steps: Step[]) => steps.flatMap((step) => (step.run ? [step.run.trim()] : []));

/** The commands .ci/run runs, in order (comments, `set` and `cd` left out). */
const ciCommands = () =>
	read('.ci/run')
		.split('\n')
		.map((line) => line.trim())
		.filter((line) => line && !line.startsWith('#') && !/^(set|cd) /.test(line));

describe('the release path: the workflows run .ci/run, nothing less', () => {
	it.each(['ci.yml', 'publish.yml'])('%s has one job that runs bash .ci/run with CI=true on Debian, within 90 minutes', (file) => {
		const wf = workflow(file);
		expect(Object.keys(wf.jobs)).toHaveLength(1);
		const job = onlyJob(wf);
		expect(runs(job.steps)).toContain('bash .ci/run');
		// Nothing beside .ci/run tests or builds on its own, where it could drift from what maintainers run.
		expect(runs(job.steps).filter((run) => /\bnpm (test|run|ci|install)\b|\bjest\b|\btsc\b|\beslint\b/.test(run))).toEqual([]);
		expect(job.env?.CI).toBe(true);
		expect(job.container).toMatch(/bookworm/);
		expect(job['timeout-minutes']).toBe(90);
		expect(wf.permissions.contents).toBe('read');
	});

	it('ci.yml runs on pushes to main and on pull requests', () => {
		const wf = workflow('ci.yml');
		expect(wf.on.push?.branches).toEqual(['main']);
		expect(wf.on).toHaveProperty('pull_request');
	});

	it('publish.yml publishes a version tag with provenance, only after the tag matched package.json and CI passed', () => {
		const wf = workflow('publish.yml');
		expect(wf.on.push?.tags).toEqual(['v*.*.*']);
		expect(Object.keys(wf.on)).toEqual(['push']);
		expect(wf.permissions['id-token']).toBe('write');
		const steps = runs(onlyJob(wf).steps);
		const at = (pattern: RegExp) => steps.findIndex((run) => pattern.test(run));
		const publish = at(/npm publish/);
		expect(steps[publish]).toBe('npm publish --provenance --access public');
		expect(steps.filter((run) => /npm publish/.test(run))).toHaveLength(1);
		expect(at(/GITHUB_REF_NAME.*package\.json/)).toBeGreaterThanOrEqual(0);
		expect(at(/GITHUB_REF_NAME.*package\.json/)).toBeLessThan(publish);
		expect(at(/^bash \.ci\/run$/)).toBeLessThan(publish);
		expect(at(/^bash \.ci\/run$/)).toBeGreaterThanOrEqual(0);
		const setupNode = onlyJob(wf).steps.find((step) => step.uses?.startsWith('actions/setup-node'));
		expect(setupNode?.with?.['registry-url']).toBe('https://registry.npmjs.org');
	});

	it('both cache Node 24 and n8n under the key of files that exist', () => {
		for (const file of ['ci.yml', 'publish.yml']) {
			const cache = onlyJob(workflow(file)).steps.find((step) => step.uses?.startsWith('actions/cache'));
			expect(cache?.with?.path).toBe('~/.cache/n8n-nodes-cross-tenant-sync');
			const hashed = [...String(cache?.with?.key).matchAll(/'([^']+)'/g)].map((m) => m[1]);
			expect(hashed.length).toBeGreaterThan(0);
			for (const hashedFile of hashed) expect(() => read(hashedFile)).not.toThrow();
		}
	});

	it(".ci/run builds, checks the package's contents, lints, typechecks, and runs the README's two commands", () => {
		const commands = ciCommands();
		const order = ['npm ci --no-audit --no-fund', 'npm run build', 'npm run pack:check', 'npm run lint', 'npm run typecheck', 'npm test', 'npm run demo'];
		const positions = order.map((command) => commands.indexOf(command));
		expect(positions).toEqual([...positions].sort((a, b) => a - b));
		for (const command of order) expect(commands).toContain(command);
		const readmeCommands = /```bash\n([\s\S]*?)```/.exec(read('README.md'))?.[1] ?? '';
		expect(readmeCommands).toMatch(/^npm install && npm run demo\b/m);
		expect(readmeCommands).toMatch(/^npm test\b/m);
		// npm install && npm run demo, and npm test, on a fresh machine as the README says.
		expect(commands).toContain('bash scripts/ci/fresh-machine.sh');
		expect(read('scripts/ci/fresh-machine.sh')).toMatch(/step install npm install[\s\S]*step demo npm run demo[\s\S]*step test npm test/);
	});
});

describe('the published package: dist/ and what its users read', () => {
	const entryPoints = ['dist/index.js', 'dist/nodes/CrossTenantSyncPolicy/CrossTenantSyncPolicy.node.js', 'dist/nodes/CrossTenantSyncPolicyTrigger/CrossTenantSyncPolicyTrigger.node.js', 'dist/credentials/MicrosoftEntraAppOnlyApi.credentials.js'];

	it('accepts dist/ with every entry point n8n loads, and README, LICENSE, CHANGELOG, package.json', () => {
		expect(PACKED_TOP_LEVEL).toEqual(['CHANGELOG.md', 'LICENSE', 'README.md', 'package.json']);
		expect(packProblems([...PACKED_TOP_LEVEL, ...entryPoints, 'dist/nodes/CrossTenantSyncPolicy/plan.js'])).toEqual([]);
	});

	it('names a file that does not belong, and one that is missing', () => {
		expect(packProblems([...PACKED_TOP_LEVEL, ...entryPoints, 'test/emulator/index.ts', '.env'])).toEqual(['packed, but does not belong: test/emulator/index.ts', 'packed, but does not belong: .env']);
		expect(packProblems(['LICENSE', 'README.md', 'package.json', ...entryPoints.slice(1)])).toEqual(['missing: CHANGELOG.md', 'missing: dist/index.js']);
	});

	it('package.json packs CHANGELOG.md (npm does not on its own) and states the version CHANGELOG.md releases', () => {
		const manifest = JSON.parse(read('package.json')) as { version: string; files: string[] };
		expect(manifest.files).toEqual(['dist', 'CHANGELOG.md']);
		expect(read('CHANGELOG.md')).toContain(`## [${manifest.version}]`);
	});
});
