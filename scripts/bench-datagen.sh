#!/usr/bin/env bash
# Benchmark: generate and validate a 10,000-customer dataset; prints times and sizes.
# bcrypt cost is lowered to 4 for this run (the default dataset uses 10).
set -euo pipefail
cd "$(dirname "$0")/.."
CUSTOMERS=${CUSTOMERS:-10000}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
cargo build --quiet --release --bin datagen
start=$(date +%s.%N)
./target/release/datagen generate --seed 7 --customers "$CUSTOMERS" --as-of 2026-11-20 --out "$OUT" --bcrypt-cost 4
mid=$(date +%s.%N)
./target/release/datagen validate "$OUT"
end=$(date +%s.%N)
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
printf 'customers: %s\ngenerate: %s s\nvalidate: %s s\nsize: %s\ntransactions: %s\n' "$CUSTOMERS" \
    "$(secs "$start" "$mid")" "$(secs "$mid" "$end")" "$(du -sh "$OUT" | cut -f1)" \
    "$(grep -o '"transactions": [0-9]*' "$OUT/meta.json" | grep -o '[0-9]*$')"
