#!/usr/bin/env bash
# PostgreSQL over TLS, against real servers: starts them with scripts/postgres-tls.sh (Debian's
# PostgreSQL with ssl=on taking TLS connections only, and PgBouncer terminating TLS in front of the
# pgvector server, all behind a throwaway CA), builds the tests (incremental), runs the TLS suites,
# and stops every server by PID whatever the outcome. Extra arguments go to `swift test`.
# Without the servers (plain `swift test`), these suites are reported as skipped.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

swift build --build-tests

env_file=$(mktemp)
trap 'rm -f "$env_file"' EXIT
scripts/postgres-tls.sh start >"$env_file"
# shellcheck disable=SC1090
. "$env_file"
trap 'scripts/postgres-tls.sh stop "$MEMLAYER_POSTGRES_TLS_DIR"; rm -f "$env_file"' EXIT

status=0
swift test --skip-build --filter "PostgresTLSTests|PostgresURLTests|CLIPostgresTLSTests" "$@" || status=$?
exit "$status"
