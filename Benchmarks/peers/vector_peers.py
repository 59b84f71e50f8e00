#!/usr/bin/env python3
"""Peers for memlayer-bench: numpy brute force and sqlite-vec's vec0 KNN on the same vectors.

memlayer-bench writes the vectors (N_max x dim little-endian float32, row-major) and the queries
(Q x dim) to binary files, runs this script with Debian's Python in .venv-bench (the pyenv
Python cannot load SQLite extensions) and reads the single JSON object it prints on stdout.
Progress goes to stderr. Timings are milliseconds per query (wall, and this thread's CPU time), one thread (the caller sets
OPENBLAS_NUM_THREADS=1 and friends so numpy's BLAS matches our single-threaded kernels).

Output:
  {"numpy": {"version": ..., "results": [{"n": N, "p50_ms": .., "p90_ms": .., "top": [...]}]},
   "sqlite_vec": {"version": ..., "results": [{"n": N, "build_s": .., "p50_ms": .., ...} or
                                               {"n": N, "skipped": "reason"}]}}
"top" is the first query's top-k rowids (rowid = row index + 1), so the caller can check that
every engine searched the same data.
"""

import argparse
import json
import sqlite3
import sys
import time

import numpy as np
import sqlite_vec


def log(message):
    print(message, file=sys.stderr, flush=True)


def percentile(samples, fraction):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def timings(samples, cpu_samples):
    return {"p50_ms": percentile(samples, 0.5), "p90_ms": percentile(samples, 0.9),
            "cpu_p50_ms": percentile(cpu_samples, 0.5), "runs": len(samples)}


def bench_numpy(vectors, queries, n, k, runs):
    matrix = vectors[:n]  # rows already unit length: a contiguous view, no copy
    samples, cpu_samples = [], []
    top = None
    for i in range(runs):
        query = queries[i % len(queries)]
        cpu_start = time.thread_time()
        start = time.perf_counter()
        q = query / np.linalg.norm(query)
        scores = matrix @ q
        best = np.argpartition(-scores, k - 1)[:k]
        best = best[np.lexsort((best, -scores[best]))]
        samples.append((time.perf_counter() - start) * 1e3)
        cpu_samples.append((time.thread_time() - cpu_start) * 1e3)
        if i == 0:
            top = [int(b) + 1 for b in best]
    return dict(timings(samples, cpu_samples), n=n, top=top)


def bench_sqlite_vec(vectors, queries, n, k, runs):
    dim = vectors.shape[1]
    db = sqlite3.connect(":memory:")
    db.enable_load_extension(True)
    sqlite_vec.load(db)
    db.enable_load_extension(False)
    db.execute(f"CREATE VIRTUAL TABLE items USING vec0(embedding float[{dim}] distance_metric=cosine)")
    start = time.perf_counter()
    with db:
        rows = ((i + 1, vectors[i].tobytes()) for i in range(n))
        db.executemany("INSERT INTO items(rowid, embedding) VALUES (?, ?)", rows)
    build_s = time.perf_counter() - start
    sql = "SELECT rowid, distance FROM items WHERE embedding MATCH ? AND k = ? ORDER BY distance"
    samples, cpu_samples = [], []
    top = None
    for i in range(runs):
        blob = queries[i % len(queries)].tobytes()
        cpu_start = time.thread_time()
        start = time.perf_counter()
        found = db.execute(sql, (blob, k)).fetchall()
        samples.append((time.perf_counter() - start) * 1e3)
        cpu_samples.append((time.thread_time() - cpu_start) * 1e3)
        if i == 0:
            top = [int(rowid) for rowid, _ in found]
    db.close()
    return dict(timings(samples, cpu_samples), n=n, build_s=build_s, top=top)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--vectors", required=True, help="N_max x dim float32 file")
    parser.add_argument("--queries", required=True, help="Q x dim float32 file")
    parser.add_argument("--dim", type=int, required=True)
    parser.add_argument("--sizes", required=True, help="comma-separated N values")
    parser.add_argument("--k", type=int, default=10)
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--vec-budget-s", type=float, default=150.0,
                        help="skip a vec0 size whose build plus queries are predicted to take longer")
    args = parser.parse_args()

    vectors = np.fromfile(args.vectors, dtype="<f4").reshape(-1, args.dim)
    # Normalise once, in place (no second copy of a 3 GB matrix). Cosine does not care, so vec0
    # gets the same unit rows; queries are normalised inside the timed numpy path.
    for start in range(0, len(vectors), 65536):
        block = vectors[start:start + 65536]
        block /= np.linalg.norm(block, axis=1, keepdims=True)
    queries = np.fromfile(args.queries, dtype="<f4").reshape(-1, args.dim)
    sizes = [int(s) for s in args.sizes.split(",")]
    out = {
        "numpy": {"version": np.__version__, "results": []},
        "sqlite_vec": {"version": sqlite_vec_version(), "results": []},
    }

    for n in sizes:
        runs = max(5, min(args.runs, int(args.runs * 100_000 / n)))
        log(f"numpy {n} x {args.dim}")
        out["numpy"]["results"].append(bench_numpy(vectors, queries, n, args.k, runs))

    seconds_per_row = None  # build + queries, learned from the previous size
    for n in sizes:
        runs = max(5, min(args.runs, int(args.runs * 100_000 / n)))
        if seconds_per_row is not None and seconds_per_row * n > args.vec_budget_s:
            predicted = seconds_per_row * n
            out["sqlite_vec"]["results"].append(
                {"n": n, "skipped": f"predicted {predicted:.0f} s > budget {args.vec_budget_s:.0f} s"})
            log(f"sqlite-vec {n} x {args.dim}: skipped (predicted {predicted:.0f} s)")
            continue
        log(f"sqlite-vec {n} x {args.dim}")
        start = time.perf_counter()
        out["sqlite_vec"]["results"].append(bench_sqlite_vec(vectors, queries, n, args.k, runs))
        seconds_per_row = (time.perf_counter() - start) / n

    json.dump(out, sys.stdout)
    sys.stdout.write("\n")


def sqlite_vec_version():
    db = sqlite3.connect(":memory:")
    db.enable_load_extension(True)
    sqlite_vec.load(db)
    version = db.execute("SELECT vec_version()").fetchone()[0]
    db.close()
    return version


if __name__ == "__main__":
    main()
