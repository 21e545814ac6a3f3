// A real json-server (0.17.4, from e2e/node_modules) on a free loopback port, serving a
// fresh copy of the generated db.json; it can be stopped and restarted on the same port
// with the data it has saved.
import { spawn } from 'node:child_process';
import { copyFile, mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DIST } from './harness.mjs';

const bin = join(dirname(fileURLToPath(import.meta.url)), '..', 'node_modules', 'json-server', 'lib', 'cli', 'bin.js');

async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function startApi() {
  const dir = await mkdtemp(join(tmpdir(), 'bankdash-api-'));
  const db = join(dir, 'db.json');
  await copyFile(join(DIST, 'data', 'db.json'), db);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let child;
  async function start() {
    child = spawn(process.execPath, [bin, '--host', '127.0.0.1', '--port', String(port), '--quiet', db], { stdio: 'ignore' });
    for (let i = 0; i < 100; i++) {
      try {
        if ((await fetch(`${url}/customer_settings?_limit=1`)).ok) return;
      } catch { /* not up yet */ }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('json-server did not start');
  }
  async function stop() {
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill();
    await exited;
  }
  await start();
  return {
    url,
    /** GET a path of the API as JSON. */
    async get(path) {
      return (await fetch(`${url}${path}`)).json();
    },
    stop,
    start,
  };
}
