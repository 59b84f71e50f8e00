"""Runs a scripted conversation through the memlayer CLI against a real local model and checks
product properties — never the model's words:

  (a) no tool-call text in anything printed to the user (tool_call_text.leaks, every corpus form);
  (b) reminders: no task nobody asked for, no duplicates (same due time), 0 or 1 for the one asked;
  (c) every provider round within the output cap and the round limit (read from --trace);
  (d) every stated personal fact findable afterwards (`memlayer search QUESTION --json`);
  (e) every answer within TURN_BOUND seconds (the process is killed at twice that).

Prints a table and writes a JSON report; exits 1 when a property fails. Called by
scripts/e2e-local-model.sh, which owns the servers; usable alone:

    python3 run_conversation.py --memlayer .build/release/memlayer --base-url http://127.0.0.1:PORT/v1 \
        --model qwen --store /tmp/x/memory.sqlite [--short] [--ollama-url http://127.0.0.1:TPORT]
"""

import argparse
import json
import os
import re
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tool_call_text  # noqa: E402

TURN_BOUND = float(os.environ.get("E2E_TURN_SECONDS", "120"))
OUTPUT_CAP = int(os.environ.get("E2E_OUTPUT_CAP", "1024"))  # tokens per round, when the trace gives counts
MAX_ROUNDS = int(os.environ.get("E2E_MAX_ROUNDS", "5"))  # ChatOptions.maxToolRounds (4) + the answer

# (facts the user states, the question that must find each, the key word a result must hold)
FACTS = {
    "boat": ("My boat is called Kestrel.", "What is my boat called?", "Kestrel"),
    "sister": ("My sister Dana lives in Porto.", "Where does my sister live?", "Porto"),
    "allergy": ("I am allergic to peanuts.", "What am I allergic to?", "peanut"),
    "job": ("I work as a nurse at Santa Maria hospital.", "What is my job?", "nurse"),
}
REMINDER = "Remind me tomorrow at 9 to call Dana."
REMINDER_WORDS = ("dana", "call")


def full_script():
    return [
        ("ask", [FACTS["boat"][0]], "fact"),
        ("ask", [FACTS["sister"][0]], "fact"),
        ("remember", [FACTS["allergy"][0]], "fact"),
        ("ask", [FACTS["boat"][1]], "question"),
        ("ask", [FACTS["sister"][1]], "question"),
        ("ask", [REMINDER], "reminder"),
        ("ask", ["What is the capital of Australia?"], "general"),
        ("chat", [FACTS["job"][0], "What do I do for a living?", "Thanks, that's all."], "chat"),
        ("answer", [FACTS["sister"][1]], "answer"),
    ], ["boat", "sister", "allergy", "job"]


def short_script():
    return [("chat", [FACTS["boat"][0], FACTS["boat"][1], REMINDER, "What is the capital of Australia?"], "chat")], \
        ["boat"]


def ollama_script():
    return [("ask", [FACTS["boat"][1]], "question"),
            ("chat", ["My favourite colour is green.", "What is my sister's name?"], "chat")]


class Run:
    def __init__(self, args):
        self.a = args
        self.turns = []  # one dict per user message
        self.failures = []
        self.log = open(args.log, "a", encoding="utf-8") if args.log else None

    def note(self, text):
        if self.log:
            self.log.write(text + "\n")
            self.log.flush()

    def cli(self, argv, stdin=None, turns=1, hard_timeout=None):
        """Runs memlayer; returns (rc, stdout, stderr, seconds, answer seconds per turn).

        A turn's answer ends at its trace's `total:` line on stderr (with --trace), else at the
        last stdout byte. A turn still running TURN_BOUND + 30 s after the previous one ended is
        killed (that one PID), so a looping model costs minutes, not the context window."""
        cmd = [self.a.memlayer] + argv + ["--store", self.a.store]
        self.note("$ " + " ".join(cmd))
        began = time.monotonic()
        proc = subprocess.Popen(cmd, stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        out, err, last_out, turn_ends, stamped = [], [], [None], [], []

        def pump(stream, sink, is_stdout):
            for chunk in iter(lambda: stream.read1(4096), b""):
                sink.append(chunk)
                if is_stdout:
                    last_out[0] = time.monotonic()
                    stamped.append((last_out[0], chunk))
                else:  # count over everything so far: a chunk may split the marker
                    seen = b"".join(sink).count(b"\ntotal: ") + b"".join(sink).startswith(b"total: ")
                    turn_ends.extend([time.monotonic()] * (seen - len(turn_ends)))

        threads = [threading.Thread(target=pump, args=(proc.stdout, out, True)),
                   threading.Thread(target=pump, args=(proc.stderr, err, False))]
        for t in threads:
            t.start()
        if stdin is not None:
            proc.stdin.write(stdin.encode())
            proc.stdin.close()
        rc = None
        while rc is None:
            try:
                rc = proc.wait(timeout=0.5)
            except subprocess.TimeoutExpired:
                since = turn_ends[-1] if turn_ends else began
                limit = hard_timeout if hard_timeout else TURN_BOUND + 30
                if time.monotonic() - since > limit:
                    proc.kill()  # that one PID: ours
                    proc.wait()
                    rc = "killed"
        for t in threads:
            t.join()
        ended = time.monotonic()
        seconds = ended - began
        stdout, stderr = b"".join(out).decode(errors="replace"), b"".join(err).decode(errors="replace")
        marks = [began] + turn_ends
        answers = [b - a for a, b in zip(marks, marks[1:])]
        if len(answers) < turns:  # the unfinished turn ran until the end (or the kill)
            fallback = (last_out[0] if last_out[0] and not turn_ends and rc == 0 else ended)
            answers.append(fallback - marks[-1])
        # Each turn's answer: the stdout written before its trace's `total:` reached stderr (the
        # CLI writes the answer, then the trace; answers are seconds apart, the pipes are not).
        per_turn = [b"" for _ in range(max(turns, len(turn_ends) + 1))]
        for at, chunk in stamped:
            index = sum(1 for end in turn_ends if end < at)
            per_turn[min(index, len(per_turn) - 1)] += chunk
        self.last_outputs = [x.decode(errors="replace") for x in per_turn]
        self.note(f"rc={rc} {seconds:.1f}s answers={['%.1f' % x for x in answers]}\n"
                  f"--- stdout\n{stdout}\n--- stderr\n{stderr}")
        return rc, stdout, stderr, seconds, answers

    def provider_args(self, ollama):
        if ollama:
            return ["--provider", "ollama", "--base-url", self.a.ollama_url, "--model", self.a.model]
        return ["--provider", "openai", "--base-url", self.a.base_url, "--model", self.a.model]

    def run_step(self, command, lines, kind, ollama=False):
        path = "ollama" if ollama else "openai"
        p = self.provider_args(ollama)
        if command == "ask":
            rc, out, err, secs, answers = self.cli(["ask", lines[0], "--trace"] + p)
            traces = split_traces(err) or [err]
            self.turns.append(turn(path, command, kind, lines[0], out, traces[0], rc, answers[0], secs))
        elif command == "remember":
            rc, out, err, secs, _ = self.cli(["remember", lines[0]] + p)
            self.turns.append(turn(path, command, kind, lines[0], "", "", rc, secs, secs, checked_output=False))
        elif command == "answer":
            rc, out, err, secs, answers = self.cli(["answer", lines[0]] + p)
            self.turns.append(turn(path, command, kind, lines[0], out, "", rc, secs, secs))
        elif command == "chat":
            stdin = "\n".join(lines) + "\n/exit\n"
            rc, out, err, secs, answers = self.cli(["chat", "--trace"] + p, stdin=stdin, turns=len(lines))
            traces = split_traces(err)
            if len(traces) < len(lines):  # the unfinished turn's partial trace, or its error
                traces.append(err.split("total:")[-1] if traces else err)
            finished = len(split_traces(err))
            for i, line in enumerate(lines[:len(answers)]):
                # Turns that printed their trace finished; only the one running at the end was killed.
                rc_i = (0 if rc == "killed" else rc) if i < finished else rc
                self.turns.append(turn(path, command, kind, line, self.last_outputs[i], traces[i], rc_i,
                                       answers[i], secs if i == 0 else 0.0))
            rest = lines[len(answers):]
            if rest:  # a killed turn ends the process: go on in a new chat (its history is lost)
                self.note(f"resuming {len(rest)} turn(s) in a new chat")
                self.run_step(command, rest, kind if kind.endswith("(new chat)") else kind + " (new chat)", ollama)
                return
        self.note(f"turn done: {self.turns[-1]['label']}")

    # ---- properties --------------------------------------------------------------------------
    def check(self, facts):
        for t in self.turns:
            if t["leaks"]:
                self.failures.append(f"(a) tool-call text shown to the user in {t['label']}: {', '.join(t['leaks'])}")
            if t["rc"] == "killed":
                self.failures.append(f"(e) {t['label']} was still running {TURN_BOUND + 30:.0f}s after the previous "
                                     f"turn ended, and was killed (its trace, printed at the end, is lost)")
                continue
            if t["rc"] == "not reached":
                continue
            if t["rc"] != 0:
                self.failures.append(f"turn {t['label']} exited with {t['rc']}")
            if t["answer_s"] == t["answer_s"] and t["answer_s"] > TURN_BOUND:
                self.failures.append(f"(e) {t['label']} took {t['answer_s']:.0f}s to answer (bound {TURN_BOUND:.0f}s)")
            if len(t["rounds"]) > MAX_ROUNDS:
                self.failures.append(f"(c) {t['label']} used {len(t['rounds'])} provider rounds (limit {MAX_ROUNDS})")
            for r in t["rounds"]:
                if r.get("tokens") is not None and r["tokens"] > (r.get("cap") or OUTPUT_CAP):
                    self.failures.append(f"(c) {t['label']} round {r['n']} wrote {r['tokens']} tokens "
                                         f"(cap {r.get('cap') or OUTPUT_CAP})")
        # (b) reminders
        rc, out, err, _, _ = self.cli(["tasks", "--all", "--json"], hard_timeout=60)
        try:
            tasks = json.loads(out) if rc == 0 else []
            tasks = tasks.get("tasks", []) if isinstance(tasks, dict) else tasks
        except ValueError:
            tasks = []
            self.failures.append(f"(b) memlayer tasks --json printed no JSON: {out[:200]!r}")
        asked = [t for t in tasks if any(w in t.get("description", "").lower() for w in REMINDER_WORDS)]
        unasked = [t for t in tasks if t not in asked]
        dues = [t.get("due_at") for t in asked]
        duplicates = len(dues) - len(set(dues))
        if unasked:
            self.failures.append("(b) reminders nobody asked for: " +
                                 "; ".join(f"{t.get('description')!r} due {t.get('due_at')}" for t in unasked))
        if duplicates:
            self.failures.append(f"(b) {duplicates} duplicate reminder(s) for the one asked (same due time): {dues}")
        if len(asked) > 1 and not duplicates:
            self.failures.append(f"(b) {len(asked)} reminders for the one asked (due {dues})")
        self.tasks = tasks
        # (d) facts kept
        self.facts = {}
        for key in facts:
            statement, question, word = FACTS[key]
            rc, out, err, _, _ = self.cli(["search", question, "--json", "-k", "5"], hard_timeout=120)
            try:
                hits = json.loads(out)
                hits = hits["memories"] if isinstance(hits, dict) else hits
            except ValueError:
                hits = []
            kept = any(word.lower() in (h.get("text") or "").lower() for h in hits)
            self.facts[key] = kept
            if not kept:
                self.failures.append(f"(d) the fact {statement!r} is not found by search {question!r} "
                                     f"(no result holds {word!r}; {len(hits)} results)")

    def table(self, title):
        rows = [("path", "command", "kind", "turn", "s", "rounds", "tokens/round", "stop", "tools run", "leaks",
                 "exit")]
        for t in self.turns:
            rows.append((t["path"], t["command"], t["kind"], t["prompt"][:38],
                         "-" if t["answer_s"] != t["answer_s"] else f"{t['answer_s']:.1f}",
                         str(len(t["rounds"])) if t["trace"] else "-",
                         ",".join(str(r["tokens"]) for r in t["rounds"] if r.get("tokens") is not None) or "-",
                         ",".join(r["stop"] for r in t["rounds"] if r.get("stop")) or "-",
                         counted(t["tools"]) or "-", ",".join(t["leaks"]) or "-",
                         "" if t["rc"] == 0 else str(t["rc"])))
        widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
        lines = [f"## {title}"]
        for i, r in enumerate(rows):
            lines.append(" | ".join(c.ljust(widths[j]) for j, c in enumerate(r)))
            if i == 0:
                lines.append("-+-".join("-" * w for w in widths))
        answered = [t["answer_s"] for t in self.turns if t["answer_s"] == t["answer_s"] and t["command"] != "remember"]
        n_tools = sum(len(t["tools"]) for t in self.turns)
        forms = {}
        for t in self.turns:
            for f in t["forms"]:
                forms[f] = forms.get(f, 0) + 1
        lines += [
            "",
            f"turns: {len(self.turns)}   tool calls run: {n_tools}"
            + (f" (forms per trace: {forms})" if forms else " (the trace names no call forms)"),
            f"provider rounds: {sum(len(t['rounds']) for t in self.turns)}   "
            f"rounds with token counts in the trace: {sum(1 for t in self.turns for r in t['rounds'] if r.get('tokens') is not None)}",
            f"leaks: {sum(1 for t in self.turns if t['leaks'])} turn(s)   "
            f"reminders: {len(self.tasks)} ({'; '.join(repr(t.get('description')) + ' ' + str(t.get('due_at')) for t in self.tasks) or 'none'})",
            f"facts kept: {sum(self.facts.values())}/{len(self.facts)} "
            f"({', '.join(k + ('=yes' if v else '=NO') for k, v in self.facts.items())})",
            f"seconds per answer: {' '.join(f'{s:.0f}' for s in answered)}   "
            f"max {max(answered):.0f}s, mean {sum(answered) / len(answered):.0f}s" if answered else "seconds per answer: -",
        ]
        return "\n".join(lines)


def turn(path, command, kind, prompt, out, trace, rc, answer_s, total_s, checked_output=True):
    rounds = parse_rounds(trace)
    return {
        "path": path, "command": command, "kind": kind, "prompt": prompt, "label": f"{path} {command} {prompt[:30]!r}",
        "rc": rc, "answer_s": answer_s, "process_s": total_s, "output": out, "trace": trace,
        "leaks": tool_call_text.leaks(out) if checked_output else [],
        "mentions": tool_call_text.mentions(out) if checked_output else [],
        "rounds": rounds,
        "tools": re.findall(r"\+[\d.]+ ms tool (\w+)", trace),
        # The chat loop's trace names the forms per round: `text_calls=2[json,tool_call_tag]`.
        "forms": [form for group in re.findall(r"\btext_calls=\d+\[([\w,-]+)\]", trace) for form in group.split(",")],
    }


def counted(names):
    """["a", "a", "b"] → "a×2,b"."""
    out = []
    for name in dict.fromkeys(names):
        n = names.count(name)
        out.append(name if n == 1 else f"{name}×{n}")
    return ",".join(out)


def split_traces(stderr):
    """--trace prints one block per turn ending with `total: N ms`."""
    blocks, current = [], []
    for line in stderr.splitlines():
        current.append(line)
        if line.startswith("total:"):
            blocks.append("\n".join(current))
            current = []
    return blocks


def trace_total(trace):
    m = re.search(r"^total: ([\d.]+) ms", trace, re.M)
    return float(m.group(1)) / 1000 if m else None


def parse_rounds(trace):
    """One entry per `provider … round N` line, with whatever token count, cap and stop it states."""
    rounds = []
    for line in trace.splitlines():
        m = re.search(r"\bprovider\b.*\bround (\d+)", line)
        if not m:
            continue
        r = {"n": int(m.group(1)), "line": line.strip()}
        tok = re.search(r"(\d+)\s*(?:output |completion |out )?tokens?\b", line) or \
            re.search(r"\b(?:tokens|eval_count|completion_tokens|out)[=: ]+(\d+)", line)
        if tok:
            r["tokens"] = int(tok.group(1))
        cap = re.search(r"\b(?:cap|max|max_tokens|limit)[=: ]+(\d+)", line)
        if cap:
            r["cap"] = int(cap.group(1))
        stop = re.search(r"\bstop(?:ped)?(?: reason)?[=: ]+(\w+)", line)
        if stop:
            r["stop"] = stop.group(1)
        rounds.append(r)
    return rounds


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--memlayer", required=True)
    p.add_argument("--base-url", required=True, help="llama-server's OpenAI base URL, ending in /v1")
    p.add_argument("--model", required=True)
    p.add_argument("--store", required=True)
    p.add_argument("--ollama-url", help="the Ollama translator, to run a few turns with --provider ollama")
    p.add_argument("--short", action="store_true")
    p.add_argument("--label", default="")
    p.add_argument("--log", help="append every command, its output and trace here")
    p.add_argument("--report", help="write the turns and failures as JSON here")
    a = p.parse_args()

    run = Run(a)
    script, facts = short_script() if a.short else full_script()
    for command, lines, kind in script:
        print(f"e2e: {a.label} {command}: {lines[0][:60]}", file=sys.stderr, flush=True)
        run.run_step(command, lines, kind)
    if a.ollama_url:
        for command, lines, kind in ollama_script():
            print(f"e2e: {a.label} ollama {command}: {lines[0][:60]}", file=sys.stderr, flush=True)
            run.run_step(command, lines, kind, ollama=True)
    run.check(facts)
    print(run.table(f"{a.label} — {a.model} via llama-server" + (" (short)" if a.short else "")))
    if run.failures:
        print("\nFAILED:")
        for f in run.failures:
            print("  - " + f)
    else:
        print("\nall properties hold")
    # One plain closing line: the six properties (a)–(e), and every turn exiting cleanly.
    failed = {f[1] if f.startswith("(") else "exit" for f in run.failures}
    print(f"e2e {a.label}: {6 - len(failed)} passed, {len(failed)} failed")
    if a.report:
        with open(a.report, "w", encoding="utf-8") as f:
            json.dump({"label": a.label, "model": a.model, "turns": run.turns, "tasks": run.tasks,
                       "facts": run.facts, "failures": run.failures}, f, indent=1, default=str)
    return 1 if run.failures else 0


if __name__ == "__main__":
    sys.exit(main())
