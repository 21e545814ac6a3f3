#!/bin/sh
# Trunk post-build hook (runs in the staging directory before it becomes dist/):
# - moves Trunk's inline module script into boot.js, so the Content-Security-Policy can
#   forbid inline scripts (script-src 'self' 'wasm-unsafe-eval');
# - adds that policy as a <meta> tag;
# - copies index.html to 404.html, the SPA fallback static hosts such as GitHub Pages
#   serve for deep links and reloads on any route.
# POSIX sh and awk only: it runs wherever Trunk runs.
set -eu
dir="${TRUNK_STAGING_DIR:?run by trunk}"
index="$dir/index.html"
csp="default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self' http: https:; object-src 'none'; base-uri 'self'; form-action 'self'"
awk -v boot="$dir/boot.js" -v csp="$csp" '
  /<script type="module">/ { inscript = 1; sub(/.*<script type="module">/, ""); }
  inscript {
    if (index($0, "</script>")) {
      line = $0; sub(/<\/script>.*/, "", line); print line > boot;
      rest = $0; sub(/.*<\/script>/, "", rest);
      print "<script type=\"module\" src=\"boot.js\"></script>" rest;
      inscript = 0; next
    }
    print > boot; next
  }
  /<meta charset="utf-8">/ { print; print "    <meta http-equiv=\"Content-Security-Policy\" content=\"" csp "\">"; next }
  { print }
' "$index" > "$index.tmp"
mv "$index.tmp" "$index"
if grep -q '<script type="module">' "$index"; then
  echo "post-build: an inline script is left in index.html" >&2
  exit 1
fi
cp "$index" "$dir/404.html"
