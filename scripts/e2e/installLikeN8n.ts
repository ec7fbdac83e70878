// Installs a packed community package the way n8n's own installer does (n8n 2.41.1, CommunityPackagesService):
// unpack into <nodes>/node_modules/<name>, drop dev/peer/optional dependencies, npm install with scripts off.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export function installLikeN8n(tarball: string, nodesDir: string): string {
	const unpacked = path.join(nodesDir, 'node_modules', '.unpacked');
	mkdirSync(unpacked, { recursive: true });
	execFileSync('tar', ['-xzf', tarball, '-C', unpacked, '--strip-components=1']);
	const manifest = JSON.parse(readFileSync(path.join(unpacked, 'package.json'), 'utf8')) as Record<string, unknown> & { name: string; version: string };
	for (const field of ['devDependencies', 'peerDependencies', 'optionalDependencies']) delete manifest[field];
	const packageDir = path.join(nodesDir, 'node_modules', manifest.name);
	mkdirSync(path.dirname(packageDir), { recursive: true });
	execFileSync('mv', [unpacked, packageDir]);
	writeFileSync(path.join(packageDir, 'package.json'), JSON.stringify(manifest, null, 2));
	execFileSync('npm', ['install', '--audit=false', '--fund=false', '--bin-links=false', '--install-strategy=shallow', '--ignore-scripts=true', '--package-lock=false', '--loglevel=error'], {
		cwd: packageDir,
		stdio: ['ignore', 'ignore', 'inherit'],
	});
	// n8n records the package in the nodes folder's package.json too.
	writeFileSync(path.join(nodesDir, 'package.json'), JSON.stringify({ name: 'installed-nodes', private: true, dependencies: { [manifest.name]: manifest.version } }, null, 2));
	return packageDir;
}
