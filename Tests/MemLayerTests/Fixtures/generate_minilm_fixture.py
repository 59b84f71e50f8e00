#!/usr/bin/env python3
"""Writes minilm_fixture.json: reference token ids and embeddings for all-MiniLM-L6-v2.

The C encoder (CSources/CMiniLM) must match sentence-transformers on CPU torch to cosine >= 0.999;
the Swift tests in Tests/MemLayerTests/Embedding compare against the vectors written here, and the
Swift tokenizer can compare against the token ids.

Usage (from the repository root, with models/fetch.sh already run):
    python3 -m venv .venv-ref
    .venv-ref/bin/pip install torch==2.13.0+cpu sentence-transformers
    HF_HUB_OFFLINE=1 .venv-ref/bin/python Tests/MemLayerTests/Fixtures/generate_minilm_fixture.py

The model is read from $MEMLAYER_MODELS/cache/all-MiniLM-L6-v2 (default: models/cache/...).
"""
import json
import os
import sys
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

import sentence_transformers  # noqa: E402
import torch  # noqa: E402
from sentence_transformers import SentenceTransformer  # noqa: E402

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
MODELS = Path(os.environ.get("MEMLAYER_MODELS", ROOT / "models"))
MODEL_DIR = MODELS / "cache" / "all-MiniLM-L6-v2"
OUT = HERE / "minilm_fixture.json"
MAX_TOKENS = 256  # sentence_bert_config.json max_seq_length: longer texts are truncated

LONG_PROSE = (
    "Memory for a conversational assistant is less about storing everything and more about "
    "storing the right things in a form that can be found again. A user mentions that they moved "
    "to Lisbon last spring, that their daughter starts school in September, that they are "
    "allergic to penicillin, and that they prefer short answers in the morning. Each of these "
    "facts matters at a different time, and each decays at a different rate: an allergy is "
    "permanent, a preference can change next week, and a school start date stops mattering once "
    "it has passed. "
) * 4
LONG_LOG = " ".join(
    f"[2024-03-{day:02d} 09:{minute:02d}:17] INFO worker-{day % 7} processed batch #{day * 100 + minute} "
    f"in {day * 3 + minute / 10:.1f} ms (queue depth {minute * 2}, retries 0);"
    for day in range(1, 15)
    for minute in (5, 35)
)

SENTENCES = [
    # Ordinary memory-like sentences.
    "I work at Acme Corp",
    "My name is Dana and I live in Portland, Oregon.",
    "I'm allergic to peanuts and shellfish.",
    "My sister's birthday is on the 14th of March.",
    "I prefer tea over coffee, especially green tea in the afternoon.",
    "We adopted a golden retriever named Biscuit last summer.",
    "I am training for a half marathon in October.",
    "Remind me that the dentist appointment moved to Thursday at 3pm.",
    "My manager, Priya, wants the quarterly report by Friday.",
    "I switched from Android to an iPhone 15 Pro last month.",
    "The user is vegetarian but eats fish occasionally.",
    "Our wedding anniversary is June 2nd; we got married in 2016.",
    # A single word, and a few very short inputs.
    "hello",
    "Acme",
    "?",
    # Punctuation.
    "Wait... what?! No -- really?? (Yes; really.) \"Quoted\", 'single', [brackets] & {braces}!",
    "Semi-colons; colons: dashes — en–dashes, ellipses… and bullets • here.",
    # Numbers.
    "The total was $1,234.56 on 2024-03-15, or about 3.14159 × 10^2 euros at 17:45 UTC.",
    "Call +1 (555) 867-5309 or 0800 123 456; room 42B, floor -2, 99.9% uptime.",
    # Accented Latin.
    "Crème brûlée and café au lait at the Champs-Élysées.",
    "Straße, Übermut, Ærø, São Paulo, Łódź, naïve coöperation, Zürich.",
    "El niño comió piñata en Cádiz mañana.",
    # CJK.
    "我在北京工作，喜欢喝茶。",
    "東京で寿司を食べました。とても美味しかった！",
    "나는 서울에 살고 있어요.",
    "Mixed: I live in 上海 and study 日本語 on weekends.",
    # Emoji.
    "I love pizza 🍕 and my cat 🐈 so much ❤️",
    "🎉🎉🎉 Launch day! 🚀",
    "👩‍💻 coding late again 😴",
    # URLs and e-mail addresses.
    "See https://example.com/docs/getting-started?lang=en&v=2#install for details.",
    "Email me at dana.smith+memlayer@example.org or visit http://localhost:8080/api/v1/health",
    # Code.
    "def add(a, b):\n    return a + b  # TODO: handle overflow",
    "for (int i = 0; i < n; ++i) { sum += x[i] * y[i]; }",
    'SELECT name, COUNT(*) FROM users WHERE created_at > \'2024-01-01\' GROUP BY name;',
    '{"key": "value", "list": [1, 2, 3], "nested": {"ok": true}}',
    # Whitespace and case.
    "   leading and trailing spaces   ",
    "ALL CAPS SENTENCE ABOUT THE WEATHER IN BERLIN",
    "tabs\tand\nnewlines\r\nin one text",
    # Long texts past the 256-token limit.
    LONG_PROSE,
    LONG_LOG,
]


def main() -> int:
    if not (MODEL_DIR / "model.safetensors").exists():
        print(f"model not found in {MODEL_DIR}; run models/fetch.sh", file=sys.stderr)
        return 1
    torch.set_num_threads(1)
    model = SentenceTransformer(str(MODEL_DIR), device="cpu")
    model.max_seq_length = MAX_TOKENS

    cases = []
    for text in SENTENCES:
        # The ids the model itself sees in encode(): preprocess() (tokenize() before 5.x) pads and
        # truncates exactly as encode() does.
        prepare = getattr(model, "preprocess", None) or model.tokenize
        features = prepare([text])
        mask = features["attention_mask"][0].tolist()
        ids = [int(t) for t, m in zip(features["input_ids"][0].tolist(), mask) if m]
        direct = model.tokenizer(text, truncation=True, max_length=MAX_TOKENS)["input_ids"]
        assert ids == direct, f"preprocess() and tokenizer() disagree for {text[:40]!r}"
        embedding = model.encode([text], normalize_embeddings=True, convert_to_numpy=True)[0]
        cases.append({
            "text": text,
            "ids": ids,
            "embedding": [float(f"{float(x):.7g}") for x in embedding],
        })

    truncated = sum(1 for c in cases if len(c["ids"]) == MAX_TOKENS)
    assert truncated >= 2, "expected at least two texts past the truncation limit"

    fixture = {
        "model": "sentence-transformers/all-MiniLM-L6-v2",
        "generator": "Tests/MemLayerTests/Fixtures/generate_minilm_fixture.py",
        "torch": torch.__version__,
        "sentence_transformers": sentence_transformers.__version__,
        "max_tokens": MAX_TOKENS,
        "dimension": len(cases[0]["embedding"]),
        "cases": cases,
    }
    OUT.write_text(json.dumps(fixture, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {len(cases)} cases ({truncated} truncated at {MAX_TOKENS} tokens) to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
