// Gives the functions the wasm module imports from wasm-bindgen's JavaScript short names
// (a, b, ..., aa, ...), in the module's import section and in the JavaScript's import
// object alike. wasm-bindgen names each one after the API it wraps plus a 16-digit hash
// (`__wbg_addEventListener_8176ea6e2a2dd4e7`): 220 such names, written in both files,
// cost 5 KB of the first download (brotli), the hashes being incompressible.
//
// Usage: node short-imports.mjs <module.wasm> <glue.js>   (both rewritten in place)
// Release builds only (scripts/build-wasm.sh). Each renamed import must be defined exactly
// once in the JavaScript, as a key of the import object; anything else stops the build.
import { readFileSync, writeFileSync } from 'node:fs';

const [wasmPath, jsPath] = process.argv.slice(2);
if (!wasmPath || !jsPath) {
  console.error('usage: node short-imports.mjs <module.wasm> <glue.js>');
  process.exit(2);
}
const fail = (why) => {
  console.error(`short-imports: ${why}`);
  process.exit(1);
};

const wasm = readFileSync(wasmPath);
let js = readFileSync(jsPath, 'utf8');

/** Reads an unsigned LEB128 at `at`: [value, next offset]. */
function leb(bytes, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const byte = bytes[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if (byte < 0x80) return [value, at];
  }
}

function encodeLeb(value) {
  const out = [];
  do {
    let byte = value % 128;
    value = Math.floor(value / 128);
    if (value > 0) byte |= 0x80;
    out.push(byte);
  } while (value > 0);
  return Buffer.from(out);
}

const encodeName = (text) => {
  const bytes = Buffer.from(text, 'utf8');
  return Buffer.concat([encodeLeb(bytes.length), bytes]);
};

/** The n-th short name: a..z, A..Z, then two letters and so on. */
function shortName(n) {
  const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
  let name = '';
  for (;;) {
    name = letters[n % letters.length] + name;
    n = Math.floor(n / letters.length);
    if (n === 0) return name;
    n -= 1;
  }
}

/** Skips an import's description (its kind and type) at `at`: the next offset. */
function skipDescription(bytes, at) {
  const kind = bytes[at++];
  const limits = (k) => {
    const flags = bytes[k++];
    [, k] = leb(bytes, k);
    if (flags & 1) [, k] = leb(bytes, k);
    return k;
  };
  switch (kind) {
    case 0: return leb(bytes, at)[1]; // function: type index
    case 1: return limits(at + 1); // table: element type, limits
    case 2: return limits(at); // memory: limits
    case 3: return at + 2; // global: value type, mutability
    case 4: return leb(bytes, at + 1)[1]; // tag: attribute, type index
    default: return fail(`unknown import kind ${kind}`);
  }
}

const isGlue = (module) => module.endsWith('_bg.js');
const identifier = (name) => new RegExp(`(?<![\\w$])${name.replace(/\$/g, '\\$')}(?![\\w$])`, 'g');

const parts = [wasm.subarray(0, 8)];
let renamed = 0;
for (let at = 8; at < wasm.length;) {
  const id = wasm[at];
  const [size, start] = leb(wasm, at + 1);
  let body = wasm.subarray(start, start + size);
  if (id === 2) {
    const [count, first] = leb(body, 0);
    const entries = [encodeLeb(count)];
    let k = first;
    for (let i = 0; i < count; i++) {
      let length;
      [length, k] = leb(body, k);
      const module = body.toString('utf8', k, k + length);
      k += length;
      [length, k] = leb(body, k);
      let name = body.toString('utf8', k, k + length);
      k += length;
      const end = skipDescription(body, k);
      if (isGlue(module)) {
        const short = shortName(renamed++);
        const uses = js.match(identifier(name))?.length ?? 0;
        if (uses !== 1) fail(`${name} is in ${jsPath} ${uses} times, not once`);
        js = js.replace(identifier(name), short);
        name = short;
      }
      entries.push(encodeName(module), encodeName(name), body.subarray(k, end));
      k = end;
    }
    body = Buffer.concat(entries);
  }
  parts.push(Buffer.from([id]), encodeLeb(body.length), body);
  at = start + size;
}
if (renamed === 0) fail(`no import from wasm-bindgen's JavaScript in ${wasmPath}`);

writeFileSync(wasmPath, Buffer.concat(parts));
writeFileSync(jsPath, js);
