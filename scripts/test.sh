#!/usr/bin/env bash
# Sets everything up, then runs every test: the crates' tests (domain, generator and
# validator, app) and the browser tests against a release build of dist/.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PATH"

echo "== cargo test (domain, datagen, app)"
cargo test --workspace

echo "== validate the bundled dataset"
cargo run --quiet --release --bin datagen -- validate public/data

echo "== trunk build --release"
trunk build --release --offline

echo "== trunk build under a sub-path (/bankdash/), as a static host would serve it"
# Release again: cargo's artifacts are reused, only wasm-bindgen and the hook rerun.
trunk build --release --offline --public-url /bankdash/ --dist target/dist-subpath

echo "== browser tests (playwright-core + Debian Chromium)"
(cd e2e && npm test)
