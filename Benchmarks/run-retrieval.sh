#!/usr/bin/env bash
# Evidence recall on the conversation development set (Benchmarks/retrieval/dev): builds the CLI
# and memlayer-bench-retrieval in release mode, imports the set with the real binary
# (`memlayer import --conversations`), and prints recall@5 / @10 per question category for each
# search tier against plain BM25 and plain vector search. Output: a Markdown table on stdout and
# in Benchmarks/results/retrieval.md; what the default search missed goes to standard error.
#
#   Benchmarks/run-retrieval.sh
#   MEMLAYER_EVAL_BASE_URL=http://127.0.0.1:8080/v1 MEMLAYER_EVAL_MODEL=qwen2.5-0.5b-instruct \
#       Benchmarks/run-retrieval.sh     # also facts extracted by that model (slow on a small CPU)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
swift build -c release --product memlayer >&2
swift build -c release --product memlayer-bench-retrieval >&2
mkdir -p Benchmarks/results
.build/release/memlayer-bench-retrieval --cli .build/release/memlayer "$@" | tee Benchmarks/results/retrieval.md
