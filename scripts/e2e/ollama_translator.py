"""A loopback server that speaks Ollama's chat API over llama-server's OpenAI-compatible one.

No Ollama binary can be installed where the end-to-end check runs, so this lets `memlayer
--provider ollama` talk to the same llama-server the OpenAI path uses. Written from Ollama's API
reference (docs/api.md: "Generate a chat completion", "List Local Models", "Show Model
Information"), stdlib only:

  POST /api/chat   NDJSON stream (or one object with "stream": false): message.content deltas,
                   message.thinking, message.tool_calls with function.arguments as JSON objects,
                   then a last line with done, done_reason, prompt_eval_count, eval_count and the
                   durations in nanoseconds. Honours options.num_predict, options.temperature,
                   options.seed, options.top_p, options.stop, options.num_ctx (checked against
                   the server's context), format ("json" or a JSON Schema), think, tools.
  GET  /api/tags, POST /api/show, GET /api/version, GET /   for clients that probe first.

    python3 ollama_translator.py --upstream http://127.0.0.1:PORT --model NAME [--port N]
        prints "PORT" once listening; every request is logged to stderr as one line.
"""

import argparse
import datetime
import http.server
import json
import socketserver
import sys
import time
import urllib.error
import urllib.request


def now_iso():
    return datetime.datetime.now(datetime.timezone.utc).isoformat().replace("+00:00", "Z")


def to_openai_messages(messages):
    """Ollama messages → OpenAI ones: tool_calls get ids and string arguments, tool results point at them."""
    out, pending = [], []
    for i, m in enumerate(messages):
        role = m.get("role")
        if role == "assistant" and m.get("tool_calls"):
            calls = []
            for j, c in enumerate(m["tool_calls"]):
                fn = c.get("function", {})
                args = fn.get("arguments", {})
                call_id = c.get("id") or f"call_{i}_{j}"
                calls.append({"id": call_id, "type": "function",
                              "function": {"name": fn.get("name", ""),
                                           "arguments": args if isinstance(args, str) else json.dumps(args)}})
                pending.append((call_id, fn.get("name", "")))
            out.append({"role": "assistant", "content": m.get("content") or "", "tool_calls": calls})
        elif role == "tool":
            # Ollama names the tool (tool_name) rather than the call; match the oldest open call.
            name = m.get("tool_name") or m.get("name")
            idx = next((k for k, (_, n) in enumerate(pending) if name is None or n == name), 0 if pending else None)
            call_id = pending.pop(idx)[0] if idx is not None else f"call_orphan_{i}"
            out.append({"role": "tool", "tool_call_id": m.get("tool_call_id") or call_id,
                        "content": m.get("content") or ""})
        else:
            out.append({"role": role, "content": m.get("content") or ""})
    return out


def from_openai_tool_call(call):
    fn = call.get("function", {})
    raw = fn.get("arguments") or "{}"
    try:
        args = json.loads(raw) if isinstance(raw, str) else raw
    except ValueError:
        args = {"_unparsed": raw}  # Ollama would have refused; keep it visible to the client
    return {"function": {"name": fn.get("name", ""), "arguments": args}}


class Translator(http.server.BaseHTTPRequestHandler):
    upstream = ""
    model = ""
    ctx = 4096
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        sys.stderr.write("ollama-translator: " + (fmt % args) + "\n")

    # -- helpers -------------------------------------------------------------------------------
    def body(self):
        n = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(n) if n else b""
        return json.loads(raw) if raw else {}

    def send_json(self, status, obj):
        data = json.dumps(obj).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def start_stream(self):
        self.send_response(200)
        self.send_header("Content-Type", "application/x-ndjson")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()

    def chunk(self, obj):
        data = (json.dumps(obj) + "\n").encode()
        self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
        self.wfile.flush()

    def end_stream(self):
        self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()

    # -- routes --------------------------------------------------------------------------------
    def do_GET(self):
        if self.path in ("/", ""):
            data = b"Ollama is running"
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        elif self.path == "/api/version":
            self.send_json(200, {"version": "0.0.0-translator"})
        elif self.path == "/api/tags":
            self.send_json(200, {"models": [self.model_entry()]})
        else:
            self.send_json(404, {"error": f"no route {self.path}"})

    def do_POST(self):
        try:
            body = self.body()
        except ValueError:
            return self.send_json(400, {"error": "invalid JSON body"})
        if self.path == "/api/show":
            return self.show(body)
        if self.path == "/api/chat":
            return self.chat(body)
        self.send_json(404, {"error": f"no route {self.path}"})

    def model_entry(self):
        return {"name": self.model, "model": self.model, "modified_at": now_iso(), "size": 0,
                "digest": "translator", "details": {"format": "gguf", "family": "llama.cpp"}}

    def show(self, body):
        name = body.get("model") or body.get("name")
        if name != self.model:
            return self.send_json(404, {"error": f"model '{name}' not found"})
        self.send_json(200, {"modelfile": "", "parameters": "", "template": "(llama-server --jinja)",
                             "details": self.model_entry()["details"],
                             "model_info": {"llama.context_length": self.ctx},
                             "capabilities": ["completion", "tools"]})

    def chat(self, body):
        name = body.get("model")
        if name != self.model:
            return self.send_json(404, {"error": f"model '{name}' not found, try pulling it first"})
        messages = body.get("messages") or []
        if not messages:  # "load a model"
            return self.send_json(200, {"model": name, "created_at": now_iso(),
                                        "message": {"role": "assistant", "content": ""},
                                        "done_reason": "load", "done": True})
        options = body.get("options") or {}
        if options.get("num_ctx") and int(options["num_ctx"]) > self.ctx:
            # llama-server's context is fixed at start; say so instead of silently truncating.
            self.log_message("num_ctx %s > server context %s: using %s", options["num_ctx"], self.ctx, self.ctx)
        req = {"messages": to_openai_messages(messages), "stream": True,
               "stream_options": {"include_usage": True}}
        if body.get("tools"):
            req["tools"] = body["tools"]
        for ollama_key, openai_key in (("num_predict", "max_tokens"), ("temperature", "temperature"),
                                       ("top_p", "top_p"), ("top_k", "top_k"), ("seed", "seed"),
                                       ("stop", "stop"), ("repeat_penalty", "repeat_penalty")):
            if options.get(ollama_key) is not None:
                req[openai_key] = options[ollama_key]
        if req.get("max_tokens") is not None and int(req["max_tokens"]) < 0:
            del req["max_tokens"]  # Ollama: -1 means no limit
        fmt = body.get("format")
        if fmt == "json":
            req["response_format"] = {"type": "json_object"}
        elif isinstance(fmt, dict):
            req["response_format"] = {"type": "json_schema", "json_schema": {"name": "format", "schema": fmt}}
        think = body.get("think")
        if think is not None:
            req["chat_template_kwargs"] = {"enable_thinking": bool(think)}
        stream = body.get("stream", True)
        began = time.monotonic_ns()
        try:
            upstream = urllib.request.urlopen(urllib.request.Request(
                self.upstream + "/v1/chat/completions", data=json.dumps(req).encode(),
                headers={"Content-Type": "application/json"}), timeout=600)
        except urllib.error.HTTPError as e:
            detail = e.read().decode(errors="replace")
            try:
                detail = json.loads(detail)["error"]["message"]
            except (ValueError, KeyError, TypeError):
                pass
            return self.send_json(e.code if e.code >= 400 else 500, {"error": f"upstream: {detail}"})
        except OSError as e:
            return self.send_json(502, {"error": f"upstream not reachable: {e}"})

        content, thinking, calls_by_index = [], [], {}
        finish, usage, first = None, {}, None
        if stream:
            self.start_stream()
        with upstream:
            for line in upstream:
                line = line.strip()
                if not line.startswith(b"data:"):
                    continue
                payload = line[5:].strip()
                if payload == b"[DONE]":
                    break
                event = json.loads(payload)
                usage = event.get("usage") or usage
                for choice in event.get("choices") or []:
                    delta = choice.get("delta") or {}
                    finish = choice.get("finish_reason") or finish
                    if first is None and (delta.get("content") or delta.get("reasoning_content")):
                        first = time.monotonic_ns()
                    for tc in delta.get("tool_calls") or []:
                        slot = calls_by_index.setdefault(tc.get("index", 0), {"function": {"name": "", "arguments": ""}})
                        fn = tc.get("function") or {}
                        slot["function"]["name"] += fn.get("name") or ""
                        slot["function"]["arguments"] += fn.get("arguments") or ""
                    piece = {"role": "assistant", "content": delta.get("content") or ""}
                    if delta.get("reasoning_content"):
                        piece["thinking"] = delta["reasoning_content"]
                        thinking.append(delta["reasoning_content"])
                    content.append(delta.get("content") or "")
                    if stream and (piece["content"] or piece.get("thinking")):
                        self.chunk({"model": name, "created_at": now_iso(), "message": piece, "done": False})
        calls = [from_openai_tool_call(calls_by_index[k]) for k in sorted(calls_by_index)]
        ended = time.monotonic_ns()
        # Ollama's done_reason is "stop" or "length" (a call ends with "stop" too).
        done_reason = "length" if finish == "length" else "stop"
        final = {"model": name, "created_at": now_iso(), "done": True, "done_reason": done_reason,
                 "total_duration": ended - began, "load_duration": 0,
                 "prompt_eval_count": usage.get("prompt_tokens", 0),
                 "prompt_eval_duration": (first or ended) - began,
                 "eval_count": usage.get("completion_tokens", 0),
                 "eval_duration": ended - (first or began)}
        if stream:
            if calls:  # Ollama sends the complete calls in one message before the final line
                self.chunk({"model": name, "created_at": now_iso(),
                            "message": {"role": "assistant", "content": "", "tool_calls": calls}, "done": False})
            final["message"] = {"role": "assistant", "content": ""}
            self.chunk(final)
            self.end_stream()
        else:
            message = {"role": "assistant", "content": "".join(content)}
            if thinking:
                message["thinking"] = "".join(thinking)
            if calls:
                message["tool_calls"] = calls
            self.send_json(200, final | {"message": message})
        self.log_message("chat: %d messages, %d tools, %d calls, done_reason %s (upstream %s), %d+%d tokens",
                         len(messages), len(body.get("tools") or []), len(calls), done_reason, finish,
                         final["prompt_eval_count"], final["eval_count"])


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--upstream", required=True, help="llama-server base URL, e.g. http://127.0.0.1:8080")
    p.add_argument("--model", required=True, help="the model name clients must ask for")
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--ctx", type=int, default=4096, help="llama-server's context size, for /api/show")
    a = p.parse_args()
    Translator.upstream = a.upstream.rstrip("/")
    Translator.model = a.model
    Translator.ctx = a.ctx
    server = Server(("127.0.0.1", a.port), Translator)
    print(server.server_address[1], flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
