#!/usr/bin/env python3
"""Writes the reference fixtures for BertTokenizerTests from Hugging Face's tokenizer.

The reference is what sentence-transformers runs for all-MiniLM-L6-v2: `AutoTokenizer` on the
model folder, which is the fast (Rust `tokenizers`) BertTokenizer, called with
`truncation=True, max_length=256`.

tokenizer_fixture.json: a few hundred texts with their reference ids (truncated at 256) and, when
not truncated, their pieces. Where the slow Python tokenizer (`BertTokenizerLegacy`) gives other
ids, they are recorded as `slowIDs`, to document where the two references part ways; the Swift
tokenizer follows the fast one.

tokenizer_unicode_fixture.json: for blocks of 1024 code points (all of planes 0-3 and 14, the
first and last of the others), a hash of the words the reference normalizer and pre-tokenizer
make of a text that puts each code point of the block in a few contexts. It checks the Swift BasicTokenizer against the reference on all of Unicode
without storing a megabyte of expectations.

Usage (from the repository root; only `transformers` is needed, not torch):
    python3 -m venv .venv-tok && .venv-tok/bin/pip install transformers
    .venv-tok/bin/python Tests/MemLayerTests/Fixtures/generate_tokenizer_fixture.py
"""

import json
import os
import random

import tokenizers
import transformers
from transformers import AutoTokenizer
from transformers.models.bert.tokenization_bert_legacy import BertTokenizerLegacy

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
MAX_LENGTH = 256
BLOCK_SIZE = 1024


def model_dir():
    base = os.environ.get("MEMLAYER_MODELS", os.path.join(ROOT, "models"))
    return os.path.join(base, "cache", "all-MiniLM-L6-v2")


LOREM = (
    "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut "
    "labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco "
    "laboris nisi ut aliquip ex ea commodo consequat. "
)

SENTENCES = [
    "The quick brown fox jumps over the lazy dog.",
    "Hello, world!",
    "I prefer my coffee black, no sugar.",
    "My sister's birthday is on March 3rd; remind me a week before.",
    "Remember that I'm allergic to peanuts and shellfish.",
    "We moved to Berlin in 2019 and bought a flat in Kreuzberg.",
    "The meeting with Dr. Smith was rescheduled to Tuesday at 10:30 a.m.",
    "Don't forget: the Wi-Fi password is on the fridge.",
    "She said, \"Let's meet at the café near the station.\"",
    "It's a well-known fact that state-of-the-art models aren't perfect.",
    "I've been learning Rust, Swift and a bit of Haskell.",
    "Can you summarize the last three conversations we had?",
    "My favourite colour is blue, but my favorite food is sushi.",
    "The user's name is Alice and she works as a nurse.",
    "He can't stand loud music after 11pm.",
    "Please call me Bob.",
    "unaffable",
    "unbelievably unaffable antidisestablishmentarianism",
    "Tokenization of UPPERCASE and MiXeD CaSe words.",
    "iPhone, McDonald's, NASA, eBay and YouTube",
    "The year 1984 was not like 1984.",
    "An embedding maps text to a 384-dimensional vector.",
    "What did I say about my trip to Japan last spring?",
    "   leading and trailing spaces   ",
    "multiple     internal      spaces",
    "hello",
    "a",
    "I",
    ".",
    "Hello",
    "HELLO",
    "running runner ran runs",
    "The cat sat on the mat. The dog sat on the log.",
    "e.g. i.e. etc. vs. Mr. Mrs. Ms.",
    "rock'n'roll, o'clock, y'all",
    "naïve coöperation résumé",
    "fiancée, déjà vu, piñata, jalapeño",
    "one-two-three four_five_six seven.eight.nine",
    "snake_case camelCase PascalCase kebab-case SCREAMING_CASE",
    "The end.",
]

PUNCTUATION = [
    "!!!",
    "...",
    "?!?!",
    "--",
    "---",
    "(a)",
    "[test]",
    "{x: 1}",
    "a/b\\c",
    "~`@#$%^&*()_+-=",
    "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~",
    "\u00ab quoted \u00bb \u201cdouble\u201d \u2018single\u2019",
    "wait\u2026 what\u2014really\u2013no",
    "\u00bfQu\u00e9? \u00a1S\u00ed!",
    "\u3001\u3002\u300c\u300d\u30fb",
    "\uff01\uff1f\uff08\uff09\uff0c",
    "a\u00b7b \u0387 \u037e",
    "\u00a7 \u00b6 \u2020 \u2021 \u2022",
    "#hashtag @mention $money %percent",
    "<html><body>hi</body></html>",
    "::: ;;; ,,, ''' \"\"\"",
    "^_^ :-) ;-) :D <3",
]

NUMBERS = [
    "3.14159",
    "1,000,000",
    "2024-05-17",
    "17/05/2024 and 05.17.2024",
    "12:30pm",
    "$19.99",
    "\u20ac42,50",
    "50%",
    "1e-10",
    "v2.0.1",
    "+1 (555) 123-4567",
    "0x1F 0b1010 0o17",
    "123456789012345678901234567890",
    "\u00bd \u00bc \u00b2 \u00b3 \u2153",
    "\u0661\u0662\u0663 \u0967\u0968\u0969 \uff11\uff12\uff13",
    "IV XII MMXXIV \u2163 \u216b",
    "-42 +42 \u221242",
    "The temperature was -3.5\u00b0C at 06:45.",
]

ACCENTED = [
    "Le c\u0153ur a ses raisons que la raison ne conna\u00eet point.",
    "\u00c0 bient\u00f4t, \u00e7a va tr\u00e8s bien, o\u00f9 est l'h\u00f4tel ?",
    "Stra\u00dfe, Fu\u00dfball, gro\u00df, GROSS, \u1e9e",
    "\u00c4rger \u00fcber \u00d6l und M\u00fcll",
    "Ti\u1ebfng Vi\u1ec7t c\u00f3 nhi\u1ec1u d\u1ea5u: \u0111\u01b0\u1eddng, ng\u01b0\u1eddi, ph\u1edf",
    "\u0130stanbul, \u0131\u015f\u0131k, I\u011eDIR, \u0130I\u0131i",
    "\u0130",
    "I\u0307",
    "Espa\u00f1a, ni\u00f1o, a\u00f1o",
    "\u0141\u00f3d\u017a, \u017c\u00f3\u0142w, \u0107ma",
    "\u0159e\u0161en\u00ed \u010de\u0161tina \u017elu\u0165ou\u010dk\u00fd k\u016f\u0148",
    "\u00e5 \u00f8 \u00e6 \u00c5 \u00d8 \u00c6",
    "\u00fe\u00f3r \u00f0\u00e9 \u00de\u00d0",
    "Dvo\u0159\u00e1k, Sm\u00e9tana, Jan\u00e1\u010dek",
    "\u01c5 \u01c8 \u01cb \u01f2",
    "\ufb01 \ufb02 \ufb00 \ufb03",
    "\u212a \u212b \u2126",
    "\u1fbc \u1f88 \u1ff3",
    "\u0149 \u01f0 \u1e96",
    "\u0587 \u0535\u0582",
    "\u13a0\u13a1\u13a2 \uab70",
    "\u10d0\u10d1\u10d2 \u1c90\u1c91",
    "\U00010400\U00010401 \U00010428",
    "\u00c0\u00c9\u00ce\u00d5\u00dc\u00dd",
]

GREEK_CYRILLIC = [
    "\u0397 \u03b3\u03c1\u03ae\u03b3\u03bf\u03c1\u03b7 \u03ba\u03b1\u03c6\u03ad \u03b1\u03bb\u03b5\u03c0\u03bf\u03cd",
    "\u039f\u0394\u039f\u03a3",
    "\u03a3\u038a\u03a3\u03a5\u03a6\u039f\u03a3 \u03c3\u03bf\u03c6\u03cc\u03c2",
    "\u03a3",
    "\u0391\u0398\u0397\u039d\u0391 \u0391\u0398\u0389\u039d\u0391",
    "\u1f08\u03c1\u03b9\u03c3\u03c4\u03bf\u03c4\u03ad\u03bb\u03b7\u03c2",
    "\u041f\u0440\u0438\u0432\u0435\u0442, \u043c\u0438\u0440! \u041a\u0430\u043a \u0434\u0435\u043b\u0430?",
    "\u041c\u041e\u0421\u041a\u0412\u0410 \u043c\u043e\u0441\u043a\u0432\u0430 \u0401\u043b\u043a\u0430 \u0451\u0436",
    "\u0407\u0436\u0430\u043a, \u0490\u0430\u043d\u043e\u043a, \u0404\u0432\u0440\u043e\u043f\u0430",
    "\u0408\u0430 \u0441\u0430\u043c \u0459\u0443\u0431\u0430\u0432 \u045a\u0435\u0433\u043e\u0432 \u045f\u0435\u043f",
    "\u0439 \u0419 \u0438\u0306",
]

CJK = [
    "\u6211\u559c\u6b22\u5403\u82f9\u679c\u3002",
    "\u4eca\u5929\u5929\u6c14\u5f88\u597d\uff0c\u6211\u4eec\u53bb\u516c\u56ed\u5427\uff01",
    "\u5317\u4eac\u662f\u4e2d\u56fd\u7684\u9996\u90fd",
    "\u6771\u4eac\u30bf\u30ef\u30fc\u306b\u884c\u304d\u307e\u3057\u305f\u3002",
    "\u3053\u3093\u306b\u3061\u306f\u3001\u4e16\u754c\uff01",
    "\u30ab\u30bf\u30ab\u30ca \u3072\u3089\u304c\u306a \u6f22\u5b57",
    "\uff76\uff80\uff76\uff85 \uff8a\uff9d\uff76\uff78",
    "\u304c\u304e\u3050\u3052\u3054 \u30d1\u30d4\u30d7",
    "\uc548\ub155\ud558\uc138\uc694 \uc138\uacc4",
    "\ud55c\uad6d\uc5b4\ub294 \uc5b4\ub835\uc9c0 \uc54a\uc544\uc694.",
    "\u1100\u1161\u11a8 \u3131\u314f",
    "\uff21\uff22\uff23\uff11\uff12\uff13 \uff41\uff42\uff43",
    "\uf900\uf901 \ufa6e \ufad9 \ufaff",
    "\U00020000\U00020001 \U0002a6df \U0002a700",
    "a\U0002b820b a\U0002b91fb a\U0002b920b",
    "\U0002f800\U0002f801 \U0002fa1d",
    "\u3400\u4dbf \u9fff \u9fa5",
    "mixed\u4e2d\u6587english\u65e5\u672c\u8a9e",
    "\u2e80 \u2f00 \u3005 \u3007 \u303b",
    "\u3000\u5168\u89d2\u30b9\u30da\u30fc\u30b9\u3000",
]

EMOJI = [
    "\U0001F600",
    "I love it \U0001F60D\U0001F525\U0001F525",
    "\U0001F44D\U0001F3FD",
    "\U0001F468\u200d\U0001F469\u200d\U0001F467\u200d\U0001F466",
    "\U0001F3F3\ufe0f\u200d\U0001F308",
    "\U0001F1EB\U0001F1F7 \U0001F1EF\U0001F1F5",
    "1\ufe0f\u20e3 #\ufe0f\u20e3",
    "\u2764\ufe0f \u2764",
    "\U0001F979 \U0001FAE0",
    "\u263a \u2603 \u2600 \u2b50",
    "good job\U0001F44F\U0001F3FB\U0001F44F\U0001F3FF",
    "\U0001F9D1\u200d\U0001F4BB coding",
]

URLS_CODE = [
    "https://example.com/path/to/page?query=1&b=two#fragment",
    "http://localhost:8080/api/v1/users/42",
    "user.name+tag@example.co.uk",
    "mailto:someone@example.org",
    "ftp://files.example.net/pub/README.md",
    "www.memlayer.dev",
    "func double(_ x: Int) -> Int { return x * 2 }",
    "if (a && b) { c++; } else { d--; }",
    "SELECT * FROM memories WHERE id = 1 AND text LIKE '%coffee%';",
    "\tdef foo(bar):\n\t\treturn bar ** 2\n",
    "{\"name\": \"Alice\", \"age\": 30, \"tags\": [\"a\", \"b\"]}",
    "^[a-z0-9._%+-]+@[a-z0-9.-]+\\.[a-z]{2,}$",
    "let x = arr.map { $0 * 2 }.filter { $0 > 10 }",
    "#include <stdio.h>\nint main(void) { printf(\"%d\\n\", 42); }",
    "git commit -m \"fix: handle \\r\\n line endings\"",
    "C:\\Users\\alice\\Documents\\notes.txt",
    "/usr/local/bin/swift --version",
    "x<=y && y>=z || a!=b",
    "// TODO(alice): remove this hack",
    "0.1 + 0.2 == 0.30000000000000004",
]

CONTROL_AND_SPACES = [
    "a\x00b",
    "a\x01b\x7fc",
    "\x1b[31mred\x1b[0m",
    "a\ufffdb",
    "left\u200eright\u200f",
    "soft\u00adhyphen",
    "\ufeffBOM at start",
    "a\tb\nc\r\nd\re",
    "\n\n\n",
    "\t",
    " ",
    "   ",
    "a\u00a0b",
    "a\u2003b\u2002c\u2009d",
    "a\u3000b",
    "a\u202fb\u205fc",
    "a\u1680b",
    "a\u2028b\u2029c",
    "a\x85b",
    "a\x0bb\x0cc",
    "a\x1cb\x1dc\x1ed\x1ff",
    "a\u200bb",
    "a\u200cb\u200dc",
    "a\u2060b",
    "a\u180eb",
    "a\u061cb",
    "\u2066isolate\u2069",
    "a\ue000b\uf8ffc",
    "a\U000f0000b\U0010fffdc",
    "a\u0378b\U000e0000c",
    "\x00\x01\x02",
    "\u200b\u200b\u200b",
]

MARKS = [
    "e\u0301",
    "cafe\u0301",
    "n\u0303",
    "a\u0308\u0301",
    "\u0301",
    "\u0301\u0301abc",
    "a\u20ddb",
    (
        "Z\u0351\u036b\u0343\u036a\u0302\u036b\u033d\u034f\u0334\u0319\u0324\u031e\u0349\u035a\u032f\u031e"
        "\u0320\u034dA\u036b\u0357\u0334\u0362\u0335\u031c\u0330\u0354L\u0368\u0367\u0369\u0358\u0320G"
        "\u0311\u0357\u030e\u0305\u035b\u0341\u0334\u033b\u0348\u034d\u0354\u0339O\u0342\u030c\u030c"
        "\u0358\u0328\u0335\u0339\u033b\u031d\u0333"
    ),
    "\u05e9\u05b8\u05dc\u05d5\u05b9\u05dd \u05e2\u05d5\u05dc\u05dd",
    "\u0627\u0644\u0633\u0651\u064e\u0644\u064e\u0627\u0645\u064f \u0639\u064e\u0644\u064e\u064a\u0652\u0643\u064f\u0645\u0652",
    "\u0645\u0631\u062d\u0628\u0627 \u0628\u0627\u0644\u0639\u0627\u0644\u0645",
    "\u0928\u092e\u0938\u094d\u0924\u0947 \u0926\u0941\u0928\u093f\u092f\u093e",
    "\u0e2a\u0e27\u0e31\u0e2a\u0e14\u0e35\u0e04\u0e23\u0e31\u0e1a",
    "\u0ba4\u0bae\u0bbf\u0bb4\u0bcd \u0c24\u0c46\u0c32\u0c41\u0c17\u0c41",
    "\u1780\u1798\u17d2\u1796\u17bb\u1787\u17b6",
    "a\U0001d16d\U0001d165b a\U0001d165\U0001d16db",
    "\U0001d15e\U0001d15f\U0001d160",
    "x\u1b44\U0001d16dy x\U0001d16d\u1b44y",
    "x\U0001d16d\u0301\U0001d165y x\U0001d16d\u0f39\U0001d165y",
    "x\U0001d16d\u0300\u1b44y",
    "a\u07fdb a\u0898b a\u1734b a\U0001171eb a\U00011938b",
    "a\u0890b a\u08e2b a\U000110cdb a\U00013430b",
    "a\u2e5db a\u166db a\u2e4fb a\u061db",
    "[SEP]\u0301 x\u0301[CLS]\u0301",
    "\u0344 \u0f73 \u0f75 \u0958",
]

SPECIALS = [
    "",
    "[CLS]",
    "[SEP]",
    "[PAD] [UNK] [MASK]",
    "hello [MASK] world",
    "hello [mask] world",
    "x[SEP]y",
    "[SEP][SEP]",
    "[[SEP]]",
    "[CLS hello SEP]",
    "[ SEP ]",
    "[unused0] [unused1]",
    "##ing ##s",
    "#",
    "##",
    "\u2603",
    "\u20ac \u2122 \u00a9 \u00ae",
    "\u2211\u222b\u221a\u221e \u2200x\u2208\u211d",
    "\u2190\u2192\u2191\u2193 \u21d2",
    "\u2500\u2502\u250c\u2510 \u2588",
    "\u2801\u2803\u2809",
    "\u00b0 \u00b5 \u00d7 \u00f7",
]


def long_texts():
    texts = [
        "a" * 100,
        "a" * 101,
        "ab" * 50,
        "ab" * 50 + "c",
        "supercalifragilisticexpialidocious" * 3,
        "supercalifragilisticexpialidocious" * 4,
        "\u00e9" * 100,
        "\u00e9" * 101,
        "e\u0301" * 100,
        "\uac01" * 33,
        "\uac01" * 34,
        "\uac00" * 50,
        "\uac00" * 51,
        "x" * 150 + "!" + "y" * 20,
        "https://example.com/" + "very-long-path-segment/" * 12,
        "word " * 300,
        LOREM * 12,
        (LOREM * 10) + " [SEP] tail",
        "\u4e2d" * 300,
        "unaffable " * 100,
        " ".join(["antidisestablishmentarianism"] * 60),
        "token " * 253 + "unaffable",
        "token " * 252 + "unaffable",
        "token " * 254 + "[MASK] more",
        "token " * 253 + "[MASK] more",
        "\u00e9t\u00e9 " * 200,
        "\U0001F600 " * 300,
        "a" * 10000,
        "a " * 5000,
    ]
    return texts


def random_texts(count=80, seed=20240517):
    rng = random.Random(seed)
    pools = [
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
        "     \t\n",
        "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~",
        "\u00e0\u00e1\u00e2\u00e4\u00e7\u00e8\u00e9\u00ea\u00f1\u00f6\u00fc\u00df\u0130\u0131\u0152\u00c5\u00c9",
        "\u0391\u0392\u03a3\u03c3\u03c2\u0394\u03b4\u0416\u0436\u042f\u044f",
        "\u4e2d\u6587\u5b57\u65e5\u672c\u3042\u30a2\uac00\ud55c\uae00",
        "\u0300\u0301\u0308\u0327\u20dd\U0001d165\U0001d16d\u1b44",
        "\x00\x07\x7f\u200b\u200d\u00ad\ufeff\ue000\u00a0\u3000\u2028",
        "\U0001F600\U0001F44D\U0001F3FD\U0001F1EB\ufe0f",
        "[]CLSEPMASKUN",
    ]
    texts = []
    for _ in range(count):
        length = rng.randint(1, 60)
        texts.append("".join(rng.choice(rng.choice(pools)) for _ in range(length)))
    return texts


def word_hash(words):
    """FNV-1a (64-bit) over each word's scalar values, with 0xFFFFFFFF after every word."""
    h = 0xCBF29CE484222325
    for word in words:
        for value in [ord(c) for c in word] + [0xFFFFFFFF]:
            h = ((h ^ value) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return "%016x" % h


def sweep_item(cp):
    """The contexts each code point is put in; mirrored in BertTokenizerUnicodeTests."""
    c = chr(cp)
    return "a" + c + "b\U0001d16d" + c + "\U0001d165 " + c + c + "\u0301\u1b44"


# Planes swept block by block; the others are unassigned or private use from end to end, one
# range each in the table, so their first and last blocks stand for them.
FULL_PLANES = (0, 1, 2, 3, 14)


def unicode_blocks(normalizer, pre_tokenizer):
    blocks = []
    for first in range(0, 0x110000, BLOCK_SIZE):
        if 0xD800 <= first <= 0xDFFF:
            continue  # surrogates only; no Swift string can hold them
        if first >> 16 not in FULL_PLANES and first & 0xFFFF not in (0, 0x10000 - BLOCK_SIZE):
            continue
        text = " ".join(sweep_item(cp) for cp in range(first, first + BLOCK_SIZE))
        words = [w for w, _ in pre_tokenizer.pre_tokenize_str(normalizer.normalize_str(text))]
        blocks.append({"first": first, "words": len(words), "hash": word_hash(words)})
    return blocks


def main():
    path = model_dir()
    fast = AutoTokenizer.from_pretrained(path)
    slow = BertTokenizerLegacy(os.path.join(path, "vocab.txt"), do_lower_case=True)
    groups = {
        "sentences": SENTENCES,
        "punctuation": PUNCTUATION,
        "numbers": NUMBERS,
        "accented": ACCENTED,
        "greek-cyrillic": GREEK_CYRILLIC,
        "cjk": CJK,
        "emoji": EMOJI,
        "urls-code": URLS_CODE,
        "control-spaces": CONTROL_AND_SPACES,
        "marks": MARKS,
        "specials-symbols": SPECIALS,
        "long": long_texts(),
        "random": random_texts(),
    }
    cases, differing = [], 0
    for group, texts in groups.items():
        for text in texts:
            ids = fast(text, truncation=True, max_length=MAX_LENGTH)["input_ids"]
            case = {"group": group, "text": text, "ids": ids}
            if len(ids) < MAX_LENGTH:
                case["tokens"] = fast.tokenize(text)
            slow_ids = slow(text, truncation=True, max_length=MAX_LENGTH)["input_ids"]
            if slow_ids != ids:
                case["slowIDs"] = slow_ids
                differing += 1
            cases.append(case)
    fixture = {
        "generator": "Tests/MemLayerTests/Fixtures/generate_tokenizer_fixture.py",
        "reference": "transformers %s, tokenizers %s, AutoTokenizer (fast), truncation=True, max_length=%d"
        % (transformers.__version__, tokenizers.__version__, MAX_LENGTH),
        "maxLength": MAX_LENGTH,
        "cases": cases,
    }
    with open(os.path.join(HERE, "tokenizer_fixture.json"), "w", encoding="utf-8") as f:
        json.dump(fixture, f, ensure_ascii=True, indent=1)
        f.write("\n")

    backend = fast.backend_tokenizer
    unicode_fixture = {
        "generator": "Tests/MemLayerTests/Fixtures/generate_tokenizer_fixture.py",
        "reference": "tokenizers %s BertNormalizer + BertPreTokenizer from the model's tokenizer"
        % tokenizers.__version__,
        "blockSize": BLOCK_SIZE,
        "fullPlanes": list(FULL_PLANES),
        "blocks": unicode_blocks(backend.normalizer, backend.pre_tokenizer),
    }
    with open(os.path.join(HERE, "tokenizer_unicode_fixture.json"), "w", encoding="utf-8") as f:
        json.dump(unicode_fixture, f, indent=0)
        f.write("\n")
    blocks = len(unicode_fixture["blocks"])
    print("%d cases (%d where the slow tokenizer differs), %d Unicode blocks" % (len(cases), differing, blocks))


if __name__ == "__main__":
    main()
