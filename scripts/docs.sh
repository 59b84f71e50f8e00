#!/usr/bin/env bash
# Builds the library's DocC documentation into .build/docs/MemLayer.doccarchive and fails on any
# DocC warning (a broken symbol link, a missing article). Uses the toolchain's `docc` directly, with
# a symbol graph extracted from the ordinary debug build (no extra compiler flags, so nothing is
# rebuilt for it).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
graphs=.build/docs/symbol-graphs
# MemLayer re-exports its lower layers (MemLayerHTTP, MemLayerStore, MemLayerServices), so its
# graph is extracted from the built modules with their public symbols included: users see one
# module, and the catalog links every public symbol as MemLayer's.
rm -rf "$graphs" && mkdir -p "$graphs"
swift build --target MemLayer
modules="$(swift build --show-bin-path)/Modules"
swift symbolgraph-extract -module-name MemLayer -target "$(uname -m)-unknown-linux-gnu" \
    -I "$modules" -I CSources/CSQLite -I CSources/CLazyBLAS/include -I CSources/CCurl \
    -I CSources/CMemVec/include -I CSources/CMiniLM/include \
    -minimum-access-level public -output-dir "$graphs" \
    -experimental-allowed-reexported-modules=MemLayerHTTP,MemLayerStore,MemLayerServices
docc convert Sources/MemLayer/MemLayer.docc \
    --fallback-display-name MemLayer --fallback-bundle-identifier org.memlayer.MemLayer \
    --additional-symbol-graph-dir "$graphs" \
    --output-path .build/docs/MemLayer.doccarchive --warnings-as-errors "$@"
# MemLayerPostgres is its own product (SQLite-only users never build it), so its own archive.
postgres_graphs=.build/docs/symbol-graphs-postgres
rm -rf "$postgres_graphs" && mkdir -p "$postgres_graphs"
swift build --target MemLayerPostgres
swift symbolgraph-extract -module-name MemLayerPostgres -target "$(uname -m)-unknown-linux-gnu" \
    -I "$modules" -I CSources/CSQLite -I CSources/CMemVec/include -I CSources/CLazyBLAS/include \
    -I CSources/CLibPQ $(pkg-config --cflags-only-I libpq | sed 's/-I/-Xcc -I/g') \
    -minimum-access-level public -output-dir "$postgres_graphs"
docc convert Sources/MemLayerPostgres/MemLayerPostgres.docc \
    --fallback-display-name MemLayerPostgres --fallback-bundle-identifier org.memlayer.MemLayerPostgres \
    --additional-symbol-graph-dir "$postgres_graphs" \
    --output-path .build/docs/MemLayerPostgres.doccarchive --warnings-as-errors "$@"
echo "documentation: .build/docs/MemLayer.doccarchive and MemLayerPostgres.doccarchive" \
    "(docc preview Sources/MemLayer/MemLayer.docc … to browse)"
