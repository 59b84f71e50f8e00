#!/usr/bin/env bash
# Import throughput on PostgreSQL (issue 18): memories with a unit vector each, written by binary
# COPY and by row-by-row INSERTs (two a row, one transaction), each into a fresh database on a
# throwaway server (scripts/postgres.sh), in the same run. Output: a Markdown table on stdout.
#
#   Benchmarks/run-postgres-import.sh                    # 10k rows both ways, 100k by COPY, 384-d
#   IMPORT_ROWS=20000 IMPORT_LARGE_ROWS=1000000 Benchmarks/run-postgres-import.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

rows="${IMPORT_ROWS:-10000}"
large="${IMPORT_LARGE_ROWS:-100000}"
dimension="${IMPORT_DIMENSION:-384}"
swift build -c release --product memlayer-bench-postgres >&2
bench="$(swift build -c release --show-bin-path)/memlayer-bench-postgres"

env_file=$(mktemp)
trap 'rm -f "$env_file"' EXIT
scripts/postgres.sh start >"$env_file"
# shellcheck disable=SC1090
. "$env_file"
trap 'scripts/postgres.sh stop "$MEMLAYER_POSTGRES_DIR"; rm -f "$env_file"' EXIT
base="$MEMLAYER_TEST_POSTGRES_URL"

echo "| method | rows | dimension | seconds | rows/s |"
echo "| --- | --- | --- | --- | --- |"
run=0
for case in "insert $rows" "copy $rows" "copy $large"; do
    set -- $case
    run=$((run + 1))
    database="import_bench_$run"
    "$MEMLAYER_POSTGRES_BIN/psql" -X -q -v ON_ERROR_STOP=1 "$base" -c "CREATE DATABASE $database"
    MEMLAYER_TEST_POSTGRES_URL="${base%/*}/$database" "$bench" import "$2" "$dimension" "$1"
    "$MEMLAYER_POSTGRES_BIN/psql" -X -q "$base" -c "DROP DATABASE $database"
done
