#!/usr/bin/env bash
# Regenerates the bundled default dataset in public/data (committed; a test checks it).
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf public/data
cargo run --release --bin datagen -- generate --seed 2026 --customers 30 --as-of 2026-11-20 --out public/data
cargo run --release --bin datagen -- validate public/data
