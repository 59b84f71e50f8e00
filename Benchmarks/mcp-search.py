"""search_memory through MCP, timed from the official Python MCP SDK's client (stdio).

Fills a store with 10k memories (once; reused from Benchmarks/data), starts `memlayer mcp --trace`
on it and times each call round trip as the client sees it: the bare `ping` and `tools/list`
round trips (the protocol's floor in this run), then `search_memory` at each tier — beside the
same searches' in-process time, from the server's own trace of each call.

    python Benchmarks/mcp-search.py --binary .build/release/memlayer [--calls 300]
"""

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

import anyio
from mcp.client.session import ClientSession
from mcp.client.stdio import StdioServerParameters, stdio_client

ROOT = Path(__file__).resolve().parents[1]
# A personal store's vocabulary: 48 people, 48 places, 32 pastimes, so a name is in about 2% of
# the memories (a name in 8% of them makes the balanced tier's bm25 phase several times longer).
PEOPLE = [
    "Dana", "Ravi", "Mei", "Tomas", "Aisha", "Lars", "Noor", "Kofi", "Elena", "Yuki", "Omar", "Ines",
    "Priya", "Mateo", "Sven", "Amara", "Jonas", "Lucia", "Hiro", "Fatima", "Pavel", "Greta", "Diego", "Leila",
    "Anton", "Bianca", "Chidi", "Dmitri", "Esme", "Farid", "Gianna", "Hugo", "Ingrid", "Jamal", "Keiko", "Liam",
    "Marta", "Nikhil", "Olga", "Pedro", "Quinn", "Rosa", "Sami", "Tara", "Umar", "Vera", "Wen", "Zara",
]
PLACES = [
    "Porto", "Lyon", "Osaka", "Quito", "Vienna", "Nairobi", "Oslo", "Austin", "Lima", "Seoul", "Cork", "Bern",
    "Hanoi", "Accra", "Krakow", "Perth", "Bogota", "Tallinn", "Seville", "Leeds", "Dakar", "Bergen", "Kyoto", "Cusco",
    "Ghent", "Malmo", "Turin", "Denver", "Halifax", "Tbilisi", "Zanzibar", "Lagos", "Graz", "Riga", "Split", "Bilbao",
    "Sapporo", "Hobart", "Fez", "Izmir", "Cadiz", "Aarhus", "Basel", "Utrecht", "Bruges", "Nantes", "Salta", "Goa",
]
THINGS = [
    "playing the cello", "baking sourdough", "trail running", "learning Portuguese", "restoring bikes",
    "bird watching", "painting murals", "brewing coffee", "rock climbing", "writing poetry", "sailing",
    "growing tomatoes", "chess openings", "jazz piano", "woodworking", "astronomy", "pottery", "kayaking",
    "knitting scarves", "salsa dancing", "fly fishing", "origami", "beekeeping", "calligraphy", "surfing",
    "making cheese", "film photography", "board games", "cross-country skiing", "composting", "ceramics", "archery",
]
TEMPLATES = [
    "{person} lives in {place} and loves {thing}.",
    "I met {person} in {place} last spring; we talked about {thing}.",
    "My colleague {person} is moving to {place} next year.",
    "{person} recommended a book about {thing}.",
    "I want to visit {place} with {person} to try {thing}.",
    "On weekends I spend time {thing} near {place}.",
    "{person}'s birthday dinner was in {place}; the theme was {thing}.",
    "I am saving money for a trip to {place} to go {thing}.",
]
QUERIES = [
    "where does {person} live?", "who did I meet in {place}?", "what do I do on weekends?",
    "who is moving to {place}?", "book recommendation about {thing}", "trip plans to {place}",
    "{person}'s birthday", "what hobbies do I have?",
]


def fill(words):
    return {"person": random.choice(PEOPLE), "place": random.choice(PLACES), "thing": random.choice(THINGS)} | words


def make_store(binary, store, count):
    random.seed(7)
    lines = []
    for index in range(count):
        text = random.choice(TEMPLATES).format(**fill({})) + f" (note {index})"
        lines.append(json.dumps({"id": f"bench-{index}", "text": text}))
    source = store.with_suffix(".jsonl")
    source.write_text("\n".join(lines) + "\n")
    subprocess.run([binary, "import", str(source), "--store", str(store), "--user", "bench"], check=True)
    source.unlink()


def percentile(samples, fraction):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def traced_totals(log_path):
    """Each traced search's in-process total, in call order."""
    totals = []
    for line in Path(log_path).read_text().splitlines():
        if "search_memory:" in line and "total: " in line:
            totals.append(float(line.rsplit("total: ", 1)[1].split()[0]))
    return totals


async def measure(binary, store, calls, errlog):
    random.seed(11)
    queries = [random.choice(QUERIES).format(**fill({})) for _ in range(calls)]
    parameters = StdioServerParameters(
        command=str(binary), args=["mcp", "--trace", "--store", str(store), "--user", "bench"], cwd=str(ROOT),
        env={key: os.environ[key] for key in ("MEMLAYER_MODELS", "OPENBLAS_CORETYPE") if key in os.environ},
    )
    rows = []
    async with stdio_client(parameters, errlog=errlog) as (read, write):
        async with ClientSession(read, write) as session:
            result = await session.initialize()
            print(f"protocol revision negotiated: {result.protocol_version}", file=sys.stderr)
            await session.list_tools()  # the client caches output schemas to validate results

            async def timed(label, action):
                for query in queries[:20]:  # warm-up: caches, the index's first load
                    await action(query)
                samples = []
                hits = 0
                for query in queries:
                    began = time.perf_counter()
                    outcome = await action(query)
                    samples.append((time.perf_counter() - began) * 1000)
                    if getattr(outcome, "is_error", True) is False:
                        hits += len((outcome.structured_content or {}).get("memories", []))
                rows.append([label, statistics.median(samples), percentile(samples, 0.9), hits / len(queries)])

            await timed("`ping` round trip (baseline)", lambda _: session.send_ping())
            await timed("`tools/list` round trip (baseline)", lambda _: session.list_tools())
            for tier in ("fast", "balanced", "deep"):
                await timed(
                    f"`search_memory` {tier}",
                    lambda query, tier=tier: session.call_tool(
                        "search_memory", {"query": query, "search_tier": tier}
                    ),
                )
    return result.protocol_version, rows


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=str(ROOT / ".build" / "release" / "memlayer"))
    parser.add_argument("--memories", type=int, default=10_000)
    parser.add_argument("--calls", type=int, default=300)
    arguments = parser.parse_args()
    data = ROOT / "Benchmarks" / "data"
    data.mkdir(parents=True, exist_ok=True)
    store = data / f"mcp-v2-{arguments.memories}.sqlite"
    if not store.exists():
        make_store(arguments.binary, store, arguments.memories)
    log_path = data / "mcp-server-trace.log"
    with open(log_path, "w") as errlog:
        version, rows = anyio.run(measure, arguments.binary, store, arguments.calls, errlog)
    totals = traced_totals(log_path)
    per_row = 20 + arguments.calls
    for index, row in enumerate(row for row in rows if "search_memory" in row[0]):
        measured = totals[index * per_row + 20 : (index + 1) * per_row]
        row.append(statistics.median(measured) if len(measured) == arguments.calls else None)
    balanced = next(row for row in rows if "balanced" in row[0])
    print(f"`search_memory` through `memlayer mcp` (stdio), {arguments.memories:,} memories, MiniLM, "
          f"{arguments.calls} calls per row after 20 warm-up, timed in the official Python MCP SDK client "
          f"(which also validates each result against the tool's output schema); protocol {version}\n")
    print("| call | client p50 ms | client p90 ms | the search in-process, p50 ms | memories per call |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for label, p50, p90, hits, *inside in rows:
        search = f"{inside[0]:.2f}" if inside and inside[0] is not None else "—"
        print(f"| {label} | {p50:.2f} | {p90:.2f} | {search} | {hits:.1f} |")
    ping = rows[0]
    print(f"\nbalanced search p50 {balanced[1]:.2f} ms from the client: {balanced[4]:.2f} ms searching, "
          f"{balanced[1] - balanced[4]:.2f} ms protocol, pipes and the two SDKs (ping: {ping[1]:.2f} ms); "
          f"target ≤ 15 ms: {'met' if balanced[1] <= 15 else 'NOT met'}. Load average when done: "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores.")


if __name__ == "__main__":
    main()
