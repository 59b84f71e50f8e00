#!/usr/bin/env bash
# The vector-search benchmark, end to end: installs what it needs (python3-venv, a venv at
# .venv-bench made with Debian's /usr/bin/python3 holding numpy and sqlite-vec), builds
# memlayer-bench in release mode, and runs it. The Markdown report goes to stdout and to
# Benchmarks/results/latest.md; progress goes to stderr.
#
#   Benchmarks/run.sh                      # everything (about 5 minutes on 2 cores, plus building)
#   Benchmarks/run.sh --sizes 10000,100000 --dims 384 --load-sizes 10000,100000   # quicker
#   SCRATCH_PATH=.build-memvec Benchmarks/run.sh   # reuse another build folder
#
# Arguments are passed to memlayer-bench (see `--help`). Close other heavy work first: the
# numbers are memory-bandwidth bound and the other core's load shows in them.
# OPENBLAS_CORETYPE, if set, is passed through (it picks OpenBLAS's CPU kernel) and printed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

venv=.venv-bench
python=/usr/bin/python3  # Debian's: the pyenv Python cannot load SQLite extensions

if ! dpkg-query -W -f='${Status}' python3-venv 2>/dev/null | grep -q "install ok installed"; then
    echo "run.sh: installing python3-venv" >&2
    sudo_cmd=""
    [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq python3-venv >/dev/null
fi
if ! "$venv/bin/python" -c 'import numpy, sqlite_vec' 2>/dev/null; then
    echo "run.sh: creating $venv with numpy and sqlite-vec" >&2
    rm -rf "$venv"
    "$python" -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "numpy==2.4.6" "sqlite-vec==0.1.9"
fi

scratch="${SCRATCH_PATH:-.build}"
swift build -c release --scratch-path "$scratch" --product memlayer-bench >&2

mkdir -p Benchmarks/results
"$scratch/release/memlayer-bench" --python "$venv/bin/python" \
    --peers-script Benchmarks/peers/vector_peers.py --data-dir Benchmarks/data "$@" |
    tee Benchmarks/results/latest.md
