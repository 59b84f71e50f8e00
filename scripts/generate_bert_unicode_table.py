#!/usr/bin/env python3
"""Generates Sources/MemLayerServices/Embedding/MiniLM/BertUnicodeTable+Data.swift from the reference tokenizer.

Why a generated table instead of Swift's own Unicode properties: sentence-transformers runs the
Rust `tokenizers` BertNormalizer and BertPreTokenizer, whose character classes come from old,
frozen Unicode tables (the `unicode_categories` crate and a fork of `unicode-normalization`), not
from the Unicode version of Swift or Python. Probed code point by code point, they differ from
Swift 6.3's data in all unassigned code points (kept, where a Cn check would drop them) and in
about a thousand others: private-use characters are dropped; marks, punctuation and format
characters added in later Unicode versions are not recognised; the NFD of a few characters and
the combining classes of newer marks differ; and one CJK range starts at U+2B920 (BERT's Python
code says U+2B820). Probing the reference itself for every code point and freezing the answers makes the
Swift tokenizer match it exactly and keeps it from drifting when the toolchain's Unicode data
changes.

For every code point the table records what the normalizer turns it into (kept, mapped to other
scalars, deleted, a space, or isolated with spaces as a CJK ideograph), whether the
pre-tokenizer splits it off as punctuation, and, for marks that survive normalization, the
canonical combining class the reference's NFD orders them by.

Usage (from the repository root, with `transformers` installed, e.g. in .venv-tok):
    .venv-tok/bin/python scripts/generate_bert_unicode_table.py [model_dir]
"""

import bisect
import os
import sys
import unicodedata

import tokenizers
from transformers import AutoTokenizer

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUTPUT = os.path.join(ROOT, "Sources/MemLayerServices/Embedding/MiniLM/BertUnicodeTable+Data.swift")

# Kind codes, mirrored in BertUnicodeTable.swift.
KEEP, MAP, DELETE, DELETE_ENDING_RUN, SPACE, HANGUL = 0, 1, 2, 3, 4, 5
ISOLATED, PUNCTUATION = 0x08, 0x10

# Two marks the reference keeps and orders by combining class (216 < 226): whether they swap
# around a third character tells if that character ends a run of combining marks.
HIGH_MARK, LOW_MARK = "\U0001D16D", "\U0001D165"
VIRAMA_9 = "\u1B44"  # a surviving mark of combining class 9, as a second anchor

HANGUL_BASE, HANGUL_COUNT = 0xAC00, 11172


def model_dir():
    if len(sys.argv) > 1:
        return sys.argv[1]
    base = os.environ.get("MEMLAYER_MODELS", os.path.join(ROOT, "models"))
    return os.path.join(base, "cache", "all-MiniLM-L6-v2")


def hangul_jamo(cp):
    index = cp - HANGUL_BASE
    lead, vowel, tail = 0x1100 + index // 588, 0x1161 + (index % 588) // 28, index % 28
    return [lead, vowel] + ([0x11A7 + tail] if tail else [])


def code_points():
    return (cp for cp in range(0x110000) if not 0xD800 <= cp <= 0xDFFF)


def probe(normalizer, pre_tokenizer):
    """Asks the reference what it does with each code point on its own."""
    norm = lambda s: normalizer.normalize_str(s)
    entries = {}
    survivors = set()
    for cp in code_points():
        ch = chr(cp)
        out = norm(ch)
        pieces = [w for w, _ in pre_tokenizer.pre_tokenize_str("x" + ch + "x")]
        punctuation = len(pieces) == 3
        isolated = False
        if 0xAC00 <= cp < HANGUL_BASE + HANGUL_COUNT:
            assert out == "".join(map(chr, hangul_jamo(cp))), hex(cp)
            kind, mapping = HANGUL, None
        elif out == "":
            kind, mapping = DELETE, None
        elif out == " ":
            kind, mapping = SPACE, None
        else:
            if len(out) >= 3 and out[0] == " " and out[-1] == " ":
                isolated, out = True, out[1:-1]
            assert " " not in out, hex(cp)
            kind, mapping = (KEEP, None) if out == ch else (MAP, [ord(c) for c in out])
        if kind in (KEEP, MAP):
            survivors.update(ord(c) for c in out)
        entries[cp] = [kind, isolated, punctuation, 0, mapping]

    # Deleted characters that still end a run of marks (stripped marks of class 0).
    for cp, entry in entries.items():
        if entry[0] != DELETE:
            continue
        out = norm("a" + HIGH_MARK + chr(cp) + LOW_MARK)
        if out == "a" + HIGH_MARK + LOW_MARK:
            entry[0] = DELETE_ENDING_RUN
        else:
            assert out == "a" + LOW_MARK + HIGH_MARK, hex(cp)

    # Combining classes of surviving marks, as the reference's NFD sees them: class 0 or the
    # class Python reports (verified pairwise below).
    for cp in sorted(survivors):
        py = unicodedata.combining(chr(cp))
        if py == 0:
            assert norm("a" + chr(cp) + HIGH_MARK) == norm("a") + norm(chr(cp)) + HIGH_MARK, hex(cp)
            continue
        if py > 9:
            swapped = norm("a" + chr(cp) + VIRAMA_9) == "a" + VIRAMA_9 + norm(chr(cp))
        else:
            swapped = norm("a" + HIGH_MARK + chr(cp)) == "a" + norm(chr(cp)) + HIGH_MARK
        if swapped:
            entries[cp][3] = py
    marks = [cp for cp in survivors if entries[cp][3]]
    for a in marks:
        for b in marks:
            expected = [b, a] if entries[a][3] > entries[b][3] else [a, b]
            got = [ord(c) for c in norm("a" + chr(a) + chr(b))][1:]
            assert got == expected, (hex(a), hex(b))
    return entries


def build_ranges(entries):
    """Merges runs of code points with the same entry into (start, info) ranges."""
    starts, infos, offsets, values = [], [], [0], []
    previous = None
    for cp in code_points():
        kind, isolated, punctuation, ccc, mapping = entries[cp]
        mapping_index = len(offsets) - 1
        if mapping is not None:
            values.extend(mapping)
            offsets.append(len(values))
        flags = kind | (ISOLATED if isolated else 0) | (PUNCTUATION if punctuation else 0) | (ccc << 8)
        key = (flags, cp)
        if previous and previous[0] == flags and previous[1] == cp - 1:
            previous = key
            continue
        assert mapping_index < 0x10000
        starts.append(cp)
        infos.append(flags | ((mapping_index if mapping is not None else 0) << 16))
        previous = key
    return starts, infos, offsets, values


class Table:
    """The Python twin of BertUnicodeTable.swift and BasicTokenizer.swift."""

    def __init__(self, starts, infos, offsets, values):
        self.bisect = bisect.bisect_right
        self.starts, self.infos, self.offsets, self.values = starts, infos, offsets, values

    def info(self, cp):
        i = self.bisect(self.starts, cp) - 1
        return self.infos[i], cp - self.starts[i]

    def words(self, text):
        words, word, run_start = [], [], 0

        def flush():
            nonlocal word, run_start
            if word:
                words.append(word)
            word, run_start = [], 0

        def emit(scalar):
            nonlocal run_start
            info, _ = self.info(scalar)
            if info & PUNCTUATION:
                flush()
                words.append([scalar])
                return
            ccc = (info >> 8) & 0xFF
            if ccc == 0:
                word.append(scalar)
                run_start = len(word)
                return
            j = len(word)
            while j > run_start and (self.info(word[j - 1])[0] >> 8) & 0xFF > ccc:
                j -= 1
            word.insert(j, scalar)

        for ch in text:
            cp = ord(ch)
            info, delta = self.info(cp)
            kind = info & 0x07
            if kind == DELETE:
                continue
            if kind == DELETE_ENDING_RUN:
                run_start = len(word)
                continue
            if kind == SPACE:
                flush()
                continue
            if kind == KEEP:
                out = [cp]
            elif kind == HANGUL:
                out = hangul_jamo(cp)
            else:
                m = (info >> 16) + delta
                out = self.values[self.offsets[m] : self.offsets[m + 1]]
            if info & ISOLATED:
                flush()
            for scalar in out:
                emit(scalar)
            if info & ISOLATED:
                flush()
        flush()
        return words


def verify(table, normalizer, pre_tokenizer):
    """Checks the table-driven algorithm against the reference on every code point in context."""
    def reference(text):
        return [[ord(c) for c in w] for w, _ in pre_tokenizer.pre_tokenize_str(normalizer.normalize_str(text))]

    batch = []
    for cp in code_points():
        ch = chr(cp)
        batch.append("a" + ch + "b" + HIGH_MARK + ch + LOW_MARK + " " + ch + ch + "\u0301" + VIRAMA_9)
        if len(batch) == 512 or cp == 0x10FFFF:
            text = " ".join(batch)
            assert table.words(text) == reference(text), hex(cp)
            batch = []


def swift_array(name, doc, values, per_line, width):
    lines = ["    /// " + doc, "    static let %s: [%s] = [" % (name, width)]
    for i in range(0, len(values), per_line):
        lines.append("        " + ", ".join("0x%X" % v for v in values[i : i + per_line]) + ",")
    lines.append("    ]")
    return "\n".join(lines)


def main():
    tokenizer = AutoTokenizer.from_pretrained(model_dir())
    normalizer = tokenizer.backend_tokenizer.normalizer
    pre_tokenizer = tokenizer.backend_tokenizer.pre_tokenizer
    entries = probe(normalizer, pre_tokenizer)
    starts, infos, offsets, values = build_ranges(entries)
    verify(Table(starts, infos, offsets, values), normalizer, pre_tokenizer)

    source = "\n".join(
        [
            "// Generated by scripts/generate_bert_unicode_table.py from tokenizers %s; do not edit."
            % tokenizers.__version__,
            "// It freezes, per code point, what the reference BertNormalizer and BertPreTokenizer do;",
            "// see the script for why Swift's own Unicode properties are not used.",
            "",
            "extension BertUnicodeTable {",
            swift_array(
                "rangeStarts",
                "First code point of each range; ranges cover U+0000 to U+10FFFF in order.",
                starts, 8, "UInt32"),
            "",
            swift_array(
                "rangeInfos",
                "Per range: kind (bits 0-2), CJK isolation (bit 3), punctuation (bit 4), combining\n"
                "    /// class (bits 8-15), index of its first code point's mapping (bits 16-31).",
                infos, 8, "UInt32"),
            "",
            swift_array(
                "mappingOffsets",
                "Mapping `i` is `mappingScalars[mappingOffsets[i]..<mappingOffsets[i + 1]]`.",
                offsets, 12, "UInt16"),
            "",
            swift_array(
                "mappingScalars", "The scalars mapped code points normalize to.", values, 8, "UInt32"),
            "}",
            "",
        ]
    )
    with open(OUTPUT, "w") as f:
        f.write(source)
    print("%s: %d ranges, %d mappings, %d mapped scalars" % (OUTPUT, len(starts), len(offsets) - 1, len(values)))


if __name__ == "__main__":
    main()
