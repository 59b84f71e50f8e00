#!/usr/bin/env bash
# Builds and runs the libFuzzer target for CMemVec's BLOB loader (Tests/Fuzz/fuzz_load.c) with
# AddressSanitizer: any read past a BLOB's end, bad accounting or inconsistent search results
# aborts with the input that caused it. CI (scripts/test.sh) runs it for 10 seconds.
#
#   scripts/fuzz-load.sh            # 60 seconds
#   scripts/fuzz-load.sh 600        # ten minutes
# New interesting inputs are added to a scratch copy of the corpus under .build-fuzz/.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

seconds="${1:-60}"
out=.build-fuzz
mkdir -p "$out/corpus"
cp -n Tests/Fuzz/corpus/load/* "$out/corpus/" 2>/dev/null || true
clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
    -ICSources/CMemVec -ICSources/CMemVec/include -ICSources/CLazyBLAS/include $(pkg-config --cflags sqlite3) \
    CSources/CMemVec/*.c CSources/CLazyBLAS/lazy_blas.c Tests/Fuzz/fuzz_load.c \
    $(pkg-config --libs sqlite3) -lm -lpthread -o "$out/fuzz_load"
OPENBLAS_NUM_THREADS=1 "$out/fuzz_load" -max_total_time="$seconds" -max_len=8192 "$out/corpus"
