#!/usr/bin/env bash
# Everything the test suite needs, then the whole suite (Swift Testing, debug build).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
swift build --build-tests
swift test --skip-build
