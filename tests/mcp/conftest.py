"""Helpers: run the built `memlayer mcp` under the official Python MCP SDK's stdio client."""

import json
import os
import sqlite3
import subprocess
import sys
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from mcp.client.session import ClientSession
from mcp.client.stdio import StdioServerParameters, stdio_client

ROOT = Path(__file__).resolve().parents[2]
BINARY = Path(os.environ.get("MEMLAYER_BIN", ROOT / ".build" / "debug" / "memlayer"))
EMBEDDER = os.environ.get("MEMLAYER_MCP_EMBEDDER", "minilm")


@pytest.fixture
def anyio_backend():
    return "asyncio"


@pytest.fixture
def store(tmp_path):
    return tmp_path / "memory.sqlite"


def server_arguments(store, user="alice", extra=()):
    return ["mcp", "--store", str(store), "--user", user, "--embedder", EMBEDDER, *extra]


def server_environment():
    env = {}
    for name in ("MEMLAYER_MODELS", "OPENBLAS_CORETYPE", "TMPDIR"):
        if name in os.environ:
            env[name] = os.environ[name]
    return env


@asynccontextmanager
async def mcp_session(store, user="alice", extra=(), errlog=None):
    """An initialised ClientSession on a fresh `memlayer mcp` process; yields (session, init result)."""
    parameters = StdioServerParameters(
        command=str(BINARY), args=server_arguments(store, user, extra), env=server_environment(), cwd=str(ROOT)
    )
    async with stdio_client(parameters, errlog=errlog or sys.stderr) as (read, write):
        async with ClientSession(read, write) as session:
            result = await session.initialize()
            yield session, result


def text_of(result):
    return "\n".join(block.text for block in result.content if getattr(block, "type", None) == "text")


def spawn_raw(store, user="alice", extra=()):
    """The server as a plain subprocess, for what the SDK client hides: exit codes, raw stdout."""
    return subprocess.Popen(
        [str(BINARY), *server_arguments(store, user, extra)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=str(ROOT),
        env={**os.environ, **server_environment()},
    )


def jsonrpc_lines(*messages):
    return "".join(json.dumps(message) + "\n" for message in messages).encode()


def handshake():
    return [
        {
            "jsonrpc": "2.0",
            "id": 0,
            "method": "initialize",
            "params": {
                "protocolVersion": "2025-11-25",
                "capabilities": {},
                "clientInfo": {"name": "raw-test", "version": "1"},
            },
        },
        {"jsonrpc": "2.0", "method": "notifications/initialized"},
    ]


def call(request_id, name, arguments):
    return {"jsonrpc": "2.0", "id": request_id, "method": "tools/call", "params": {"name": name, "arguments": arguments}}


def query_store(store, sql, *parameters):
    with sqlite3.connect(store) as connection:
        return connection.execute(sql, parameters).fetchall()


def unused_port():
    import socket

    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        return listener.getsockname()[1]
