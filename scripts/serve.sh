#!/usr/bin/env bash
# Sets everything up, then serves BankDash at http://127.0.0.1:8080 (rebuilds on change).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PATH"
exec trunk serve --offline --address 127.0.0.1 --port 8080
