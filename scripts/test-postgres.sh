#!/usr/bin/env bash
# MemLayerPostgresTests and the store conformance suite (SQLite and PostgreSQL) against a real
# PostgreSQL 18 + pgvector (and the CLI's PostgreSQL suites): starts a throwaway server with
# scripts/postgres.sh, builds the tests (incremental), runs the suites, and stops the server by
# PID whatever the outcome. Extra arguments go to `swift test` (e.g. --filter PostgresQueueTests).
# Without a server (plain `swift test`), these suites are reported as skipped.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

swift build --build-tests
# The public-API test below must stay public-API only, and stores stay sealed (no server needed).
bash scripts/check-public-api.sh

env_file=$(mktemp)
trap 'rm -f "$env_file"' EXIT
scripts/postgres.sh start >"$env_file"
# shellcheck disable=SC1090
. "$env_file"
trap 'scripts/postgres.sh stop "$MEMLAYER_POSTGRES_DIR"; rm -f "$env_file"' EXIT

status=0
swift test --skip-build --filter "MemLayerPostgresTests|MemLayerStoreConformanceTests|CLIPostgres" "$@" || status=$?
exit "$status"
