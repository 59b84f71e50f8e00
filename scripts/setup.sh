#!/usr/bin/env bash
# Installs what building and running MemLayer needs on a Debian machine: the C libraries
# (SQLite, OpenBLAS, libcurl, libpq for MemLayerPostgres) as apt packages, and the built-in model's files.
# Idempotent and quiet when everything is already there. Swift itself (6.x) must be on PATH.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

packages=(pkg-config libsqlite3-dev libopenblas-dev libcurl4-openssl-dev libpq-dev unzip python3-pip tzdata)
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
    echo "setup: installing ${missing[*]}"
    sudo_cmd=""
    [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
fi

command -v swift >/dev/null || { echo "setup: Swift 6 is required (swift not found on PATH)" >&2; exit 1; }

# The built-in embedder's weights (all-MiniLM-L6-v2), checked against models/manifest.sha256.
bash models/fetch.sh
