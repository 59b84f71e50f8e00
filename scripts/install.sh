#!/usr/bin/env bash
# Installs memlayer for the current user (or under --prefix):
#   DIR/bin/memlayer                                   the binary, built in release
#   DIR/share/man/man1/memlayer.1                      the man page (argument-parser's generate-manual)
#   DIR/share/bash-completion/completions/memlayer     shell completions (bash, zsh, fish)
#   DIR/share/zsh/site-functions/_memlayer
#   DIR/share/fish/vendor_completions.d/memlayer.fish
#   $XDG_DATA_HOME/memlayer/models                     the model files, verified against models/manifest.sha256
#                                                      (default ~/.local/share/memlayer/models), which memlayer
#                                                      and the library search by default
#
#   scripts/install.sh [--prefix DIR] [--binary PATH]
#
# --prefix DIR   where bin/ and share/ go (default ~/.local)
# --binary PATH  install this memlayer binary instead of building one (packagers, the install test)
#
# Without --binary it first runs scripts/setup.sh (Debian packages, the model files).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
repo="$PWD"

prefix="$HOME/.local"
binary=""
while (($#)); do
    case "$1" in
        --prefix) prefix="${2:?--prefix needs a folder}"; shift 2 ;;
        --prefix=*) prefix="${1#--prefix=}"; shift ;;
        --binary) binary="${2:?--binary needs a path}"; shift 2 ;;
        --binary=*) binary="${1#--binary=}"; shift ;;
        -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "install: unknown argument '$1' (see --help)" >&2; exit 64 ;;
    esac
done
mkdir -p "$prefix"
prefix="$(cd "$prefix" && pwd)"

# The data folder, as ModelLocation.dataDirectory computes it (XDG: a relative value is ignored).
data_home="${XDG_DATA_HOME:-}"
[[ "$data_home" == /* ]] || data_home="$HOME/.local/share"
models="$data_home/memlayer/models"

if [ -z "$binary" ]; then
    bash scripts/setup.sh
    echo "install: building memlayer (release)"
    swift build -c release --product memlayer
    binary="$repo/.build/release/memlayer"
fi
[ -x "$binary" ] || { echo "install: no executable at $binary" >&2; exit 1; }

install -d "$prefix/bin"
install -m 0755 "$binary" "$prefix/bin/memlayer.partial"
mv "$prefix/bin/memlayer.partial" "$prefix/bin/memlayer"
memlayer="$prefix/bin/memlayer"

# Model files: the repository's word lists, the fetch script with its manifest, and the MiniLM
# weights (copied from models/cache when they verify there, else downloaded and verified).
install -d "$models/cache"
# Every data folder beside the weights (word lists, prototypes, per-language files in subfolders).
for folder in "$repo"/models/*/; do
    name="$(basename "$folder")"
    [ "$name" = cache ] && continue
    install -d "$models/$name"
    cp -R "$folder." "$models/$name/"
    find "$models/$name" -type d -exec chmod 0755 {} + -o -type f -exec chmod 0644 {} +
done
install -m 0644 "$repo/models/manifest.sha256" "$models/manifest.sha256"
install -m 0755 "$repo/models/fetch.sh" "$models/fetch.sh"
weights="$repo/models/cache/all-MiniLM-L6-v2"
if (cd "$weights" 2>/dev/null && grep -v '^#' "$repo/models/manifest.sha256" | sha256sum --check --status --strict -); then
    install -d "$models/cache/all-MiniLM-L6-v2/1_Pooling"
    grep -v '^#' "$repo/models/manifest.sha256" | while read -r _ name; do
        cp -L "$weights/$name" "$models/cache/all-MiniLM-L6-v2/$name"
    done
fi
MEMLAYER_MODELS="$models" bash "$models/fetch.sh"

# Shell completions, from the binary itself.
install -d "$prefix/share/bash-completion/completions" "$prefix/share/zsh/site-functions" \
    "$prefix/share/fish/vendor_completions.d"
"$memlayer" --generate-completion-script bash > "$prefix/share/bash-completion/completions/memlayer"
"$memlayer" --generate-completion-script zsh > "$prefix/share/zsh/site-functions/_memlayer"
"$memlayer" --generate-completion-script fish > "$prefix/share/fish/vendor_completions.d/memlayer.fish"

# The man page: argument-parser's generate-manual tool, built from the checked-out package in a
# build folder of its own (so it never waits on, or disturbs, the project's build).
parser="$repo/.build/checkouts/swift-argument-parser"
[ -d "$parser" ] || swift package resolve
swift build --package-path "$parser" --scratch-path "$repo/.build/manual-tool" --product generate-manual \
    > "$repo/.build/manual-tool.log" 2>&1 || { cat "$repo/.build/manual-tool.log" >&2; exit 1; }
install -d "$prefix/share/man/man1"
"$repo/.build/manual-tool/debug/generate-manual" "$memlayer" --output-directory "$prefix/share/man/man1"

echo "install: memlayer $("$memlayer" --version) in $prefix/bin, models in $models"
case ":$PATH:" in
    *":$prefix/bin:"*) ;;
    *) echo "install: $prefix/bin is not on PATH; add it, e.g.: export PATH=\"$prefix/bin:\$PATH\"" ;;
esac
