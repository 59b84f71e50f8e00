#!/usr/bin/env python3
"""Speed peer for the built-in encoder: sentence-transformers all-MiniLM-L6-v2 on CPU torch.

Times (a) one short sentence, median over many runs, and (b) a batch of 256 varied sentences,
with torch on one thread, and prints one JSON object. The Swift side measures the same inputs
(Tests/MemLayerTests/Embedding/MiniLMEncoderTimingTests.swift) so the two can be compared.

Usage (from the repository root; see Tests/MemLayerTests/Fixtures/generate_minilm_fixture.py for
the venv):
    HF_HUB_OFFLINE=1 .venv-ref/bin/python Benchmarks/peers/minilm_peer.py [--runs 200]
    ... minilm_peer.py --write-ids Benchmarks/peers/minilm_peer_ids.json   # the inputs, as token ids

The Swift timing reads the token ids of the same inputs from minilm_peer_ids.json, so both sides
encode exactly the same tokens without needing the Swift tokenizer.
"""
import argparse
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

import sentence_transformers  # noqa: E402
import torch  # noqa: E402
from sentence_transformers import SentenceTransformer  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
MODEL_DIR = Path(os.environ.get("MEMLAYER_MODELS", ROOT / "models")) / "cache" / "all-MiniLM-L6-v2"

SHORT = "I work at Acme Corp"

SUBJECTS = ["I", "My sister", "Our team", "The user", "Dana", "My manager", "We", "The landlord"]
VERBS = ["moved to", "started working at", "prefers", "is allergic to", "booked a trip to",
         "keeps forgetting about", "wants a reminder about", "stopped using"]
OBJECTS = ["Lisbon", "Acme Corp", "green tea in the afternoon", "peanuts and shellfish",
           "the quarterly report due on Friday", "a golden retriever named Biscuit",
           "the dentist appointment on Thursday at 3pm", "an iPhone 15 Pro",
           "the half marathon in October, which starts at 7am near the river",
           "Python, Swift and a little bit of C for the embedded side project"]
TAILS = ["", ".", " last week.", " because the commute was too long.",
         " and would like short answers in the morning.",
         ", according to the notes from our call on 2024-03-15."]


def batch_sentences(n: int = 256) -> list[str]:
    """n deterministic, varied sentences (3 to ~40 tokens)."""
    out = []
    for i in range(n):
        out.append(f"{SUBJECTS[i % 8]} {VERBS[(i // 8) % 8]} {OBJECTS[(i * 7) % 10]}{TAILS[(i * 5) % 6]}")
    return out


def time_call(fn, runs: int) -> tuple[list[float], list[float]]:
    """Wall and process CPU milliseconds per run; CPU time is steadier on a shared machine."""
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        wall.append((time.perf_counter() - start) * 1000.0)
        cpu.append((time.process_time() - start_cpu) * 1000.0)
    return wall, cpu


def summary(times: tuple[list[float], list[float]], **extra) -> dict:
    wall, cpu = times
    return {**extra, "runs": len(wall), "median_ms": statistics.median(wall), "min_ms": min(wall),
            "cpu_median_ms": statistics.median(cpu)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200, help="runs for the single sentence")
    parser.add_argument("--batch-runs", type=int, default=5, help="runs for the batch of 256")
    parser.add_argument("--write-ids", type=Path, help="write the inputs' token ids here and exit")
    args = parser.parse_args()

    torch.set_num_threads(1)
    model = SentenceTransformer(str(MODEL_DIR), device="cpu")
    batch = batch_sentences()

    if args.write_ids:
        def ids(text: str) -> list[int]:
            return model.tokenizer(text, truncation=True, max_length=model.max_seq_length)["input_ids"]

        args.write_ids.write_text(json.dumps({
            "generator": "Benchmarks/peers/minilm_peer.py --write-ids",
            "single": ids(SHORT),
            "batch": [ids(s) for s in batch],
        }, separators=(",", ":")) + "\n")
        return 0

    def single():
        model.encode([SHORT], normalize_embeddings=True)

    def whole_batch():
        model.encode(batch, batch_size=len(batch), normalize_embeddings=True)

    def default_batches():  # sentence-transformers' default: length-sorted batches of 32
        model.encode(batch, normalize_embeddings=True)

    with torch.inference_mode():
        time_call(single, 20)  # warm-up
        single_ms = time_call(single, args.runs)
        time_call(whole_batch, 1)
        batch_ms = time_call(whole_batch, args.batch_runs)
        batch32_ms = time_call(default_batches, args.batch_runs)

    tokens = [len(model.tokenizer(s)["input_ids"]) for s in batch]
    print(json.dumps({
        "peer": "sentence-transformers",
        "version": sentence_transformers.__version__,
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "cpu": platform.processor() or platform.machine(),
        "single_sentence": summary(single_ms, text=SHORT),
        "batch_256": summary(batch_ms, sentences=len(batch), tokens=sum(tokens), max_tokens=max(tokens),
                             batch_size=len(batch)),
        "batch_256_in_32s": summary(batch32_ms, batch_size=32),
    }, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
