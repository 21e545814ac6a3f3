// Performance benchmark (prints figures and budgets; asserts nothing, exits 0):
//   - sizes of the wasm, JS and CSS the first page downloads (overview signed in, sign-in
//     page signed out; the wasm is split into per-page chunks): raw, gzip, brotli;
//   - first data render of the overview (the app's `bankdash:first-data` mark), median of 7;
//   - the analyst pages' load-and-compute time on a 2,000-customer dataset;
//   - timeline DOM nodes with 20,000 events;
//   - memory after load (overview, and the analyst page at 2,000 customers).
// Run by scripts/bench.sh, which builds the release app and generates the dataset first:
//   BANKDASH_DIST=<dist> BENCH_DATA=<2,000-customer dataset dir> node bench/perf.mjs
import { createReadStream, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync, brotliCompressSync, constants as zlib } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
process.env.BANKDASH_DIST = resolve(process.env.BANKDASH_DIST ?? join(root, 'target', 'bench-dist'));
const DIST = process.env.BANKDASH_DIST;
const BIG = resolve(process.env.BENCH_DATA ?? join(root, 'target', 'bench-data-2000'));
// The harness reads BANKDASH_DIST when it loads, so it is imported after setting it.
const { launch, readData, totp } = await import('../lib/harness.mjs');

const BUDGET_BROTLI_KB = 250;
const BUDGET_FIRST_DATA_MS = 400;
const BUDGET_TIMELINE_NODES = 1500;
const RUNS = 11;
const ANALYST_RUNS = 3;
const TIMELINE_EVENTS = 20000;
const BIG_TIMEOUT = 120_000;

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const verdict = (ok) => (ok ? 'PASS' : 'OVER');
const line = (text) => console.log(text);
const section = (title) => console.log(`\n== ${title}`);

// ---------------------------------------------------------------- sizes
/** Raw, gzip (-9) and brotli (q 11) bytes of a file in the dist. */
function sizes(name) {
  const bytes = readFileSync(join(DIST, name));
  return {
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, {
      params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: bytes.length },
    }).length,
  };
}
const code = /\.(wasm|js|css)$/;
/** Every wasm, JS and CSS file of the build (the wasm is split: main module and chunks). */
function buildFiles(dir = '') {
  return readdirSync(join(DIST, dir), { withFileTypes: true }).flatMap((e) => {
    const name = dir ? `${dir}/${e.name}` : e.name;
    if (e.isDirectory()) return name === 'data' ? [] : buildFiles(name);
    return code.test(name) ? [name] : [];
  });
}
/**
 * Prints the sizes of the wasm, JS and CSS files a page downloaded (`names`, paths in the
 * dist) and checks their brotli total against the budget.
 */
function reportDownload(what, names) {
  const totals = { raw: 0, gzip: 0, brotli: 0 };
  for (const name of [...names].sort()) {
    const s = sizes(name);
    for (const k of Object.keys(totals)) totals[k] += s[k];
    line(`  ${name}: raw ${s.raw} B, gzip ${s.gzip} B, brotli ${s.brotli} B`);
  }
  line(`${what} (wasm+JS+CSS, ${names.length} files): raw ${kb(totals.raw)}, gzip ${kb(totals.gzip)}, brotli ${kb(totals.brotli)}`);
  const brKb = totals.brotli / 1024;
  line(`budget: ${what} brotli ${brKb.toFixed(1)} KB ${brKb <= BUDGET_BROTLI_KB ? '<=' : '>'} ${BUDGET_BROTLI_KB} KB ${verdict(brKb <= BUDGET_BROTLI_KB)}`);
}
/** The dist files (wasm, JS, CSS) the page has downloaded so far. */
async function downloaded(page, appUrl) {
  const urls = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name));
  const root = new URL(`${appUrl}/`);
  const files = urls.map((u) => new URL(u))
    .filter((u) => u.origin === root.origin && u.pathname.startsWith(root.pathname) && code.test(u.pathname))
    .map((u) => decodeURIComponent(u.pathname.slice(root.pathname.length)));
  return [...new Set(files)];
}

// ---------------------------------------------------------------- browser helpers
async function memory(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const metric = (name) => metrics.find((m) => m.name === name)?.value;
  const inPage = await page.evaluate(() => ({
    used: performance.memory?.usedJSHeapSize,
    wasm: window.__benchWasm?.memory?.buffer?.byteLength,
  }));
  await cdp.detach();
  return `performance.memory.usedJSHeapSize ${inPage.used === undefined ? 'n/a' : mb(inPage.used)}`
    + `, CDP JSHeapUsedSize ${metric('JSHeapUsedSize') === undefined ? 'n/a' : mb(metric('JSHeapUsedSize'))}`
    + ` (JSHeapTotalSize ${metric('JSHeapTotalSize') === undefined ? 'n/a' : mb(metric('JSHeapTotalSize'))})`
    + `, wasm linear memory ${inPage.wasm === undefined ? 'n/a' : mb(inPage.wasm)}`;
}

// Keeps the wasm exports (boot.js hands them to this event) to read its memory.
const keepWasm = () => addEventListener('bankdash:started', (e) => { window.__benchWasm = e.detail?.wasm; });
// Main-thread tasks over 50 ms (the browser's "long tasks"): how long the page froze.
const watchLongTasks = () => {
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__longTasks.push(e.duration);
  }).observe({ type: 'longtask', buffered: true });
};
const longTasks = (tasks) => {
  if (!tasks.length) return 'no task over 50 ms';
  const over = (ms) => tasks.filter((d) => d > ms).length;
  return `${tasks.length} tasks over 50 ms, longest ${Math.max(...tasks).toFixed(0)} ms, `
    + `${over(200)} over 200 ms, ${over(500)} over 500 ms, total ${tasks.reduce((a, b) => a + b, 0).toFixed(0)} ms`;
};

/** Navigates and resolves with ms from navigation start until `selector` is in the DOM, or null. */
async function timeTo(page, url, selector) {
  await page.goto(url, { timeout: BIG_TIMEOUT });
  try {
    const handle = await page.waitForFunction(
      (sel) => (document.querySelector(sel) ? performance.now() : false),
      selector,
      { timeout: BIG_TIMEOUT, polling: 'raf' },
    );
    return await handle.jsonValue();
  } catch (e) {
    if (/Timeout/i.test(e.message)) return null;
    throw e;
  }
}

/** Runs a part of the benchmark; if it throws, says so and goes on with the next part. */
async function attempt(part) {
  try {
    await part();
  } catch (e) {
    line(`error: ${String(e.message ?? e).split('\n')[0]}`);
  }
}
const onExit = [];

const app = await launch({ root: DIST });
try {
  // -------------------------------------------------------------- first data render
  section(`first data render: overview of the 'sms' persona, ${RUNS} fresh browser contexts`);
  const sms = readData('personas').find((p) => p.key === 'sms');
  const times = [];
  let overviewMemory = 'n/a';
  let overviewFiles = [];
  for (let i = 1; i <= RUNS; i++) {
    const page = await app.page({ as: 'sms' });
    await attempt(async () => {
      await page.addInitScript(keepWasm);
      await page.goto(`${app.url}/customers/${sms.customer_id}`);
      await page.getByTestId('total-balance').waitFor({ timeout: 60_000 });
      const at = await page.waitForFunction(
        () => performance.getEntriesByName('bankdash:first-data')[0]?.startTime,
        null,
        { timeout: 10_000 },
      ).then((h) => h.jsonValue()).catch(() => null);
      if (at === null) {
        line(`run ${i}: n/a (no bankdash:first-data mark)`);
      } else {
        times.push(at);
        line(`run ${i}: ${at.toFixed(1)} ms`);
      }
      if (i === 1) overviewFiles = await downloaded(page, app.url);
      if (i === RUNS) {
        await page.waitForTimeout(1000);
        overviewMemory = await memory(page);
      }
    });
    await page.context().close();
  }
  if (times.length) {
    const m = median(times);
    line(`first data render: median ${m.toFixed(1)} ms of ${times.length} (min ${Math.min(...times).toFixed(1)}, max ${Math.max(...times).toFixed(1)})`);
    line(`budget: first data render median ${m.toFixed(1)} ms ${m <= BUDGET_FIRST_DATA_MS ? '<=' : '>'} ${BUDGET_FIRST_DATA_MS} ms ${verdict(m <= BUDGET_FIRST_DATA_MS)}`);
  } else {
    line('budget: first data render n/a (the mark never appeared)');
  }

  // -------------------------------------------------------------- sizes
  section(`sizes (${DIST}): the wasm, JS and CSS each first page downloads`);
  await attempt(async () => {
    // Signed out, the first page is the sign-in page (its code is a chunk of its own).
    const page = await app.page();
    await page.goto(`${app.url}/login`);
    await page.getByTestId('login-submit').waitFor({ timeout: 60_000 });
    await page.waitForTimeout(500);
    const signInFiles = await downloaded(page, app.url);
    await page.context().close();
    reportDownload('initial download, the overview (signed in)', overviewFiles);
    reportDownload('initial download, the sign-in page (signed out)', signInFiles);
    const all = buildFiles();
    const total = all.reduce((sum, name) => sum + sizes(name).brotli, 0);
    line(`whole build, every page's chunks included: ${all.length} wasm/JS/CSS files, brotli ${kb(total)}`);
  });

  // -------------------------------------------------------------- timeline DOM
  section(`timeline DOM: the 'sms' persona with ${TIMELINE_EVENTS} transactions`);
  await attempt(async () => {
    const all = readData('transactions');
    const mine = all.filter((t) => t.customer_id === sms.customer_id);
    const extra = [];
    for (let i = 0; extra.length + mine.length < TIMELINE_EVENTS; i++) {
      const t = mine[i % mine.length];
      const shifted = new Date(Date.parse(t.created_at) - (Math.floor(i / mine.length) + 1) * 86400000 * 7);
      const kw = new Date(shifted.getTime() + 3 * 3600000).toISOString().slice(0, 19) + '+03:00';
      extra.push({ ...t, transaction_id: `bench-${i}`, status: t.status === 'COMPLETED' ? 'REVERSED' : t.status, created_at: kw });
    }
    const body = JSON.stringify([...all, ...extra]);
    const page = await app.page({ as: 'sms' });
    await page.route('**/data/transactions.json', (r) => r.fulfill({ status: 200, contentType: 'application/json', body }));
    await page.goto(`${app.url}/customers/${sms.customer_id}/timeline`);
    await page.getByTestId('timeline-item').first().waitFor({ timeout: 60_000 });
    await page.waitForTimeout(500);
    const count = async () => page.evaluate(() => ({
      viewport: document.querySelector('[data-testid="timeline-viewport"]')?.querySelectorAll('*').length ?? 0,
      document: document.querySelectorAll('*').length,
      rows: document.querySelectorAll('.tl-row').length,
    }));
    line(`customer transactions: ${mine.length + extra.length}; ${(await page.getByTestId('timeline-count').textContent()).trim()}`);
    const loaded = await count();
    line(`after load: timeline viewport ${loaded.viewport} nodes (${loaded.rows} rows), whole document ${loaded.document} nodes`);
    await page.getByTestId('timeline-viewport').evaluate(async (el) => {
      for (let i = 1; i <= 20; i++) {
        el.scrollTop = (el.scrollHeight * i) / 20;
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      }
      el.scrollTop = el.scrollHeight;
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    });
    await page.waitForTimeout(300);
    const end = await count();
    line(`after scrolling to the end: timeline viewport ${end.viewport} nodes (${end.rows} rows), whole document ${end.document} nodes`);
    const worst = Math.max(loaded.viewport, end.viewport);
    line(`budget: timeline DOM ${worst} nodes ${worst < BUDGET_TIMELINE_NODES ? '<' : '>='} ${BUDGET_TIMELINE_NODES} ${verdict(worst < BUDGET_TIMELINE_NODES)}`
      + ` (whole document at most ${Math.max(loaded.document, end.document)})`);
    await page.context().close();
  });

  // -------------------------------------------------------------- analyst at 2,000 customers
  section(`analyst pages at 2,000 customers (${BIG})`);
  let analystMemory = 'n/a';
  if (!existsSync(join(BIG, 'personas.json'))) {
    line(`n/a (no dataset at ${BIG})`);
  } else await attempt(async () => {
    const meta = JSON.parse(readFileSync(join(BIG, 'meta.json'), 'utf8'));
    line(`dataset: seed ${meta.seed}, ${meta.counts.customers} customers, ${meta.counts.transactions} transactions, as_of ${meta.as_of}`);
    const analyst = JSON.parse(readFileSync(join(BIG, 'personas.json'), 'utf8')).find((p) => p.key === 'analyst');
    // The dataset's files replace dist/data/*.json through request interception. Its
    // transactions.json is ~150 MB, too big for route.fulfill (the body goes through one
    // DevTools message and the page dies), so the request is rewritten, unseen by the page,
    // to a local server that streams the file from disk.
    const bigServer = createServer((req, res) => {
      const file = join(BIG, basename(new URL(req.url, 'http://x').pathname));
      if (!existsSync(file)) { res.writeHead(404); res.end(); return; }
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': statSync(file).size });
      createReadStream(file).pipe(res);
    });
    await new Promise((r) => bigServer.listen(0, '127.0.0.1', r));
    const bigUrl = `http://127.0.0.1:${bigServer.address().port}`;
    onExit.push(() => bigServer.close());
    const page = await app.page();
    page.setDefaultTimeout(BIG_TIMEOUT);
    page.on('crash', () => line('analyst page: the renderer crashed'));
    await page.addInitScript(keepWasm);
    await page.addInitScript(watchLongTasks);
    await page.route('**/data/*.json', (r) => {
      const name = basename(new URL(r.request().url()).pathname);
      return existsSync(join(BIG, name)) ? r.continue({ url: `${bigUrl}/${name}` }) : r.continue();
    });
    // The harness's signIn, with this dataset's analyst persona.
    let t0 = performance.now();
    await page.goto(`${app.url}/login`);
    await page.locator('[data-testid="persona-fill"][data-persona-key="analyst"]').click();
    line(`sign-in page with the dataset loaded: ${(performance.now() - t0).toFixed(0)} ms`);
    await page.getByTestId('login-submit').click();
    const step = page.getByTestId('mfa-step');
    await Promise.race([step.waitFor(), page.getByTestId('sign-out').waitFor()]);
    if (await step.count()) {
      const method = await step.getAttribute('data-method');
      if (method === 'BIOMETRIC') {
        await page.getByTestId('mfa-confirm').click();
      } else {
        const code = method === 'APP'
          ? totp(analyst.totp_secret, Date.now() / 1000)
          : await page.getByTestId('demo-code').getAttribute('data-code');
        await page.getByTestId('mfa-code').fill(code);
        await page.getByTestId('mfa-submit').click();
      }
    }
    await page.getByTestId('sign-out').waitFor();
    line(`signed in as the analyst (${analyst.email})`);

    const pages = [
      ['/analytics', '[data-testid="analytics-home"] [data-amount-fils], [data-testid="analytics-home"] [data-count]', 'analytics home figures'],
      ['/analytics/alerts', '[data-testid="alert-total"][data-count]', 'alert total'],
      ['/analytics/quality', '[data-testid="dq-summary"]', 'data-quality summary'],
    ];
    // Each page loads ANALYST_RUNS times: the figures vary from load to load.
    for (const [path, selector, what] of pages) {
      const times = [];
      const longest = [];
      for (let run = 1; run <= ANALYST_RUNS; run++) {
        t0 = performance.now();
        const at = await timeTo(page, `${app.url}${path}`, selector);
        if (at === null) {
          line(`${path}: n/a (page not found: no ${selector} within ${BIG_TIMEOUT / 1000} s)`);
          break;
        }
        await page.waitForTimeout(500);
        const tasks = await page.evaluate(() => window.__longTasks ?? []);
        times.push(at);
        longest.push(Math.max(0, ...tasks));
        line(`${path} run ${run}: navigation to ${what}: ${at.toFixed(0)} ms (wall clock ${(performance.now() - t0).toFixed(0)} ms); main thread: ${longTasks(tasks)}`);
        if (path === '/analytics' && run === 1) {
          await page.waitForTimeout(1000);
          analystMemory = await memory(page);
        }
      }
      if (times.length) {
        line(`${path}: navigation to ${what} median ${median(times).toFixed(0)} ms of ${times.length}; `
          + `longest main-thread task median ${median(longest).toFixed(0)} ms, max ${Math.max(...longest).toFixed(0)} ms`);
      }
    }
    await page.context().close();
  });

  // -------------------------------------------------------------- memory
  section('memory after load');
  line(`overview ('sms', default dataset): ${overviewMemory}`);
  line(`analyst /analytics (2,000 customers): ${analystMemory}`);
  line('note: performance.memory is coarse in Chromium without --enable-precise-memory-info; the JS heap excludes the wasm linear memory');
} finally {
  await app.close();
  onExit.forEach((f) => f());
}
