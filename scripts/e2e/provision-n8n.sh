#!/usr/bin/env bash
# Installs an n8n version (N8N_VERSION, default the pinned 2.41.1) into a cache folder outside the repo (reused when
# present, built from nothing when absent) and prints its bin directory. Needs Node 24 on PATH (source
# scripts/use-node24.sh). Only the npm registry is used: install scripts are skipped (one would download sources)
# and sqlite3 is compiled offline against Node's headers.
set -euo pipefail
N8N_VERSION="${N8N_VERSION:-2.41.1}"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-cross-tenant-sync/n8n-$N8N_VERSION"
marker="$cache/.complete"
if [ ! -f "$marker" ]; then
	echo "Installing n8n@$N8N_VERSION into $cache (first time only: several minutes)" >&2
	rm -rf "$cache" && mkdir -p "$cache"
	case "$N8N_VERSION" in
		# n8n 1.x depends on xlsx 0.20.2 as a tarball on cdn.sheetjs.com, outside the registry: use the registry's
		# newest xlsx (0.18.5) instead. Only n8n's spreadsheet node uses it.
		1.*) overrides='"overrides": {"xlsx": "0.18.5"}' ;;
		*) overrides='' ;;
	esac
	printf '{"name": "n8n-cache", "private": true%s}\n' "${overrides:+, $overrides}" >"$cache/package.json"
	(cd "$cache" && npm install "n8n@$N8N_VERSION" --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error >&2)
	node_dir="$(dirname "$(dirname "$(command -v node)")")"
	gyp="$(dirname "$(dirname "$(command -v npm)")")/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js"
	[ -f "$gyp" ] || gyp="$(npm root -g)/npm/node_modules/node-gyp/bin/node-gyp.js"
	(cd "$cache/node_modules/sqlite3" && node "$gyp" rebuild --nodedir="$node_dir" -j 2 >&2)
	touch "$marker"
fi
echo "$cache/node_modules/.bin"
