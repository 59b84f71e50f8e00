#!/usr/bin/env bash
# How long `memlayer import` takes, and how long another writer waits for the store's write lock
# meanwhile (issue 15, item 2), for 2,000, 5,000 and 10,000 rows with 384-dimensional embeddings
# supplied, into a store seeded with one memory and closed once (so `PRAGMA optimize` has
# recorded statistics for a one-row table: the case that used to turn the import quadratic).
#
#   Benchmarks/import-lock.sh            # builds memlayer in release mode first
#   MEMLAYER=.build/debug/memlayer Benchmarks/import-lock.sh
#
# The probe takes and releases the write lock every 10 ms (BEGIN IMMEDIATE; COMMIT) and reports
# its longest wait. The import's CPU time (user + system) is printed too: on a machine shared with
# other work it shows whether the import stays linear when its wall time cannot. Python 3's
# sqlite3 module is the only other requirement.
#
#   MEMLAYER_BEFORE=/path/to/older/memlayer Benchmarks/import-lock.sh   # also measures that binary
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [[ -z "${MEMLAYER:-}" ]]; then
    swift build -c release --product memlayer >&2
    MEMLAYER=.build/release/memlayer
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 - "$work" <<'PY'
import json, random, sys
random.seed(1)
for n in (2000, 5000, 10000):
    with open(f"{sys.argv[1]}/m{n}.jsonl", "w") as f:
        for i in range(n):
            vector = [round(random.uniform(-1, 1), 4) for _ in range(384)]
            text = f"imported memory number {i} about topic {i % 97} and more words {i * 7919 % 10007}"
            f.write(json.dumps({"id": f"imp-{i}", "text": text, "embedding": vector}) + "\n")
PY

echo "| binary | rows | import wall time | import CPU time | longest wait of another writer |"
echo "| --- | ---: | ---: | ---: | ---: |"
for binary in ${MEMLAYER_BEFORE:+"$MEMLAYER_BEFORE"} "$MEMLAYER"; do
label=$([[ "$binary" == "${MEMLAYER_BEFORE:-}" ]] && echo before || echo this)
for n in 2000 5000 10000; do
    store="$work/store-$label-$n.sqlite"
    "$binary" remember "the only memory so far" --embedder hash --store "$store" >/dev/null 2>&1
    python3 - "$label" "$n" "$store" "$binary" import "$work/m$n.jsonl" --embedder hash --store "$store" <<'PY'
import resource, sqlite3, subprocess, sys, threading, time
label, rows, store, command = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
waits, done = [], threading.Event()
def probe():
    db = sqlite3.connect(store, timeout=120, isolation_level=None)
    while not done.is_set():
        began = time.monotonic()
        db.execute("BEGIN IMMEDIATE")
        db.execute("COMMIT")
        waits.append(time.monotonic() - began)
        time.sleep(0.01)
began = time.monotonic()
process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
thread = threading.Thread(target=probe)
thread.start()
status = process.wait()
wall = time.monotonic() - began
done.set()
thread.join()
if status != 0:
    sys.exit(f"import of {rows} rows failed ({status})")
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(f"| {label} | {int(rows):,} | {wall:.2f} s | {usage.ru_utime + usage.ru_stime:.2f} s | {max(waits) * 1000:.0f} ms |")
PY
done
done
