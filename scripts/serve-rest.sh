#!/usr/bin/env bash
# Serves the generated db.json with json-server 0.17.4 (installed in e2e/ by setup) on
# http://127.0.0.1:3000 and BankDash on http://127.0.0.1:8080 in REST mode against it.
# The API works on a copy (target/rest-db.json), so public/data stays as generated; pass
# --keep to continue with the copy from the last run.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PATH"
API_PORT="${API_PORT:-3000}"
mkdir -p target
if [[ "${1:-}" != "--keep" || ! -f target/rest-db.json ]]; then
  cp public/data/db.json target/rest-db.json
fi
node e2e/node_modules/json-server/lib/cli/bin.js --host 127.0.0.1 --port "$API_PORT" --quiet target/rest-db.json &
API_PID=$!
trap 'kill "$API_PID" 2>/dev/null || true' EXIT
echo "REST API:  http://127.0.0.1:$API_PORT (json-server 0.17.4 on target/rest-db.json)"
echo "BankDash:  http://127.0.0.1:8080/login?api=http://127.0.0.1:$API_PORT"
trunk serve --offline --address 127.0.0.1 --port 8080
