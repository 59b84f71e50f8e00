#!/usr/bin/env bash
# Runs the test suite under a sanitizer, in its own build folder (.build-<sanitizer>), serially
# like scripts/test.sh. Not part of CI: a debug build with a sanitizer takes ~1.5 minutes and the
# suite ~3 (address) or longer (thread).
#
#   scripts/sanitize.sh                    # AddressSanitizer, whole suite
#   scripts/sanitize.sh address CMemVec    # only tests matching a filter
#   scripts/sanitize.sh thread Extraction  # ThreadSanitizer
#
# Leak reports are off: LeakSanitizer lists one-time statics (Regex literals) and XCTest /
# Foundation.Process internals, and its exit code would fail the CLI tests' child processes.
# ThreadSanitizer on Linux does not model Synchronization.Mutex (Swift 6.3): it reports races on
# state every access to which holds the lock (WakeSignal, for one); read its reports with that
# in mind.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

sanitizer="${1:-address}"
filter="${2:-}"
case "$sanitizer" in
address | thread) ;;
*)
    echo "sanitize.sh: the sanitizer is 'address' or 'thread', not '$sanitizer'" >&2
    exit 2
    ;;
esac
bash scripts/setup.sh
scratch=".build-$sanitizer"
swift build --build-tests --sanitize="$sanitizer" --scratch-path "$scratch"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0}"
args=(--skip-build --no-parallel --sanitize="$sanitizer" --scratch-path "$scratch")
[ -n "$filter" ] && args+=(--filter "$filter")
swift test "${args[@]}"
