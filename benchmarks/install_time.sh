#!/usr/bin/env bash
# Install time of opsdoc with every client, from a clean state: pip into a fresh venv
# with no cache, then `uv tool install` with a cold and a warm cache. Run from the
# repository root: bash benchmarks/install_time.sh
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
git -C "$repo" archive HEAD | tar -x -C "$work" --one-top-level=src

python3 -m venv pipvenv
python3 -m venv uvvenv && uvvenv/bin/pip install --quiet uv

seconds() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1; e=$(date +%s.%N); echo "$e - $s" | bc; }

echo "pip install . (fresh venv, no cache):  $(seconds pipvenv/bin/pip install --quiet --no-cache-dir ./src) s"
export UV_TOOL_DIR="$work/tools" UV_TOOL_BIN_DIR="$work/bin" UV_CACHE_DIR="$work/uvcache"
echo "uv tool install . (cold cache):        $(seconds uvvenv/bin/uv tool install --quiet ./src) s"
rm -rf "$UV_TOOL_DIR" "$UV_TOOL_BIN_DIR"
echo "uv tool install . (warm cache):        $(seconds uvvenv/bin/uv tool install --quiet ./src) s"
"$UV_TOOL_BIN_DIR/opsdoc" --version
