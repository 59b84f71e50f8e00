#!/usr/bin/env bash
# Everything the test suite needs, then the whole suite (Swift Testing, debug build).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
swift build --build-tests
# Serial: on a 2-core machine, CPU-heavy suites (10k-memory reindex, the Unicode table sweep)
# starve Swift's 2-thread cooperative pool, and the transport's timeout tests then see delays
# that are the test runner's, not the code's. The whole suite runs in well under a minute.
swift test --skip-build --no-parallel
