#!/usr/bin/env bash
# Installs what BankDash needs on Debian, only what is missing, at pinned versions:
# the wasm32 target and rust-src, Trunk, the wasm-bindgen CLI matching Cargo.lock,
# wasm-split-cli, wasm-opt (binaryen), terser, Chromium for the browser tests, Node.js
# packages for the tests, and the crates (so builds run offline).
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
# wasm-split-cli: splits the wasm into per-page chunks (scripts/build-wasm.sh).
WASM_SPLIT_VERSION=0.2.4
# The CLI must equal the wasm-bindgen crate version that Cargo.lock pins.
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
export PATH="$HOME/.cargo/bin:$PATH"

say() { printf '\033[1msetup:\033[0m %s\n' "$*"; }
sudo_if_needed() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
command -v wasm-opt >/dev/null 2>&1 || missing+=(binaryen)
if [ ${#missing[@]} -gt 0 ]; then
    say "installing Debian packages: ${missing[*]}"
    sudo_if_needed apt-get update -qq
    sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
fi

# Release builds compile the standard library with the app (.cargo/release-wasm.toml).
if ! rustup component list --installed | grep -qx rust-src; then
    say "adding the rust-src component"
    rustup component add rust-src
fi

if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
    say "installing trunk $TRUNK_VERSION (about 10 minutes on 2 cores)"
    cargo install trunk --version "$TRUNK_VERSION" --locked
fi

if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
    say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
    # Not --locked: its locked dependency set is not all available from this registry.
    cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

if ! cargo install --list | grep -qx "wasm_split_cli_support v$WASM_SPLIT_VERSION:"; then
    say "installing wasm-split-cli (wasm_split_cli_support $WASM_SPLIT_VERSION, about 3 minutes)"
    cargo install wasm_split_cli_support --version "$WASM_SPLIT_VERSION" --features build-binary --locked
fi

# Trunk builds with --offline, so every crate must already be here; release wasm builds
# compile the standard library (.cargo/release-wasm.toml), so its crates too.
cargo fetch --quiet
RUSTC_BOOTSTRAP=1 cargo fetch --quiet --locked \
    --manifest-path "$(rustc --print sysroot)/lib/rustlib/src/rust/library/Cargo.toml"

if [ ! -d e2e/node_modules/playwright-core ] || [ ! -d e2e/node_modules/json-server ] || [ e2e/package-lock.json -nt e2e/node_modules/.package-lock.json ]; then
    say "installing browser-test packages (playwright-core, json-server 0.17.4; no browser download)"
    (cd e2e && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --silent)
fi
if [ ! -d tools/node_modules/terser ] || [ tools/package-lock.json -nt tools/node_modules/.package-lock.json ]; then
    say "installing build tools (terser)"
    (cd tools && npm ci --no-audit --no-fund --silent)
fi
say "ready: trunk $TRUNK_VERSION, wasm-bindgen $WASM_BINDGEN_VERSION, wasm-split-cli $WASM_SPLIT_VERSION, $(wasm-opt --version), $(chromium --version 2>/dev/null | head -1)"
