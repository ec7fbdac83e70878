import { readFileSync } from 'node:fs';
import path from 'node:path';

/** Beside the build in dist/, the published package holds only what its users read. */
export const PACKED_TOP_LEVEL = ['CHANGELOG.md', 'LICENSE', 'README.md', 'package.json'];

interface PackageJson {
	main: string;
	n8n: { nodes: string[]; credentials: string[] };
}

/** What is wrong with a tarball's file list: files that do not belong, and files n8n or npm users need but lack. */
export function packProblems(files: string[], root = path.resolve(__dirname, '..', '..')): string[] {
	const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as PackageJson;
	const required = [...PACKED_TOP_LEVEL, manifest.main, ...manifest.n8n.nodes, ...manifest.n8n.credentials];
	const outside = files.filter((file) => !file.startsWith('dist/') && !PACKED_TOP_LEVEL.includes(file));
	const missing = required.filter((file) => !files.includes(file));
	return [...outside.map((file) => `packed, but does not belong: ${file}`), ...missing.map((file) => `missing: ${file}`)];
}
