"""Starts and stops llama.cpp's llama-server for the end-to-end scripts (stdlib only).

The server listens on 127.0.0.1 only, on a free port, with the model's Jinja chat template
(`--jinja`, which is what gives it OpenAI-style tool calls), a 4096-token context and two
threads. It is run from the binary itself, never from the pip wrapper, because the wrapper's
child outlives a SIGTERM sent to the wrapper; it is stopped by its PID.

    python3 llama_server.py --server BIN --model GGUF --log FILE   # prints "PID PORT", returns once healthy
"""

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def flags(ctx=4096, threads=2):
    """The server flags every capture and run uses; recorded in each fixture's `source`."""
    return ["--jinja", "-c", str(ctx), "-t", str(threads), "-tb", str(threads), "--parallel", "1", "--no-webui"]


def start(server, model, log_path, port=None, extra=None, timeout=300):
    """Starts llama-server, waits until /health answers, returns (process, port)."""
    port = port or free_port()
    argv = [server, "-m", model, "--host", "127.0.0.1", "--port", str(port)] + flags() + (extra or [])
    log = open(log_path, "ab")
    # A new session so a Ctrl-C in the caller's terminal does not reach the server half-way.
    proc = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                            start_new_session=True)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"llama-server exited with {proc.returncode} while loading; see {log_path}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2) as r:
                if r.status == 200:
                    return proc, port
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            pass
        time.sleep(0.5)
    stop(proc.pid)
    raise RuntimeError(f"llama-server did not become healthy within {timeout}s; see {log_path}")


def stop(pid, grace=10):
    """SIGTERM to that one PID, then SIGKILL after `grace` seconds if it is still there."""
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline:
        try:
            done, _ = os.waitpid(pid, os.WNOHANG)
            if done == pid:
                return
        except ChildProcessError:  # not our child: poll for its exit instead
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return
        time.sleep(0.2)
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def version(server):
    """`llama-server --version` as one line (it prints to stderr)."""
    out = subprocess.run([server, "--version"], capture_output=True, text=True, timeout=30)
    lines = [l.strip() for l in (out.stdout + out.stderr).splitlines() if l.strip().startswith("version")]
    return lines[0] if lines else (out.stdout + out.stderr).strip().splitlines()[-1]


def post(port, path, body, timeout=600):
    data = json.dumps(body).encode()
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data,
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=timeout) as r:
        return json.loads(r.read())


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--server", required=True)
    p.add_argument("--model", required=True)
    p.add_argument("--log", required=True)
    p.add_argument("--port", type=int)
    p.add_argument("--greedy", action="store_true",
                   help="sample greedily with a fixed seed (--temp 0 --seed 7): the same answers on every run, "
                        "so a CI check cannot pass or fail on a sampling whim")
    a = p.parse_args()
    proc, port = start(a.server, a.model, a.log, a.port, extra=["--temp", "0", "--seed", "7"] if a.greedy else None)
    print(proc.pid, port)
    sys.stdout.flush()
    # Detach: the shell that called us owns the PID from here and stops it.
    os._exit(0)


if __name__ == "__main__":
    main()
