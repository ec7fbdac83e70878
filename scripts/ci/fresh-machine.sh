#!/usr/bin/env bash
# What a newcomer does on a fresh machine, reading only the README: a clean clone, an empty HOME (no npm cache, no
# Node 24, no ~/.n8n), the machine's own node (20 or newer, not Node 24 from use-node24.sh), then
#   npm install && npm run demo    and    npm test
# in a shell where nothing was sourced. Checks that each works and that nothing lands in the real or the temp home
# but the caches. Usage: scripts/ci/fresh-machine.sh [git ref, default HEAD]
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
ref="${1:-HEAD}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
git clone -q "$repo" "$work/clone" && git -C "$work/clone" checkout -q "$ref"
mkdir "$work/home"

# The machine's node: the first one on PATH once the Node 24 cache folder is left out.
clean_path="$(printf '%s' "$PATH" | tr ':' '\n' | grep -v 'n8n-nodes-cross-tenant-sync/node24' | paste -sd: -)"
fresh() { (cd "$work/clone" && env -i HOME="$work/home" PATH="$clean_path" TERM=dumb LANG=C.UTF-8 "$@"); }
echo "fresh machine: $(fresh node --version), npm $(fresh npm --version), HOME=$work/home"

step() {
	local name="$1"
	shift
	local start=$SECONDS
	if fresh "$@" >"$work/$name.log" 2>&1; then
		echo "ok   $name ($((SECONDS - start)) s)"
	else
		echo "FAIL $name ($((SECONDS - start)) s); last lines:"
		tail -40 "$work/$name.log"
		exit 1
	fi
}
step install npm install --no-audit --no-fund
step demo npm run demo
grep -q '^Policy after: .*"isSyncAllowed":true' "$work/demo.log" || { echo "FAIL demo printed no changed policy"; cat "$work/demo.log"; exit 1; }
grep -q 'fetching node-linux-.*@24' "$work/demo.log" && echo "     (the demo fetched Node 24 itself, in one line)"
step test npm test
tail -1 "$work/test.log" | grep -q '^jest: [0-9]* passed, 0 failed' || { echo "FAIL npm test did not end with a green summary line"; tail -5 "$work/test.log"; exit 1; }
echo "     $(tail -1 "$work/test.log")"
if [ -e "$work/home/.n8n" ]; then echo "FAIL the demo or the tests wrote $work/home/.n8n"; exit 1; fi
echo "fresh machine: install, demo and test work with the machine's own node; nothing written to ~/.n8n"
