#!/usr/bin/env bash
# The real-model end-to-end check: memlayer's CLI against a small local model served by
# llama.cpp's llama-server (OpenAI-compatible API, --jinja), and the Ollama provider through
# scripts/e2e/ollama_translator.py over the same server. Asserts product properties only
# (no tool-call text shown, no unasked or duplicate reminders, rounds within the cap, facts kept,
# turns within a time bound), prints a table, and exits non-zero when one fails.
#
#   bash scripts/e2e-local-model.sh [--short] [--model qwen|smollm|both] [--no-ollama]
#
#   --short   one conversation of 4 turns, Qwen only, sampled greedily with a fixed seed (for CI)
#   --model   which model(s) (default qwen); smollm is SmolLM2-135M-Instruct
# Environment: MEMLAYER_E2E_HOME (the cache, default ~/.cache/memlayer/e2e), E2E_TURN_SECONDS
# (default 120; 300 with --short), E2E_OUTPUT_CAP (tokens per round, default 1024), E2E_KEEP=1 keeps the work dir.
# Servers listen on 127.0.0.1 only and are stopped by PID on exit.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root="$PWD"

short=0
which=qwen
ollama=1
while (($#)); do
    case "$1" in
        --short) short=1 ;;
        --model) which="${2:?--model needs qwen, smollm or both}"; shift ;;
        --no-ollama) ollama=0 ;;
        -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
        *) echo "e2e: unknown argument $1" >&2; exit 2 ;;
    esac
    shift
done
((short)) && which=qwen
case "$which" in qwen|smollm|both) ;; *) echo "e2e: --model must be qwen, smollm or both" >&2; exit 2 ;; esac

E2E_HOME="${MEMLAYER_E2E_HOME:-$HOME/.cache/memlayer/e2e}"
setup_args=()
[ "$which" != qwen ] && setup_args+=(--smollm)
bash scripts/e2e/setup-local-model.sh "${setup_args[@]}"
# shellcheck disable=SC1091
source "$E2E_HOME/env"

echo "e2e: building memlayer (release)"
swift build -c release --product memlayer 2>&1 | tail -n 3
memlayer="$(swift build -c release --show-bin-path)/memlayer"

work="$(mktemp -d "${TMPDIR:-/tmp}/memlayer-e2e.XXXXXX")"
pids=()
cleanup() {
    local pid
    for pid in "${pids[@]}"; do
        python3 -c "import sys; sys.path.insert(0, '$root/scripts/e2e'); import llama_server; llama_server.stop($pid)" \
            2>/dev/null || kill "$pid" 2>/dev/null || true
    done
    if [ "${E2E_KEEP:-0}" = 1 ]; then echo "e2e: kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

status=0
run_model() {
    local name="$1" gguf="$2" pid port tpid tport
    [ -n "$gguf" ] && [ -f "$gguf" ] || { echo "e2e: no model file for $name" >&2; return 1; }
    echo "e2e: starting llama-server with $name (127.0.0.1, --jinja, -c 4096, 2 threads)"
    local sampling=()
    ((short)) && sampling=(--greedy)  # CI: the same answers every run, so no sampling whim decides it
    read -r pid port < <(python3 scripts/e2e/llama_server.py --server "$LLAMA_SERVER" --model "$gguf" \
        --log "$work/llama-server-$name.log" "${sampling[@]}")
    [ -n "${pid:-}" ] || { echo "e2e: llama-server did not start; see $work/llama-server-$name.log" >&2; return 1; }
    pids+=("$pid")
    local args=(--memlayer "$memlayer" --base-url "http://127.0.0.1:$port/v1" --model "$name"
        --store "$work/$name/memory.sqlite" --label "$name" --log "$work/$name.log" --report "$work/$name.json")
    mkdir -p "$work/$name"
    if ((ollama)) && ! ((short)); then
        python3 scripts/e2e/ollama_translator.py --upstream "http://127.0.0.1:$port" --model "$name" \
            >"$work/translator-$name.port" 2>>"$work/ollama-translator-$name.log" &
        tpid=$!
        pids+=("$tpid")
        for _ in $(seq 50); do [ -s "$work/translator-$name.port" ] && break; sleep 0.1; done
        tport="$(head -n 1 "$work/translator-$name.port")"
        args+=(--ollama-url "http://127.0.0.1:$tport")
    fi
    ((short)) && args+=(--short)
    # CI: the turn bound guards against a hung turn, not a slow machine — each chat request can
    # queue behind the turn's own background extraction on llama-server's single slot, and a
    # 2-core CI box runs everything else at once. Seconds are still reported in the table.
    ((short)) && export E2E_TURN_SECONDS="${E2E_TURN_SECONDS:-300}"
    local rc=0
    python3 scripts/e2e/run_conversation.py "${args[@]}" || rc=$?
    python3 -c "import sys; sys.path.insert(0, '$root/scripts/e2e'); import llama_server; llama_server.stop($pid)"
    [ -n "${tpid:-}" ] && kill "$tpid" 2>/dev/null || true
    if ((rc)); then
        echo "e2e: $name — the transcript (commands, answers, traces) was in $work/$name.log:"
        tail -n 60 "$work/$name.log" | sed 's/^/    /'
    fi
    return "$rc"
}

case "$which" in
    qwen) run_model qwen2.5-coder-0.5b "$QWEN_MODEL" || status=1 ;;
    smollm) run_model smollm2-135m "$SMOLLM_MODEL" || status=1 ;;
    both)
        run_model qwen2.5-coder-0.5b "$QWEN_MODEL" || status=1
        run_model smollm2-135m "$SMOLLM_MODEL" || status=1
        ;;
esac
exit "$status"
