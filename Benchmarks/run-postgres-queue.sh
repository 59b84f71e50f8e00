#!/usr/bin/env bash
# Extraction-queue throughput on PostgreSQL with 1, 2 and 4 worker processes (issue 18): each
# worker claims a job (FOR UPDATE SKIP LOCKED, with a lease), records it and completes it in
# one transaction, until the queue is empty; no LLM call, so this is the queue's own cost.
# Every worker count gets a fresh database with the same jobs, in the same run on a throwaway
# server (scripts/postgres.sh). Output: a Markdown table on stdout.
#
#   Benchmarks/run-postgres-queue.sh            # 3,000 jobs per run
#   QUEUE_JOBS=10000 QUEUE_WORKERS="4 2 1 1" Benchmarks/run-postgres-queue.sh   # other sizes and order
#
# On a 2-core machine the server and the workers share both cores: more workers overlap the
# network waits, not the CPU.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

jobs_per_run="${QUEUE_JOBS:-3000}"
swift build -c release --product memlayer-postgres-queue-worker >&2
worker="$(swift build -c release --show-bin-path)/memlayer-postgres-queue-worker"

env_file=$(mktemp)
trap 'rm -f "$env_file"' EXIT
scripts/postgres.sh start >"$env_file"
# shellcheck disable=SC1090
. "$env_file"
trap 'scripts/postgres.sh stop "$MEMLAYER_POSTGRES_DIR"; rm -f "$env_file"' EXIT
base="$MEMLAYER_TEST_POSTGRES_URL"
psql=("$MEMLAYER_POSTGRES_BIN/psql" -X -q -v ON_ERROR_STOP=1)

echo "| workers | jobs | seconds | jobs/s | each job once |"
echo "| --- | --- | --- | --- | --- |"
for count in ${QUEUE_WORKERS:-1 2 4}; do
    run=$((${run:-0} + 1))
    database="queue_bench_${run}_$count"
    "${psql[@]}" "$base" -c "CREATE DATABASE $database"
    url="${base%/*}/$database"
    MEMLAYER_TEST_POSTGRES_URL="$url" "$worker" setup "$jobs_per_run"
    start=$(date +%s.%N)
    pids=()
    for index in $(seq 1 "$count"); do
        MEMLAYER_TEST_POSTGRES_URL="$url" "$worker" drain "w$index" 60 >/dev/null &
        pids+=($!)
    done
    for pid in "${pids[@]}"; do wait "$pid"; done
    end=$(date +%s.%N)
    check=$("${psql[@]}" "$url" -tA -c \
        "SELECT count(*) = count(DISTINCT job_id) AND count(*) = $jobs_per_run FROM queue_test_processed")
    python3 -c "
s = $end - $start
print(f'| $count | $jobs_per_run | {s:.2f} | {$jobs_per_run / s:.0f} | ' + ('yes' if '$check' == 't' else 'NO') + ' |')"
done
