#!/usr/bin/env bash
# Installs what npm run test:queue needs from Debian when missing: redis-server and PostgreSQL 15 (server and psql).
set -euo pipefail
missing=()
command -v redis-server >/dev/null || missing+=(redis-server)
command -v psql >/dev/null || missing+=(postgresql-client-15)
[ -x "${PG_BIN:-/usr/lib/postgresql/15/bin}/initdb" ] || missing+=(postgresql-15)
if [ ${#missing[@]} -gt 0 ]; then
	echo "Installing ${missing[*]} with apt-get" >&2
	sudo=""
	[ "$(id -u)" -eq 0 ] || sudo="sudo"
	$sudo apt-get install -y --no-install-recommends "${missing[@]}" >&2 ||
		{ $sudo apt-get update >&2 && $sudo apt-get install -y --no-install-recommends "${missing[@]}" >&2; }
fi
