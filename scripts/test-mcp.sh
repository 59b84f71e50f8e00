#!/usr/bin/env bash
# `memlayer mcp` driven by a client nobody here wrote: the official Python MCP SDK (PyPI `mcp`)
# over stdio, against the built binary (.build/debug/memlayer unless MEMLAYER_BIN says otherwise).
# Creates or reuses a venv in ~/.cache/memlayer/mcp-venv (MEMLAYER_MCP_VENV to move it) with
# `mcp`, `pytest` and `jsonschema` from PyPI. Extra arguments go to pytest (e.g. -k tasks).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

venv="${MEMLAYER_MCP_VENV:-$HOME/.cache/memlayer/mcp-venv}"
requirements=("mcp==2.3.0" "pytest>=8" "jsonschema>=4.20")
if ! "$venv/bin/python" -c "import mcp, pytest, jsonschema" 2>/dev/null; then
    echo "test-mcp: creating $venv with ${requirements[*]}"
    python=python3
    "$python" -c "import sys; sys.exit(sys.version_info < (3, 10))" || { echo "test-mcp: needs Python 3.10+" >&2; exit 1; }
    if ! "$python" -m venv --clear "$venv" 2>/dev/null; then
        # Debian's Python keeps venv in a separate package.
        sudo_cmd=""
        [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
        $sudo_cmd apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq python3-venv >/dev/null
        "$python" -m venv --clear "$venv"
    fi
    "$venv/bin/pip" install -q "${requirements[@]}"
fi

export MEMLAYER_BIN="${MEMLAYER_BIN:-$PWD/.build/debug/memlayer}"
[ -x "$MEMLAYER_BIN" ] || { echo "test-mcp: $MEMLAYER_BIN is not built (swift build)" >&2; exit 1; }
exec "$venv/bin/python" -m pytest tests/mcp -q -p no:cacheprovider "$@"
