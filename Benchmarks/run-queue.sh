#!/usr/bin/env bash
# Extraction-queue throughput through the store protocol, on SQLite and on PostgreSQL, with 1, 2
# and 4 worker processes (issue 18). Each worker claims a job (ExtractionQueueStoring.claimJob:
# BEGIN IMMEDIATE on SQLite, FOR UPDATE SKIP LOCKED on PostgreSQL, with a lease) and finishes it
# with a trivial write (closeJob: the job ends and one history line is written, in one
# transaction), until none is left; no LLM call, so this is the queue's own cost. Every run gets
# a fresh store (a new SQLite file, a new PostgreSQL database) with the same jobs. "each job
# once": every job was claimed by exactly one worker and the queue is empty at the end.
#
#   Benchmarks/run-queue.sh                      # 3,000 jobs, 1 2 4 workers, both stores
#   QUEUE_JOBS=10000 QUEUE_WORKERS="4 2 1" QUEUE_STORES=sqlite Benchmarks/run-queue.sh
#
# PostgreSQL: the server in MEMLAYER_TEST_POSTGRES_URL when set (its role must be allowed to
# create databases), else a throwaway one from scripts/postgres.sh, stopped by PID at the end.
# Output: a Markdown table on stdout; build and server messages go to stderr.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

jobs_per_run="${QUEUE_JOBS:-3000}"
stores="${QUEUE_STORES:-sqlite postgres}"
swift build -c release --product memlayer-postgres-queue-worker >&2
worker="$(swift build -c release --show-bin-path)/memlayer-postgres-queue-worker"

folder=$(mktemp -d)
cleanup() { rm -rf "$folder"; }
trap cleanup EXIT
if [[ " $stores " == *" postgres "* && -z "${MEMLAYER_TEST_POSTGRES_URL:-}" ]]; then
    scripts/postgres.sh start >"$folder/env"
    # shellcheck disable=SC1091
    . "$folder/env"
    trap 'scripts/postgres.sh stop "$MEMLAYER_POSTGRES_DIR"; cleanup' EXIT
fi

echo "| store | workers | jobs | seconds | jobs/s | each job once |"
echo "| --- | --- | --- | --- | --- | --- |"
run=0
for store in $stores; do
    for count in ${QUEUE_WORKERS:-1 2 4}; do
        run=$((run + 1))
        if [[ "$store" == sqlite ]]; then
            location="$folder/queue-$run.sqlite"
            label=SQLite
        else
            database="queue_bench_${$}_$run"
            location=$("$worker" database create "$database")
            label=PostgreSQL
        fi
        MEMLAYER_QUEUE_STORE="$location" "$worker" store-setup "$jobs_per_run"
        start=$(date +%s.%N)
        pids=()
        for index in $(seq 1 "$count"); do
            MEMLAYER_QUEUE_STORE="$location" "$worker" store-drain >"$folder/claims-$run-$index" &
            pids+=($!)
        done
        for pid in "${pids[@]}"; do wait "$pid"; done
        end=$(date +%s.%N)
        left=$(MEMLAYER_QUEUE_STORE="$location" "$worker" store-count)
        claims=$(cat "$folder"/claims-"$run"-* | grep -c '^claimed ' || true)
        distinct=$(cat "$folder"/claims-"$run"-* | grep '^claimed ' | sort -u | wc -l)
        once=NO
        if [[ "$claims" == "$jobs_per_run" && "$distinct" == "$jobs_per_run" && "$left" == 0 ]]; then once=yes; fi
        python3 -c "
s = $end - $start
print(f'| $label | $count | $jobs_per_run | {s:.2f} | {$jobs_per_run / s:.0f} | $once |')"
        if [[ "$store" == postgres ]]; then "$worker" database drop "$database" >/dev/null; fi
    done
done
