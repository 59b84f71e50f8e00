#!/usr/bin/env bash
# Vector search on PostgreSQL + pgvector (issue 18): top-10 for one user among several, exact,
# then through an HNSW index (forced at ef_search 40 and 100, and as the planner chooses), with
# recall@10 against exact, p50/p90 over the same queries, on a throwaway server
# (scripts/postgres.sh). Output: a Markdown table on stdout.
#
#   Benchmarks/run-postgres-search.sh                 # 100k rows x 384, 10 users, 50 queries
#   SEARCH_ROWS="10000 100000 1000000" SEARCH_DATA="clustered uniform" Benchmarks/run-postgres-search.sh
#
# The vectors are synthetic: "clustered" (topics and subtopics, as sentence embeddings group;
# the default) or "uniform" (no structure: the worst case for HNSW, where every distance is
# about the same). Recall on real embeddings needs real text embedded by the real model.
#
# The server gets 512 MB for index builds so the HNSW graph of 100k rows is built in memory.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

sizes="${SEARCH_ROWS:-100000}"
dimension="${SEARCH_DIMENSION:-384}"
users="${SEARCH_USERS:-10}"
queries="${SEARCH_QUERIES:-50}"
shapes="${SEARCH_DATA:-clustered}"
swift build -c release --product memlayer-bench-postgres >&2
bench="$(swift build -c release --show-bin-path)/memlayer-bench-postgres"

env_file=$(mktemp)
trap 'rm -f "$env_file"' EXIT
MEMLAYER_POSTGRES_SETTINGS="${MEMLAYER_POSTGRES_SETTINGS:--c maintenance_work_mem=512MB}" \
    scripts/postgres.sh start >"$env_file"
# shellcheck disable=SC1090
. "$env_file"
trap 'scripts/postgres.sh stop "$MEMLAYER_POSTGRES_DIR"; rm -f "$env_file"' EXIT
base="$MEMLAYER_TEST_POSTGRES_URL"

echo "| method | data | rows | user's rows | p50 ms | p90 ms | recall@10 |"
echo "| --- | --- | --- | --- | --- | --- | --- |"
for shape in $shapes; do
    for rows in $sizes; do
        database="search_bench_${shape}_$rows"
        "$MEMLAYER_POSTGRES_BIN/psql" -X -q -v ON_ERROR_STOP=1 "$base" -c "CREATE DATABASE $database"
        MEMLAYER_TEST_POSTGRES_URL="${base%/*}/$database" \
            "$bench" search "$rows" "$dimension" "$users" "$queries" "$shape"
        "$MEMLAYER_POSTGRES_BIN/psql" -X -q "$base" -c "DROP DATABASE $database"
    done
done
