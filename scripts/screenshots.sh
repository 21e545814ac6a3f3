#!/usr/bin/env bash
# Captures every page (EN/AR x light/dark x desktop 1440 px/mobile 360 px) into screenshots/.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh >/dev/null
export PATH="$HOME/.cargo/bin:$PATH"
trunk build --release --offline >/dev/null 2>&1
(cd e2e && node bench/screenshots.mjs ../screenshots)
