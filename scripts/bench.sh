#!/usr/bin/env bash
# Performance benchmark (prints figures against the budgets; asserts nothing): builds the
# release app into target/bench-dist, generates a 2,000-customer dataset into
# target/bench-data-2000 (once; reused while its meta.json matches), then runs
# e2e/bench/perf.mjs in headless Chromium. See "Benchmarks" in README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
DIST="$ROOT/target/bench-dist"
DATA="$ROOT/target/bench-data-2000"
./scripts/setup.sh >/dev/null
export PATH="$HOME/.cargo/bin:$PATH"

echo "bench: building the release app into target/bench-dist"
trunk build --release --offline --dist "$DIST" >/dev/null 2>&1 || {
    echo "bench: trunk build failed; rerun it to see why: trunk build --release --offline --dist target/bench-dist" >&2
    exit 1
}

# The dataset the benchmark wants, as its meta.json records it.
matches() {
    [ -f "$DATA/meta.json" ] && [ -f "$DATA/personas.json" ] && node -e '
        const m = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
        process.exit(m.seed === 2026 && m.customers_requested === 2000 && m.as_of === "2026-11-20" && m.bcrypt_cost === 4 ? 0 : 1);
    ' "$DATA/meta.json"
}
if matches; then
    echo "bench: reusing the 2,000-customer dataset in target/bench-data-2000"
else
    echo "bench: generating a 2,000-customer dataset into target/bench-data-2000"
    rm -rf "$DATA"
    cargo run --quiet --release --bin datagen -- generate --seed 2026 --customers 2000 \
        --as-of 2026-11-20 --out "$DATA" --bcrypt-cost 4
fi

cd e2e
BANKDASH_DIST="$DIST" BENCH_DATA="$DATA" node bench/perf.mjs
