// Writes brotli (.br) and gzip (.gz) copies next to the built SPA's text assets, so the server can
// send them as they are instead of compressing on every request (backend/src/http/precompressed.rs
// picks one by Accept-Encoding). Run after `vite build`; node's own zlib, no dependency.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
const assets = process.argv[2] ?? join(here, '..', 'dist', 'assets');
// Images are compressed already; only text formats gain.
const compressible = /\.(js|mjs|css|svg|json|html|txt|map)$/;
// Below this a compressed copy saves less than its own headers cost.
const MIN_BYTES = 1024;

let before = 0;
let afterBr = 0;
let count = 0;
for (const name of readdirSync(assets)) {
  const file = join(assets, name);
  if (!compressible.test(name) || !statSync(file).isFile()) continue;
  const raw = readFileSync(file);
  if (raw.length < MIN_BYTES) continue;
  const br = brotliCompressSync(raw, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
    },
  });
  const gz = gzipSync(raw, { level: 9 });
  // A copy that is not smaller is left out: the server then sends the original.
  if (br.length < raw.length) writeFileSync(`${file}.br`, br);
  if (gz.length < raw.length) writeFileSync(`${file}.gz`, gz);
  before += raw.length;
  afterBr += Math.min(br.length, raw.length);
  count++;
}
const kb = (n) => `${(n / 1024).toFixed(1)} kB`;
console.log(`precompress: ${count} assets, ${kb(before)} → ${kb(afterBr)} with brotli`);
