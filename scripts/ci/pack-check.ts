// npm run pack:check: what `npm publish` would upload (npm pack --dry-run), listed, and refused when anything but
// dist/ and the files in PACKED_TOP_LEVEL is in it, or an entry point n8n loads is missing. Run after npm run build.
import { execFileSync } from 'node:child_process';
import path from 'node:path';

import { packProblems } from './packContents';

const root = path.resolve(__dirname, '..', '..');
const [packed] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' })) as Array<{
	filename: string;
	size: number;
	files: Array<{ path: string }>;
}>;
const files = packed.files.map((f) => f.path).sort();
const inDist = files.filter((file) => file.startsWith('dist/')).length;
console.log(`${packed.filename}: ${files.length} files, ${(packed.size / 1024).toFixed(0)} KiB packed`);
for (const file of files.filter((f) => !f.startsWith('dist/'))) console.log(`  ${file}`);
console.log(`  dist/ (${inDist} files)`);
const problems = packProblems(files, root);
for (const problem of problems) console.error(`pack check: ${problem}`);
process.exit(problems.length === 0 ? 0 : 1);
