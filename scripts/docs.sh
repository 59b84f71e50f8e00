#!/usr/bin/env bash
# Builds the library's DocC documentation into .build/docs/MemLayer.doccarchive and fails on any
# DocC warning (a broken symbol link, a missing article). Uses the toolchain's `docc` directly, with
# symbol graphs from a build in its own folder, so the main build is untouched.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
graphs=.build/docs/symbol-graphs
# A build emits graphs only for modules it compiles: drop MemLayer's objects so it always is.
rm -rf "$graphs" .build/docs/build/*/debug/MemLayer.build && mkdir -p "$graphs"
swift build --build-path .build/docs/build --target MemLayer \
    -Xswiftc -emit-symbol-graph -Xswiftc -emit-symbol-graph-dir -Xswiftc "$PWD/$graphs"
docc convert Sources/MemLayer/MemLayer.docc \
    --fallback-display-name MemLayer --fallback-bundle-identifier org.memlayer.MemLayer \
    --additional-symbol-graph-dir "$graphs" \
    --output-path .build/docs/MemLayer.doccarchive --warnings-as-errors "$@"
echo "documentation: .build/docs/MemLayer.doccarchive (docc preview Sources/MemLayer/MemLayer.docc … to browse)"
