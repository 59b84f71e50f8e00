#!/usr/bin/env bash
# The main job on the embedded defaults: set up, build, remember a few memories in a demo store
# and search them. No server is needed (`--raw` stores the text as written instead of asking a
# chat model to extract facts from it).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
swift build -c release --product memlayer
memlayer=".build/release/memlayer"
[ -x "$memlayer" ] || { echo "demo: build failed" >&2; exit 1; }

store="memlayer_data/demo.sqlite"
rm -f "$store" "$store-wal" "$store-shm"
echo "== remembering (store: $store)"
while IFS= read -r line; do
    "$memlayer" remember --raw --store "$store" --user alice "$line"
done <<'MEMORIES'
I work at Acme Corp as a backend engineer.
My sister Dana lives in Porto and teaches chemistry.
I am allergic to peanuts.
My favourite food is ramen, especially tonkotsu.
I run 10 km every Saturday morning along the river.
MEMORIES

for query in "Where do I work?" "What food do I like?" "Where does my sister live?"; do
    echo "== search: $query"
    "$memlayer" search --store "$store" --user alice -k 2 "$query"
done
echo "== stats"
"$memlayer" stats --store "$store" --user alice
