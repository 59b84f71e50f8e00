# Sourced by the scripts that start throwaway servers (postgres.sh, postgres-tls.sh); the caller
# defines `say`.
#
# stop_process FILE SIGNAL MARKER NAME: signals the PID kept in FILE with SIGNAL, only while its
# command line still mentions MARKER (PIDs are reused), waits up to 30 s for it to exit, then
# sends SIGQUIT. A missing FILE does nothing.
stop_process() {
    local file="$1" signal="$2" marker="$3" name="$4" pid
    [ -f "$file" ] || return 0
    pid=$(cat "$file")
    if [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- "$marker"; then
        kill "-$signal" "$pid"
        for _ in $(seq 1 300); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        if kill -0 "$pid" 2>/dev/null; then
            say "$name (PID $pid) did not stop in 30 s; sending SIGQUIT"
            kill -QUIT "$pid" 2>/dev/null || true
            sleep 1
        fi
        say "stopped $name (PID $pid)"
    else
        say "$name (PID $pid) is not running"
    fi
}
