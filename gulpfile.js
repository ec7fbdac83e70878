const { src, dest, parallel } = require('gulp');

// tsc compiles the TypeScript; n8n also needs the icons and the codex files next to the compiled nodes.
function nodeAssets() {
	return src(['nodes/**/*.svg', 'nodes/**/*.png', 'nodes/**/*.node.json'], { encoding: false }).pipe(dest('dist/nodes'));
}

function credentialAssets() {
	return src(['credentials/**/*.svg', 'credentials/**/*.png'], { encoding: false }).pipe(dest('dist/credentials'));
}

// The package's (empty) entry point ships inside dist/ so that the tarball holds only dist/ and the docs.
function entryPoint() {
	return src('index.js').pipe(dest('dist'));
}

exports['build:assets'] = parallel(nodeAssets, credentialAssets, entryPoint);
