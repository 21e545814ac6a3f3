#!/usr/bin/env bash
# Benchmark: timeline and ledger with a 20,000-transaction customer in headless Chromium
# against a release build. Prints figures.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh >/dev/null
export PATH="$HOME/.cargo/bin:$PATH"
trunk build --release --offline >/dev/null 2>&1
(cd e2e && node bench/ui.mjs "${1:-20000}")
