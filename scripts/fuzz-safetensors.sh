#!/usr/bin/env bash
# Fuzzes the safetensors reader (CSources/CMiniLM/safetensors*.c and the tensor checks in model.c)
# with libFuzzer under AddressSanitizer and UndefinedBehaviorSanitizer. CI (scripts/test.sh) runs it for 10 seconds.
#
#   scripts/fuzz-safetensors.sh [seconds]     (default 120)
#
# Needs a clang with libFuzzer: the Swift toolchain's (/opt/swift/usr/bin/clang) has it; with
# Debian's clang, install libclang-rt-<version>-dev. New inputs found go to .build-fuzz/corpus
# (git-ignored); crashes to .build-fuzz/crash-*. The seeds in Tests/Fuzz/corpus/safetensors are
# small valid and near-valid files; Tests/Fuzz/safetensors.dict holds the format's tokens.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seconds="${1:-120}"
out="$root/.build-fuzz"
clang="${CLANG:-$(command -v clang || echo /opt/swift/usr/bin/clang)}"
src="$root/CSources/CMiniLM"

mkdir -p "$out/corpus"
"$clang" -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
    -I "$src" -I "$src/include" -I "$root/CSources/CLazyBLAS/include" \
    "$root/Tests/Fuzz/fuzz_safetensors.c" "$src/safetensors.c" "$src/safetensors_json.c" "$src/model.c" \
    "$src/kernels.c" "$src/gemm.c" "$src/gemm_x86.c" "$src/gemm_f16_x86.c" "$src/side_file.c" \
    "$root/CSources/CLazyBLAS/lazy_blas.c" -lm -o "$out/fuzz_safetensors"

cd "$out"
./fuzz_safetensors -max_total_time="$seconds" -max_len=4096 -timeout=10 \
    -dict="$root/Tests/Fuzz/safetensors.dict" -artifact_prefix="$out/" \
    corpus "$root/Tests/Fuzz/corpus/safetensors"
