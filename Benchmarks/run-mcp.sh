#!/usr/bin/env bash
# search_memory through `memlayer mcp`, timed from the official Python MCP SDK's client over
# stdio (Benchmarks/mcp-search.py): 10k memories, release build, with the bare ping and
# tools/list round trips as the baseline measured in the same run. Uses the venv of
# scripts/test-mcp.sh. Output: a Markdown table on stdout and in Benchmarks/results/mcp.md.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
venv="${MEMLAYER_MCP_VENV:-$HOME/.cache/memlayer/mcp-venv}"
"$venv/bin/python" -c "import mcp" 2>/dev/null || bash scripts/test-mcp.sh --collect-only -q >/dev/null
swift build -c release --product memlayer >&2
mkdir -p Benchmarks/results
"$venv/bin/python" Benchmarks/mcp-search.py --binary .build/release/memlayer "$@" | tee Benchmarks/results/mcp.md
