#!/bin/sh
# Trunk post_build hook: builds the app's wasm and finishes dist/. Trunk handles the HTML,
# CSS and assets (web/index.html has no rel="rust" link); this script:
# 1. builds the bankdash binary for wasm32, linked with relocations (--emit-relocs) so
#    that wasm-split can take it apart;
# 2. splits it (wasm-split-cli): a main module, one chunk per lazy page (src/app/lazy.rs),
#    chunks of code pages share, and __wasm_split.js, which fetches a chunk on first use;
# 3. runs wasm-bindgen on the main module (--keep-lld-exports: the chunks import the
#    function table it would otherwise drop), then (release) wasm-opt -Os on every module,
#    short names for the main module's imports (short-imports.mjs) and terser on the
#    JavaScript;
# 4. writes it all to pkg-<content hash>/ (cache busting) with boot.js, and points
#    index.html's "pkg/" at it; every file loads the next relative to its own URL, so any
#    --public-url works;
# 5. adds the Content-Security-Policy <meta> (no inline script is left to allow) and
#    copies index.html to 404.html, the SPA fallback static hosts such as GitHub Pages
#    serve for deep links and reloads on any route.
# POSIX sh: it runs wherever Trunk runs.
set -eu
staging="${TRUNK_STAGING_DIR:?run by trunk}"
root=$(cd "$(dirname "$0")/.." && pwd)
name=bankdash
target_dir="${CARGO_TARGET_DIR:-$root/target}"
csp="default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self' http: https:; object-src 'none'; base-uri 'self'; form-action 'self'"
# The wasm features the module uses (rustc's defaults for wasm32, minus reference types).
features="--enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals"
if [ "${TRUNK_PROFILE:-debug}" = release ]; then
    profile=release
    # The standard library is built with the app, for size (see .cargo/release-wasm.toml).
    cargo_flags="--release --config .cargo/release-wasm.toml"
    export RUSTC_BOOTSTRAP=1
else
    profile=debug
    cargo_flags=
fi

cd "$root"
# --emit-relocs on the final link only: dependencies keep their build cache.
# shellcheck disable=SC2086
cargo rustc --quiet $cargo_flags --target wasm32-unknown-unknown -p "$name" --bin "$name" -- -C link-arg=--emit-relocs
work="$target_dir/wasm-split/$profile"
rm -rf "$work"
mkdir -p "$work/split" "$work/out"
wasm-split-cli "$target_dir/wasm32-unknown-unknown/$profile/$name.wasm" "$work/split" --out-name "$name" >/dev/null
wasm-bindgen --target web --no-typescript --keep-lld-exports --out-dir "$work/out" --out-name "$name" "$work/split/$name.wasm"
for f in "$work/split"/*; do
    [ "$(basename "$f")" = "$name.wasm" ] || cp "$f" "$work/out/"
done
cat > "$work/out/boot.js" <<JS
// preload.js (see index.html) started the data downloads and compiled the module as it
// arrived; if it could not, init fetches and compiles it again, and says why that fails.
import init from "./$name.js";
// The script is async, so the page may still be parsing; the app mounts into <body>.
if (document.readyState === "loading") {
    await new Promise((resolve) => addEventListener("DOMContentLoaded", resolve, { once: true }));
}
const module_or_path = await window.bankdashWasm?.catch(() => undefined);
const wasm = await init(module_or_path && { module_or_path });
dispatchEvent(new CustomEvent("bankdash:started", { detail: { wasm } }));
JS
if [ "$profile" = release ]; then
    for f in "$work/out"/*.wasm; do
        # -Os, not -Oz: -Oz's extra shrinking makes the module 6% smaller raw but 1.2 KB
        # bigger in brotli, which is what is downloaded.
        # -ocimfs 500: a function with one caller is inlined only if small. The default
        # (any size) merged the 14 record parsers back into one 82 KB function the browser
        # is slow to optimise; kept apart, the main module is also 3.6 KB smaller (brotli).
        # Its warnings (binaryen 108 does not know a newer name subsection) only on failure.
        # shellcheck disable=SC2086
        wasm-opt -Os -ocimfs 500 $features "$f" -o "$f" 2>"$work/wasm-opt.log" || { cat "$work/wasm-opt.log" >&2; exit 1; }
    done
    # Short names for the functions the main module imports from the JavaScript.
    node scripts/short-imports.mjs "$work/out/${name}_bg.wasm" "$work/out/$name.js"
    # The loaders are part of every first download: minified, they are 3.8 KB smaller
    # (brotli). Trunk minifies the HTML and CSS but not these.
    terser="$root/tools/node_modules/.bin/terser"
    [ -x "$terser" ] || { echo "build-wasm: $terser is missing; run scripts/setup.sh" >&2; exit 1; }
    for f in "$work/out"/*.js; do
        "$terser" "$f" --module --compress --mangle --output "$f"
    done
    # preload.js is a classic script: its top-level names stay as they are.
    "$terser" "$staging/preload.js" --compress --mangle --output "$staging/preload.js"
fi

hash=$(cat "$work/out"/* | sha256sum | cut -c1-16)
mkdir -p "$staging/pkg-$hash"
cp "$work/out"/* "$staging/pkg-$hash/"

index="$staging/index.html"
# Attribute values may be unquoted: release builds minify the HTML.
awk -v pkg="pkg-$hash/" -v csp="$csp" '
  { gsub(/"pkg\//, "\"" pkg); gsub(/=pkg\//, "=" pkg) }
  /<meta charset="?utf-8"?>/ { sub(/<meta charset="?utf-8"?>/, "&<meta http-equiv=\"Content-Security-Policy\" content=\"" csp "\">") }
  { print }
' "$index" > "$index.tmp"
mv "$index.tmp" "$index"
# Every script must be a file (the policy allows no inline script): each tag has a src.
if grep -o '<script[^>]*>' "$index" | grep -vq 'src='; then
    echo "build-wasm: an inline script is in index.html" >&2
    exit 1
fi
cp "$index" "$staging/404.html"
