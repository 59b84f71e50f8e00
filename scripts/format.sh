#!/usr/bin/env bash
# Formats the Swift sources with swift-format (bundled with the Swift toolchain) using the
# repository's .swift-format (4 spaces, 120 columns).
#
#   scripts/format.sh          # rewrite files in place
#   scripts/format.sh --check  # change nothing; list what differs and exit 1 if anything does
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

paths=(Package.swift Sources Tests Benchmarks)
if [ "${1:-}" = "--check" ]; then
    swift format lint --strict --recursive --parallel "${paths[@]}"
else
    swift format format --in-place --recursive --parallel "${paths[@]}"
fi
