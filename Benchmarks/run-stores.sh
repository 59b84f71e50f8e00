#!/usr/bin/env bash
# SQLite (+ CMemVec) against PostgreSQL + pgvector (exact and HNSW) in one run, on the same data
# (issue 18): the search_memory round and the vector top-10 alone (p50/p90, CPU per round,
# recall@10 of HNSW against exact), import throughput, the HNSW build time, and the extraction
# queue with 1, 2 and 4 workers. One throwaway server (scripts/postgres.sh), stopped by PID at the
# end. Output: Markdown tables on stdout and in Benchmarks/results/stores.md.
#
#   Benchmarks/run-stores.sh                                   # 10k, 100k and 1M memories (1M: long)
#   STORES_SIZES="10000 100000" Benchmarks/run-stores.sh       # sizes of the measured user's memory
#   STORES_REAL_UP_TO=1000000 Benchmarks/run-stores.sh         # real MiniLM vectors at 1M too
#
# The measured user holds N memories, nine others N/4 between them. Texts are generated facts;
# sizes up to STORES_REAL_UP_TO (default 100000) carry the real MiniLM vector of every text,
# embedded once and cached in ~/.cache/memlayer/bench (125k sentences: minutes; 1.25M: about 40
# min on 2 cores); larger sizes reuse those vectors with noise and say so in the table.
# Other knobs: STORES_PASSES (timed passes over 40 questions: 3, and 1 above 100k), STORES_IMPORT_BATCH (50000),
# STORES_EF_SEARCH ("40 100"), QUEUE_JOBS (3000), QUEUE_WORKERS ("1 2 4"), and the server's settings
# in STORES_POSTGRES_SETTINGS (printed with the results). To look at query plans, run the binary
# (.build/release/memlayer-bench-stores) on a server of your own with STORES_KEEP_DATABASE=1.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/setup.sh >&2
swift build -c release --product memlayer-bench-stores >&2
bench="$(swift build -c release --show-bin-path)/memlayer-bench-stores"

# A server sized like a small dedicated database machine. pgvector builds HNSW fastest when the
# graph fits in maintenance_work_mem (244 MB at 125k rows, so ~2.5 GB at 1.25M; beyond it the
# build goes on on disk, slower); fsync and synchronous_commit stay on, as in production.
settings="${STORES_POSTGRES_SETTINGS:--c shared_buffers=2GB -c maintenance_work_mem=4GB -c effective_cache_size=8GB -c work_mem=64MB}"
env_file=$(mktemp)
trap 'rm -f "$env_file"' EXIT
MEMLAYER_POSTGRES_SETTINGS="$settings" scripts/postgres.sh start >"$env_file"
# shellcheck disable=SC1090
. "$env_file"
trap 'scripts/postgres.sh stop "$MEMLAYER_POSTGRES_DIR"; rm -f "$env_file"' EXIT

mkdir -p Benchmarks/results
results=Benchmarks/results/stores.md
started=$(date +%s)
{
    echo "# SQLite against PostgreSQL on the same memories"
    echo
    echo "\`$0\` on $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown);" \
        "sizes: ${STORES_SIZES:-10000 100000 1000000}."
    echo
    "$bench"
    echo
    echo "## Extraction queue, 1, 2 and 4 worker processes (no model call: the queue's own cost)"
    echo
} | tee "$results"

# The queue benchmark of both stores (Benchmarks/run-queue.sh) when this tree has it, on the same
# server; otherwise PostgreSQL's alone, which starts its own.
if [ -x Benchmarks/run-queue.sh ]; then
    MEMLAYER_TEST_POSTGRES_URL="$MEMLAYER_TEST_POSTGRES_URL" Benchmarks/run-queue.sh | tee -a "$results"
else
    {
        echo "PostgreSQL only (\`Benchmarks/run-postgres-queue.sh\`, its own server; SQLite's queue is not measured here)."
        echo
        Benchmarks/run-postgres-queue.sh
    } | tee -a "$results"
fi
echo | tee -a "$results"
echo "Whole run: $(( ($(date +%s) - started) / 60 )) min." | tee -a "$results"
