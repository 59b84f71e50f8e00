#!/usr/bin/env bash
# The edge benchmark (issue 19): one `memlayer search` as a whole process (wall time with
# hyperfine, peak RSS with /usr/bin/time), MiniLM's 256-sentence batch on one thread, a CLI
# import of 5,882 short memories, opening a 100k and a 1M x 384 store with the first search.
# Every row runs the previous path ("before": float32 weights packed at each start, one
# embedding thread, indexes loaded through SQLite) and the current one in the same run, chosen
# by environment switches, so the ratios compare like with like on whatever else the machine is
# doing. Output: a Markdown table on stdout and in Benchmarks/results/edge.md.
#
#   Benchmarks/run-edge.sh                       # everything (~10 minutes on 2 cores, plus building)
#   EDGE_LARGE_ROWS=200000 Benchmarks/run-edge.sh   # a smaller "large" store
#   EDGE_SKIP_IMPORT=1 Benchmarks/run-edge.sh       # without the two ~minute-long imports
#   SCRATCH_PATH=... STATIC_SCRATCH_PATH=... Benchmarks/run-edge.sh   # other build folders
#
# Needs hyperfine (Debian: apt-get install hyperfine; installed here when missing) and the
# model (models/fetch.sh). Stores and caches live in a temporary folder, removed at the end
# (the 1M store takes ~3.5 GB with its index file).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if ! command -v hyperfine >/dev/null; then
    sudo_cmd=""
    [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq hyperfine >/dev/null
fi

scratch="${SCRATCH_PATH:-.build}"
swift build -c release --scratch-path "$scratch" --product memlayer >&2
swift build -c release --scratch-path "$scratch" --product memlayer-bench-edge >&2
# The same CLI with the Swift runtime and Foundation linked in: 40 shared libraries instead of
# 54, so far less symbol binding at start (how an installer may choose to build it).
static_scratch="${STATIC_SCRATCH_PATH:-$scratch-static}"
swift build -c release --static-swift-stdlib --scratch-path "$static_scratch" --product memlayer >&2
memlayer="$(pwd)/$scratch/release/memlayer"
memlayer_static="$(cd "$static_scratch" && pwd)/release/memlayer"
bench="$(pwd)/$scratch/release/memlayer-bench-edge"
models="${MEMLAYER_MODELS:-$(pwd)/models}"
model_dir="$models/cache/all-MiniLM-L6-v2"
large_rows="${EDGE_LARGE_ROWS:-1000000}"

work="$(mktemp -d "${TMPDIR:-/tmp}/memlayer-edge.XXXXXX")"
trap 'rm -rf "$work"' EXIT
export MEMLAYER_MODELS="$models"
export MEMLAYER_CACHE="$work/cache"  # the half-precision side file starts absent: the first start writes it
log() { echo "run-edge.sh: $*" >&2; }

# The switches that select the previous paths.
before_env=(MEMLAYER_MINILM_WEIGHTS=f32 MEMLAYER_EMBED_THREADS=1 MEMLAYER_VECTOR_FILES=0)

python3 - "$work" <<'PY'
import json, random, sys
work = sys.argv[1]
random.seed(19)
subjects = ["my sister", "Dana", "the dentist", "grandma", "my manager", "the neighbours", "Leo", "our team"]
verbs = ["likes", "moved to", "bought", "asked about", "is allergic to", "booked", "recommended", "forgot"]
things = ["green tea", "Porto", "a red bicycle", "the quarterly report", "peanuts", "jazz on Fridays",
          "a trip to Kyoto", "the blue notebook", "sourdough bread", "the 9am standup"]
def memories(n):
    return [{"text": f"{random.choice(subjects)} {random.choice(verbs)} {random.choice(things)} ({i})"} for i in range(n)]
with open(f"{work}/small.jsonl", "w") as f:
    for m in memories(200): f.write(json.dumps(m) + "\n")
with open(f"{work}/import.jsonl", "w") as f:
    for m in memories(5882): f.write(json.dumps(m) + "\n")
PY

# ---- 1. one `memlayer search` as a whole process -------------------------------------------
log "building the small store"
"$memlayer" import "$work/small.jsonl" --store "$work/small.sqlite" --user bench >/dev/null
"$memlayer" search "who likes green tea" --store "$work/small.sqlite" --user bench >/dev/null  # writes the side file
search=(search "who likes green tea" --store "$work/small.sqlite" --user bench)
log "timing cold searches (hyperfine)"
hyperfine -N --warmup 3 --runs "${EDGE_SEARCH_RUNS:-30}" --export-json "$work/search.json" \
    -n before "env ${before_env[*]} $memlayer ${search[*]@Q}" \
    -n after "env $memlayer ${search[*]@Q}" \
    -n static "env $memlayer_static ${search[*]@Q}" \
    -n lightweight "env $memlayer ${search[*]@Q} --lightweight" >&2
peak_rss() {  # the median peak RSS in MB of 9 runs of the command
    for _ in 1 2 3 4 5 6 7 8 9; do
        /usr/bin/time -f "%M" "$@" 2>&1 >/dev/null | tail -1
    done | sort -n | sed -n 5p | awk '{printf "%.0f", $1 / 1024}'
}
rss_before=$(peak_rss env "${before_env[@]}" "$memlayer" "${search[@]}")
rss_after=$(peak_rss "$memlayer" "${search[@]}")
rss_light=$(peak_rss "$memlayer" "${search[@]}" --lightweight)
rss_static=$(peak_rss "$memlayer_static" "${search[@]}")

# ---- 2. MiniLM, 256 sentences, one thread ---------------------------------------------------
log "timing the 256-sentence batch"
ids=Benchmarks/peers/minilm_peer_ids.json
embed_before=$(env MEMLAYER_MINILM_WEIGHTS=f32 "$bench" embed-batch --model "$model_dir" --ids $ids)
embed_after=$(env "$bench" embed-batch --model "$model_dir" --ids $ids)
embed_avx2_before=$(env MEMLAYER_MINILM_WEIGHTS=f32 MEMLAYER_MINILM_KERNELS=avx2 "$bench" embed-batch --model "$model_dir" --ids $ids)
embed_avx2_after=$(env MEMLAYER_MINILM_KERNELS=avx2 "$bench" embed-batch --model "$model_dir" --ids $ids)

# ---- 3. CLI import of 5,882 short memories ---------------------------------------------------
import_before="" import_after=""
if [ -z "${EDGE_SKIP_IMPORT:-}" ]; then
    timed_import() {  # wall, user and system seconds of one import into a fresh store
        local store="$work/import-$1.sqlite"
        shift
        /usr/bin/time -f "%e %U %S" "$@" "$memlayer" import "$work/import.jsonl" --store "$store" --user bench \
            2>&1 >/dev/null | tail -1
    }
    log "importing 5,882 memories the previous way"
    import_before=$(timed_import before env "${before_env[@]}")
    log "importing 5,882 memories"
    import_after=$(timed_import after env)
fi

# ---- 4. large stores: open + first search, and 100k ------------------------------------------
open_runs() {  # the median JSON of 3 open-search runs (in fresh processes)
    local path="$1"
    shift
    for _ in 1 2 3; do "$@" "$bench" open-search --path "$path"; done | python3 -c '
import json, sys
runs = [json.loads(line) for line in sys.stdin]
runs.sort(key=lambda r: r["open_and_first_ms"])
print(json.dumps(runs[len(runs) // 2]))'
}
for rows in 100000 "$large_rows"; do
    log "building a store of $rows memories"
    "$bench" make-store --path "$work/large-$rows.sqlite" --rows "$rows" >/dev/null
done
log "opening the stores"
load_before=$(open_runs "$work/large-100000.sqlite" env MEMLAYER_VECTOR_FILES=0)
"$bench" open-search --path "$work/large-100000.sqlite" >/dev/null  # loads through SQLite, writes the index file on close
load_after=$(open_runs "$work/large-100000.sqlite" env)
large_before=$(open_runs "$work/large-$large_rows.sqlite" env MEMLAYER_VECTOR_FILES=0)
"$bench" open-search --path "$work/large-$large_rows.sqlite" >/dev/null
large_after=$(open_runs "$work/large-$large_rows.sqlite" env)

# ---- the table ---------------------------------------------------------------------------------
mkdir -p Benchmarks/results
python3 - "$work/search.json" "$rss_before" "$rss_after" "$rss_light" "$embed_before" "$embed_after" \
    "$embed_avx2_before" "$embed_avx2_after" "$import_before" "$import_after" "$load_before" "$load_after" \
    "$large_before" "$large_after" "$large_rows" "${OPENBLAS_CORETYPE:-(unset)}" "$rss_static" <<'PY' | tee Benchmarks/results/edge.md
import json, sys
(search_json, rss_b, rss_a, rss_l, emb_b, emb_a, emb2_b, emb2_a, imp_b, imp_a,
 load_b, load_a, large_b, large_a, large_rows, coretype, rss_s) = sys.argv[1:]
runs = {r["command"]: r for r in json.load(open(search_json))["results"]}
def ms(name): return runs[name]["median"] * 1000
def cpu(name): return (runs[name]["user"] + runs[name]["system"]) * 1000
def ratio(before, after): return f"{before / after:.1f}×" if after else "—"
eb, ea, e2b, e2a = (json.loads(x) for x in (emb_b, emb_a, emb2_b, emb2_a))
lb, la, gb, ga = (json.loads(x) for x in (load_b, load_a, large_b, large_a))
rows = int(large_rows)
print("# MemLayer edge benchmark (issue 19)\n")
print(f"One run; 2 cores shared with other work; OPENBLAS_CORETYPE={coretype}. \"before\" is the previous path "
      "in the same run (float32 weights packed at every start, one embedding thread, indexes loaded "
      "through SQLite), selected by environment switches.\n")
print("| what | before | after | ratio | target |")
print("| --- | ---: | ---: | ---: | --- |")
print(f"| one `memlayer search` as a whole process (small store), median wall | {ms('before'):.0f} ms | "
      f"{ms('after'):.0f} ms | {ratio(ms('before'), ms('after'))} | ≤ 40 ms |")
print(f"| same, CPU time (user + system) | {cpu('before'):.0f} ms | {cpu('after'):.0f} ms | "
      f"{ratio(cpu('before'), cpu('after'))} | |")
print(f"| same, peak RSS | {rss_b} MB | {rss_a} MB | {ratio(float(rss_b), float(rss_a))} | ≤ 60 MB |")
print(f"| same, built with `--static-swift-stdlib` | | {ms('static'):.0f} ms wall, {cpu('static'):.0f} ms CPU, "
      f"{rss_s} MB | {ratio(ms('before'), ms('static'))} | |")
print(f"| `memlayer search --lightweight` (no model), for reference | | {ms('lightweight'):.0f} ms, {rss_l} MB | | |")
print(f"| MiniLM, 256 sentences ({eb['batch_tokens']:.0f} tokens), one thread, AVX-512, wall | {eb['batch_ms']:.0f} ms | "
      f"{ea['batch_ms']:.0f} ms | {ratio(eb['batch_ms'], ea['batch_ms'])} | ≤ 600 ms |")
print(f"| same, the thread's CPU time | {eb['batch_cpu_ms']:.0f} ms | {ea['batch_cpu_ms']:.0f} ms | "
      f"{ratio(eb['batch_cpu_ms'], ea['batch_cpu_ms'])} | |")
print(f"| same, AVX2 kernels, CPU time | {e2b['batch_cpu_ms']:.0f} ms | {e2a['batch_cpu_ms']:.0f} ms | "
      f"{ratio(e2b['batch_cpu_ms'], e2a['batch_cpu_ms'])} | |")
print(f"| MiniLM, one short sentence, AVX-512 | {eb['single_ms']:.2f} ms | {ea['single_ms']:.2f} ms | "
      f"{ratio(eb['single_ms'], ea['single_ms'])} | |")
print(f"| loading the encoder (after: side file already written) | {eb['load_ms']:.0f} ms | {ea['load_ms']:.1f} ms | "
      f"{ratio(eb['load_ms'], ea['load_ms'])} | |")
if imp_b and imp_a:
    (wb, ub, sb), (wa, ua, sa) = ([float(x) for x in v.split()] for v in (imp_b, imp_a))
    print(f"| CLI import of 5,882 short memories, embedding included, wall | {wb:.1f} s | {wa:.1f} s | "
          f"{ratio(wb, wa)} | ≤ 8 s |")
    print(f"| same, CPU time (user + system, all threads) | {ub + sb:.1f} s | {ua + sa:.1f} s | "
          f"{ratio(ub + sb, ua + sa)} | |")
print(f"| open a store of {rows:,} × 384 and answer the first search | {gb['open_and_first_ms']:.0f} ms | "
      f"{ga['open_and_first_ms']:.0f} ms | {ratio(gb['open_and_first_ms'], ga['open_and_first_ms'])} | ≤ 300 ms |")
print(f"| load 100k embeddings into the index (first search after open: load + one top-10) | "
      f"{lb['first_search_ms']:.0f} ms | {la['first_search_ms']:.1f} ms | "
      f"{ratio(lb['first_search_ms'], la['first_search_ms'])} | ≤ 60 ms |")
print(f"| 100k store: later searches (index in memory; after: still mapped), median | "
      f"{lb['later_search_ms']:.2f} ms | {la['later_search_ms']:.2f} ms | | |")
print(f"| {rows:,} store: later searches, median | {gb['later_search_ms']:.2f} ms | {ga['later_search_ms']:.2f} ms | | |")
PY
