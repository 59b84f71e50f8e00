#!/usr/bin/env bash
# The embedder and chat-path benchmark: builds memlayer-bench-pipeline in release mode and runs
# it against the Python peer (sentence-transformers on CPU torch, one thread) in a venv at
# .venv-peers, which this script creates (torch 2.13.0+cpu from PyPI, ~200 MB) unless
# --no-peer is given. Output: a Markdown table on stdout and in Benchmarks/results/pipeline.md.
#
#   Benchmarks/run-pipeline.sh                 # everything (a few minutes on 2 cores)
#   Benchmarks/run-pipeline.sh --no-peer       # ours only
#   Benchmarks/run-pipeline.sh --no-peer --scale-only   # only the search_memory round over 10k facts + 50k turns
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh

peer=1
args=()
for argument in "$@"; do
    if [ "$argument" = "--no-peer" ]; then peer=0; else args+=("$argument"); fi
done

venv=.venv-peers
if [ "$peer" = 1 ] && ! python3 -c 'import venv, ensurepip' 2>/dev/null; then
    sudo_cmd=""
    [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq python3-venv >/dev/null
fi
if [ "$peer" = 1 ] && ! "$venv/bin/python" -c 'import torch, sentence_transformers' 2>/dev/null; then
    echo "run-pipeline.sh: creating $venv with torch (CPU) and sentence-transformers" >&2
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "torch==2.13.0+cpu" "sentence-transformers==6.2.0"
fi

swift build -c release --product memlayer-bench-pipeline >&2
mkdir -p Benchmarks/results
python_args=()
[ "$peer" = 1 ] && python_args=(--python "$venv/bin/python")
results=Benchmarks/results/pipeline.md
for argument in "${args[@]}"; do
    if [ "$argument" = "--scale-only" ]; then results=Benchmarks/results/pipeline-scale.md; fi
done
.build/release/memlayer-bench-pipeline "${python_args[@]}" "${args[@]}" | tee "$results"
