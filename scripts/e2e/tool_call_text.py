"""Tool calls written as text: an independent detector, for the end-to-end check and the corpus.

This is deliberately not the Swift recogniser: the end-to-end script asks "did anything that
looks like a tool call reach the user?", and it must catch what the product misses, so it errs
towards flagging. `leaks(text)` names the forms found (an empty list means clean);
`calls(text)` extracts the calls it can parse, which the capture script offers as a proposed
label that a person then checks.

    python3 tool_call_text.py FILE...          # the forms found in each file; exit 1 if any
    python3 tool_call_text.py --corpus DIR     # checks the detector against every labelled case
"""

import ast
import json
import os
import re
import sys

# Special-token and tag forms, with the form name the corpus uses.
TAGS = [
    ("qwen_tool_call_tag", re.compile(r"</?tool_call>")),
    ("mistral_TOOL_CALLS", re.compile(r"\[TOOL_CALLS\]|\[ARGS\]")),
    ("llama_python_tag", re.compile(r"<\|python_tag\|>|<\|eom_id\|>")),
    ("functionary_function_tag", re.compile(r"<function=[\w.-]+>|</function>")),
    ("special_token_tool_call", re.compile(r"<\|tool_calls?_(?:start|begin|section_begin)\|>|<｜tool▁call|<TOOLCALL>|<\|tool_call\|>")),
    ("firefunction_functools", re.compile(r"\bfunctools\s*\[")),
    ("functions_prefix", re.compile(r"\bfunctions\.[A-Za-z_][\w]*")),
    ("call_syntax", re.compile(r"\b(?:search_memory|schedule_task)\s*\(")),
    # The tool's name, then its JSON arguments (functionary v3.2's `name\n{...}`, and small models).
    ("name_then_json", re.compile(r"\b(?:search_memory|schedule_task)\b[\s:=>`\"']*\{")),
    # Functionary v3.2: the recipient alone on the first line, then the arguments.
    ("functionary_recipient", re.compile(r"\A\s*(?:>>>)?[A-Za-z_][\w.]*\n\{")),
    ("xml_invoke", re.compile(r"<invoke name=|</?minimax:tool_call>|｜DSML｜")),
    ("gemma_tool_call_tag", re.compile(r"<\|tool_call>|<tool_call\|>|\bcall:[A-Za-z_]\w*\{")),
    ("cohere_action", re.compile(r"<\|START_ACTION\|>")),
    # A tool result echoed back (SmolLM2 does): markup and memory ids the user must not see.
    ("tool_response_tag", re.compile(r"</?tool_response>")),
    # OpenAI's shape of a call, {"type": "function", "function": {...}}, whatever the name.
    ("openai_call_shape", re.compile(r'"type"\s*:\s*"function"\s*,\s*"function"\s*:\s*\{')),
]

# JSON keys that only ever appear in a call of MemLayer's tools, never in a plain answer.
ARGUMENT_KEYS = re.compile(r'"(?:search_tier|task_description|due_date)"\s*:')
NAME_KEY = re.compile(r'"(?:name|function|tool|tool_name)"\s*:\s*"([A-Za-z_][\w.-]*)"')
ARGS_KEY = re.compile(r'"(?:arguments|parameters|args|input)"\s*:')
TOOL_NAME_VALUE = re.compile(r'"(?:search_memory|schedule_task)"')


def leaks(text):
    """The forms of tool-call text found in `text` (sorted, unique); [] when it reads as an answer."""
    found = set()
    for form, pattern in TAGS:
        if pattern.search(text):
            found.add(form)
    for start in (m.start() for m in re.finditer(r"[{\[]", text)):
        window = text[start:start + 600]
        if (NAME_KEY.search(window) and ARGS_KEY.search(window)) or TOOL_NAME_VALUE.search(window):
            found.add("json_call")
            break
    if ARGUMENT_KEYS.search(text):
        found.add("json_arguments")
    if re.search(r'"tool_calls"\s*:', text):
        found.add("json_call")
    return sorted(found)


def mentions(text):
    """Tool names in prose ("I'll use search_memory"): not a call, reported apart."""
    return sorted(set(re.findall(r"\b(search_memory|schedule_task)\b", text)))


# ---- extraction, for proposing labels -------------------------------------------------------

def _normalise(obj):
    """A JSON value shaped like one or more calls → [{"name", "arguments"}], else None."""
    if isinstance(obj, list):
        out = []
        for item in obj:
            got = _normalise(item)
            if got is None:
                return None
            out += got
        return out or None
    if not isinstance(obj, dict):
        return None
    if isinstance(obj.get("tool_calls"), list):
        return _normalise(obj["tool_calls"])
    if isinstance(obj.get("function"), dict):
        return _normalise(obj["function"])
    name = obj.get("name") or obj.get("function") or obj.get("tool") or obj.get("tool_name")
    if not isinstance(name, str):
        return None
    args = obj.get("arguments", obj.get("parameters", obj.get("args", {})))
    if isinstance(args, str):
        try:
            args = json.loads(args)
        except ValueError:
            return None
    if not isinstance(args, dict):
        return None
    return [{"name": name, "arguments": args}]


def _json_values(text):
    """Every complete JSON object or array in `text`, left to right, not nested in another."""
    decoder = json.JSONDecoder()
    i, out = 0, []
    while i < len(text):
        if text[i] in "{[":
            try:
                value, end = decoder.raw_decode(text, i)
                out.append(value)
                i = end
                continue
            except ValueError:
                pass
        i += 1
    return out


def _call_syntax(text):
    """`name(key="v", k2=1)` or `name({...})` calls of any identifier followed by `(`."""
    out = []
    for m in re.finditer(r"(?<![\w.])([A-Za-z_][\w]*)(?:\.call)?\s*\(", text):
        name = m.group(1)
        if name in ("print", "range", "len"):
            continue
        depth, j = 0, m.end() - 1
        while j < len(text):
            depth += {"(": 1, ")": -1}.get(text[j], 0)
            if depth == 0:
                break
            j += 1
        inner = text[m.end():j]
        try:
            if inner.strip().startswith("{"):
                args = json.loads(inner)
            else:
                node = ast.parse(f"f({inner})", mode="eval").body
                if node.args:
                    continue
                args = {k.arg: ast.literal_eval(k.value) for k in node.keywords}
        except (SyntaxError, ValueError):
            continue
        out.append({"name": name, "arguments": args})
    return out


def calls(text, known=None):
    """The calls that can be read from `text` (best effort): [{"name", "arguments"}]."""
    found = []
    # Mistral: [TOOL_CALLS]name[ARGS]{...} or [TOOL_CALLS]name[CALL_ID]id[ARGS]{...}
    for m in re.finditer(r"\[TOOL_CALLS\]\s*([A-Za-z_][\w.-]*)(?:\[CALL_ID\][\w-]*)?\[ARGS\]", text):
        vals = _json_values(text[m.end():])
        if vals and isinstance(vals[0], dict):
            found.append({"name": m.group(1), "arguments": vals[0]})
    if found:
        return found
    # Functionary v3.1: <function=name>{...}</function>; Qwen3-Coder XML: <parameter=k>v</parameter>
    for m in re.finditer(r"<function=([\w.-]+)>(.*?)(?:</function>|$)", text, re.S):
        body = m.group(2)
        params = re.findall(r"<parameter=([\w.-]+)>\s*(.*?)\s*</parameter>", body, re.S)
        if params:
            found.append({"name": m.group(1), "arguments": {k: v for k, v in params}})
        else:
            vals = _json_values(body)
            if vals and isinstance(vals[0], dict):
                found.append({"name": m.group(1), "arguments": vals[0]})
    if found:
        return found
    for value in _json_values(text):
        got = _normalise(value)
        if got:
            found += got
    if not found:
        stripped = re.sub(r"<\|python_tag\|>", "", text)
        found = _call_syntax(stripped)
    if known is not None:
        found = [c for c in found if c["name"] in known]
    return found


def check_corpus(directory):
    """Every case whose label says it holds a call (or a broken one) must be flagged, and no plain
    answer may be; prints the disagreements and a count by form and by source."""
    import collections
    import glob
    wrong, by_form, by_file = 0, collections.Counter(), collections.Counter()
    for path in sorted(glob.glob(os.path.join(directory, "*.jsonl"))):
        for line in open(path, encoding="utf-8"):
            case = json.loads(line)
            by_form[case["form"]] += 1
            by_file[os.path.basename(path)] += 1
            flagged = bool(leaks(case["raw"]))
            should = case["form"] != "plain_answer"
            if flagged != should:
                wrong += 1
                print(f"{case['id']}: labelled {case['form']}, detector says {leaks(case['raw']) or 'clean'}")
    print(f"{sum(by_file.values())} cases: " + ", ".join(f"{k} {v}" for k, v in by_file.items()))
    print("by form: " + ", ".join(f"{k} {v}" for k, v in by_form.most_common()))
    print(f"detector disagrees with the label on {wrong}")
    return 1 if wrong else 0


def main(paths):
    if paths[:1] == ["--corpus"]:
        return check_corpus(paths[1])
    dirty = 0
    for path in paths:
        with open(path, encoding="utf-8") as f:
            forms = leaks(f.read())
        print(f"{path}: {', '.join(forms) if forms else 'clean'}")
        dirty += bool(forms)
    return 1 if dirty else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
