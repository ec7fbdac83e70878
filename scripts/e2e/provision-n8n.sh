#!/usr/bin/env bash
# Installs an n8n version (N8N_VERSION, default the pinned 2.41.1) into a cache folder outside the repo (reused when
# present, built from nothing when absent) and prints its bin directory. Needs Node 24 on PATH (the npm scripts put
# it there). Only the npm registry is used: install scripts are skipped (one would download sources) and sqlite3 is
# compiled offline against Node's headers, which needs gcc, g++, make and python3. First time: ≈ 8 minutes on 2 cores
# and ≈ 3 GB; progress every 30 s, the compiler's output goes to a log file that is shown only when the build fails.
set -euo pipefail
N8N_VERSION="${N8N_VERSION:-2.41.1}"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-cross-tenant-sync/n8n-$N8N_VERSION"
marker="$cache/.complete"
say() { echo "[n8n $N8N_VERSION] $*" >&2; }

# Runs "$@" with its output in $log; prints a progress line every 30 s; on failure shows the log's end and stops.
with_progress() {
	local what="$1" log="$2"
	shift 2
	local start=$SECONDS
	"$@" >"$log" 2>&1 &
	local pid=$!
	while kill -0 "$pid" 2>/dev/null; do
		for _ in $(seq 30); do kill -0 "$pid" 2>/dev/null && sleep 1; done
		if kill -0 "$pid" 2>/dev/null; then
			say "… $what: $((SECONDS - start)) s, $(du -sh "$cache" 2>/dev/null | cut -f1) so far"
		fi
	done
	if ! wait "$pid"; then
		say "$what failed after $((SECONDS - start)) s; the end of $log:"
		tail -40 "$log" >&2
		exit 1
	fi
	say "$what: done in $((SECONDS - start)) s"
}

if [ ! -f "$marker" ]; then
	missing=""
	for tool in gcc g++ make python3; do command -v "$tool" >/dev/null || missing="$missing $tool"; done
	if [ -n "$missing" ]; then
		say "needs a C/C++ toolchain to compile sqlite3 for Node 24; missing:$missing"
		say "on Debian/Ubuntu: sudo apt-get install -y build-essential python3"
		exit 1
	fi
	say "first use: installing into $cache — about 8 minutes and 3 GB (once; reused afterwards)"
	rm -rf "$cache" && mkdir -p "$cache"
	case "$N8N_VERSION" in
		# n8n 1.x depends on xlsx 0.20.2 as a tarball on cdn.sheetjs.com, outside the registry: use the registry's
		# newest xlsx (0.18.5) instead. Only n8n's spreadsheet node uses it.
		1.*) overrides='"overrides": {"xlsx": "0.18.5"}' ;;
		*) overrides='' ;;
	esac
	printf '{"name": "n8n-cache", "private": true%s}\n' "${overrides:+, $overrides}" >"$cache/package.json"
	with_progress "npm install n8n@$N8N_VERSION (≈ 2,400 packages)" "$cache/install.log" \
		npm install --prefix "$cache" "n8n@$N8N_VERSION" --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error
	node_dir="$(dirname "$(dirname "$(command -v node)")")"
	gyp="$(dirname "$(dirname "$(command -v npm)")")/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js"
	[ -f "$gyp" ] || gyp="$(npm root -g)/npm/node_modules/node-gyp/bin/node-gyp.js"
	with_progress "compiling sqlite3 against Node $(node --version)" "$cache/sqlite3-build.log" \
		bash -c "cd '$cache/node_modules/sqlite3' && node '$gyp' rebuild --nodedir='$node_dir' -j 2"
	touch "$marker"
	say "installed ($(du -sh "$cache" | cut -f1))"
fi
echo "$cache/node_modules/.bin"
