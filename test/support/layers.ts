import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The house, drawn from the import statements: every relative import of the node and the credential must point to
 * a lower floor, or stay inside its own layer (a folder importing itself). Top floor first:
 *
 *   5 CrossTenantSyncPolicy.node.ts (any *.node.ts)
 *   4 router.ts (the item loop)
 *   3 methods/, executor/, actions/
 *   2 errors/, transport/, descriptions/
 *   1 plan.ts (the shared vocabulary), fieldDiff.ts, permissions.ts, credentials/
 */
const ROOT = path.resolve(__dirname, '../..');
export const NODE_DIR = 'nodes/CrossTenantSyncPolicy';

const FLOORS: Array<[layer: string, floor: number]> = [
	[`${NODE_DIR}/CrossTenantSyncPolicy.node.ts`, 5],
	[`${NODE_DIR}/router.ts`, 4],
	[`${NODE_DIR}/methods`, 3],
	[`${NODE_DIR}/executor`, 3],
	[`${NODE_DIR}/actions`, 3],
	[`${NODE_DIR}/errors`, 2],
	[`${NODE_DIR}/transport`, 2],
	[`${NODE_DIR}/descriptions`, 2],
	[`${NODE_DIR}/plan.ts`, 1],
	[`${NODE_DIR}/fieldDiff.ts`, 1],
	[`${NODE_DIR}/permissions.ts`, 1],
	['credentials', 1],
];

export function sourceFiles(dir: string): string[] {
	return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
		const relative = `${dir}/${entry.name}`;
		if (entry.isDirectory()) return sourceFiles(relative);
		return entry.name.endsWith('.ts') ? [relative] : [];
	});
}

export function layerOf(file: string): { layer: string; floor: number } {
	if (/^nodes\/CrossTenantSyncPolicy\/[^/]+\.node\.ts$/.test(file)) return { layer: file, floor: 5 };
	const found = FLOORS.find(([layer]) => file === layer || file === `${layer}.ts` || file.startsWith(`${layer}/`));
	if (!found) throw new Error(`${file} is in no layer: add it to FLOORS`);
	return { layer: found[0], floor: found[1] };
}

/** Relative imports (static and `import type`) of one file, resolved to repository paths without extension. */
export function importsOf(file: string): string[] {
	const text = readFileSync(path.join(ROOT, file), 'utf8');
	const targets = [...text.matchAll(/\bfrom\s+'(\.{1,2}\/[^']+)'/g), ...text.matchAll(/\bimport\s*\(\s*'(\.{1,2}\/[^']+)'\s*\)/g)].map((m) => m[1]);
	return targets.map((target) => path.posix.normalize(path.posix.join(path.posix.dirname(file), target)));
}

/** The import graph between layers: "from → to" with how many imports take that arrow. */
export function layerGraph(): Map<string, number> {
	const arrows = new Map<string, number>();
	for (const file of [...sourceFiles(NODE_DIR), ...sourceFiles('credentials')]) {
		const from = layerOf(file);
		for (const target of importsOf(file)) {
			const to = layerOf(target.endsWith('.ts') ? target : `${target}.ts`);
			if (to.layer === from.layer) continue;
			const arrow = `${from.layer} (${from.floor}) → ${to.layer} (${to.floor})`;
			arrows.set(arrow, (arrows.get(arrow) ?? 0) + 1);
		}
	}
	return arrows;
}

export interface UpwardImport {
	file: string;
	target: string;
	from: number;
	to: number;
}

/** Imports between layers that do not point to a lower floor. */
export function upwardImports(): UpwardImport[] {
	const found: UpwardImport[] = [];
	for (const file of [...sourceFiles(NODE_DIR), ...sourceFiles('credentials')]) {
		const from = layerOf(file);
		for (const target of importsOf(file)) {
			const to = layerOf(target.endsWith('.ts') ? target : `${target}.ts`);
			if (to.layer !== from.layer && to.floor >= from.floor) found.push({ file, target, from: from.floor, to: to.floor });
		}
	}
	return found;
}
