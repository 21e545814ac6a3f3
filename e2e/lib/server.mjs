// A static file server for dist/ with the SPA fallback a static host would configure:
// unknown paths that are not files get index.html.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml',
};

/**
 * With `prefix` (e.g. "/bankdash/") the files are served under that path only, and an
 * unknown path gets 404.html with status 404, as GitHub Pages does.
 */
export async function startServer(root, port = 0, { prefix = '/' } = {}) {
  const pages = prefix !== '/';
  const server = createServer(async (req, res) => {
    const full = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    if (!full.startsWith(prefix) && full !== prefix.slice(0, -1)) { res.writeHead(404); res.end('outside the site'); return; }
    const path = `/${full.slice(prefix.length)}`;
    let file = join(root, path);
    let status = 200;
    try {
      if (!(await stat(file)).isFile()) throw new Error('dir');
    } catch {
      if (path.startsWith('/data/')) { res.writeHead(404); res.end('not found'); return; }
      if (pages && path !== '/') status = 404;
      file = join(root, pages && path !== '/' ? '404.html' : 'index.html');
    }
    res.writeHead(status, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(await readFile(file));
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${server.address().port}` };
}
