// The app shell on the bundled dataset: sign-in decides whose total balance and accounts
// show; a missing or malformed data file gives an error screen naming it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, readData, toFils, formatKwd } from '../lib/harness.mjs';

let app;
before(async () => { app = await launch(); });
after(async () => { await app.close(); });

const accounts = readData('accounts');
const personas = readData('personas');
const sms = personas.find((p) => p.key === 'sms');

function expectedTotal(customerId) {
  return accounts.filter((a) => a.customer_id === customerId).reduce((sum, a) => sum + toFils(a.balance), 0);
}

async function seeOverview(page, customerId) {
  const total = page.getByTestId('total-balance');
  await total.waitFor();
  const fils = expectedTotal(customerId);
  assert.equal(await total.getAttribute('data-amount-fils'), String(fils));
  assert.equal((await total.textContent()).trim(), formatKwd(fils));
  const rows = page.getByTestId('account-row');
  const own = accounts.filter((a) => a.customer_id === customerId).map((a) => a.account_id).sort();
  const shown = await rows.evaluateAll((els) => els.map((e) => e.dataset.accountId));
  assert.deepEqual(shown.sort(), own);
}

/** The names of the wasm files `page` fetches, in order, as it fetches them. */
function wasmFetches(page) {
  const names = [];
  page.on('request', (r) => { if (r.url().endsWith('.wasm')) names.push(new URL(r.url()).pathname.split('/').pop()); });
  return names;
}

/** Opens the 'sms' customer's overview and checks it shows their accounts. */
async function openSmsOverview(page) {
  await page.goto(`${app.url}/customers/${sms.customer_id}`);
  await seeOverview(page, sms.customer_id);
}

test('signed out, the home page and every customer page go to sign-in', async () => {
  const page = await app.page();
  for (const path of ['/', `/customers/${sms.customer_id}`, `/customers/${sms.customer_id}/security`, '/analytics']) {
    await page.goto(`${app.url}${path}`);
    await page.waitForURL('**/login');
    await page.getByTestId('login-submit').waitFor();
  }
  assert.equal(await page.getByTestId('total-balance').count(), 0);
  await page.context().close();
});

test('signed in, home is the customer\'s own overview with the total balance from accounts.json', async () => {
  const page = await app.page({ as: 'sms' });
  await page.goto(app.url);
  await page.waitForURL(`**/customers/${sms.customer_id}`);
  await seeOverview(page, sms.customer_id);
  assert.equal(await page.getByTestId('customer-picker').count(), 0, 'no picker: sign-in decides whose data shows');
  // The sign-in page is for signed-out users: a signed-in one goes home.
  await page.goto(`${app.url}/login`);
  await page.waitForURL(`**/customers/${sms.customer_id}`);
  await page.context().close();
});

test('an unknown page says so', async () => {
  const page = await app.page();
  await page.goto(`${app.url}/no/such/page`);
  await page.getByTestId('not-found').waitFor();
  await page.context().close();
});

test('an unusable meta.json stops the app with a screen naming the file', async () => {
  const page = await app.page();
  await page.route('**/data/meta.json', (r) => r.fulfill({ status: 404, body: 'gone' }));
  await page.goto(app.url);
  const error = page.getByTestId('app-error');
  await error.waitFor();
  assert.match(await error.textContent(), /meta\.json/);
  assert.match(await error.textContent(), /HTTP 404/);
  await page.context().close();
});

test('the wasm is split: the overview loads no page chunk, a page fetches its chunk once, on first visit', async () => {
  const page = await app.page({ as: 'sms' });
  const wasm = wasmFetches(page);
  await openSmsOverview(page);
  assert.deepEqual(wasm, ['bankdash_bg.wasm'], 'the overview needs the main module only');
  // The ledger's view is a split point (src/app/lazy.rs): following a link fetches it.
  await page.locator('nav a[href$="/transactions"]').first().click();
  await page.getByTestId('ledger-row').first().waitFor();
  const ledger = wasm.filter((f) => /^split_.*ledger/.test(f));
  assert.equal(ledger.length, 1, wasm.join(' '));
  // Back on the overview and to the ledger again: nothing is fetched twice.
  await page.goBack();
  await seeOverview(page, sms.customer_id);
  await page.goForward();
  await page.getByTestId('ledger-row').first().waitFor();
  const twice = wasm.filter((f, i) => wasm.indexOf(f) !== i);
  assert.deepEqual(twice, [], `fetched twice: ${twice}`);
  await page.context().close();
});

test('the other pages\' styles are not in the first download: the first such page fetches them once, styled when shown', async () => {
  const page = await app.page({ as: 'sms' });
  const css = [];
  page.on('request', (r) => { if (r.url().endsWith('.css')) css.push(new URL(r.url()).pathname.split('/').pop().replace(/-[0-9a-f]+\.css$/, '.css')); });
  await openSmsOverview(page);
  assert.deepEqual(css.sort(), ['main.css', 'tokens.css'], 'the overview needs the shell\'s styles only');
  // The vaults page's grid comes from pages.css: by the time the page shows, it applies.
  await page.locator('nav a[href$="/vaults"]').first().click();
  const grid = page.locator('.vault-grid');
  await grid.waitFor();
  assert.equal(await grid.evaluate((e) => getComputedStyle(e).display), 'grid');
  await page.locator('nav a[href$="/transactions"]').first().click();
  await page.getByTestId('ledger-row').first().waitFor();
  assert.equal(css.filter((f) => f === 'pages.css').length, 1, css.join(' '));
  await page.context().close();
});

test('without the error screens\' code, an unusable meta.json is still named', async () => {
  const page = await app.page();
  await page.route('**/split_errors_chunk.wasm', (r) => r.abort('internetdisconnected'));
  await page.route('**/data/meta.json', (r) => r.fulfill({ status: 404, body: 'gone' }));
  await page.goto(app.url);
  await page.getByTestId('app-error').waitFor();
  assert.equal(await page.getByTestId('app-error-file').textContent(), 'meta.json');
  assert.match(await page.getByTestId('app-error-message').textContent(), /HTTP 404/);
  await page.context().close();
});

test('a page whose code cannot be fetched says so, the app goes on, and "try again" loads it', async () => {
  const page = await app.page({ as: 'sms' });
  const panics = [];
  page.on('pageerror', (e) => panics.push(e.message));
  await openSmsOverview(page);
  // Offline for the ledger's chunk.
  await page.route('**/split_ledger_chunk.wasm', (r) => r.abort('internetdisconnected'));
  await page.locator('nav a[href$="/transactions"]').first().click();
  const notice = page.getByTestId('page-unavailable');
  await notice.waitFor();
  assert.equal(await notice.getAttribute('role'), 'alert');
  assert.match(await notice.textContent(), /could not be loaded/);
  // The rest of the app still works: back to the overview and here again.
  await page.locator('nav a[href$="/customers/' + sms.customer_id + '"]').first().click();
  await seeOverview(page, sms.customer_id);
  await page.goBack();
  await notice.waitFor();
  // Back online: "try again" fetches the chunk and shows the page.
  await page.unroute('**/split_ledger_chunk.wasm');
  await page.getByTestId('page-retry').click();
  await page.getByTestId('ledger-row').first().waitFor();
  assert.equal(await notice.count(), 0);
  assert.deepEqual(panics, []);
  await page.context().close();
});

/** The type of the last change in the saved journal (bundled data). */
const lastChange = (page) => page.evaluate(() => JSON.parse(localStorage.getItem('bankdash.journal.v1') ?? '[]').at(-1)?.change.type);

test('the change code is a chunk of its own: the overview runs without it, signing out fetches it and journals the sign-out', async () => {
  const page = await app.page({ as: 'sms' });
  const wasm = wasmFetches(page);
  await openSmsOverview(page);
  assert.equal(await lastChange(page), 'sign_in', 'the saved sign-in is replayed without the change code');
  assert.ok(!wasm.includes('split_changes_chunk.wasm'), wasm.join(' '));
  await page.getByTestId('sign-out').click();
  await page.getByTestId('login-submit').waitFor();
  assert.equal(wasm.filter((f) => f === 'split_changes_chunk.wasm').length, 1, wasm.join(' '));
  assert.equal(await lastChange(page), 'sign_out');
  await page.context().close();
});

test('without the change code, pages say they cannot be loaded, signing out still signs out, and nothing saved is lost', async () => {
  const page = await app.page({ as: 'sms' });
  const panics = [];
  page.on('pageerror', (e) => panics.push(e.message));
  await page.route('**/split_changes_chunk.wasm', (r) => r.abort('internetdisconnected'));
  await openSmsOverview(page);
  await page.locator('nav a[href$="/transactions"]').first().click();
  await page.getByTestId('page-unavailable').waitFor();
  await page.goBack();
  await seeOverview(page, sms.customer_id);
  const saved = await page.evaluate(() => localStorage.getItem('bankdash.journal.v1'));
  await page.getByTestId('sign-out').click();
  // Signed out: on to the sign-in page, which makes changes, so it cannot be shown either.
  await page.waitForURL('**/login');
  await page.getByTestId('page-unavailable').waitFor();
  // The sign-out could not be journalled: said so, and the saved journal is as it was.
  const notice = page.getByTestId('journal-notice');
  await notice.waitFor();
  assert.match(await notice.textContent(), /could not be downloaded/);
  assert.equal(await page.evaluate(() => localStorage.getItem('bankdash.journal.v1')), saved);
  assert.equal(await lastChange(page), 'sign_in');
  assert.deepEqual(panics, []);
  await page.context().close();
});

/** Marks the sms customer's first unread notification read (a change beyond signing in) and returns the unread count before. */
async function markOneRead(page) {
  await openSmsOverview(page);
  const badge = page.getByTestId('unread-count');
  const before = Number(await badge.getAttribute('data-count'));
  assert.ok(before > 0, 'sms has unread notifications');
  await page.goto(`${app.url}/customers/${sms.customer_id}/notifications`);
  await page.locator('[data-testid="notification-item"][data-read="false"] [data-testid="toggle-read"]').first().click();
  await page.waitForFunction(() => JSON.parse(localStorage.getItem('bankdash.journal.v1') ?? '[]').at(-1)?.change.type === 'set_notification_read');
  return before;
}

test('a saved change beyond signing in brings the change code at start, and the overview shows it at once', async () => {
  const page = await app.page({ as: 'sms' });
  const before = await markOneRead(page);
  const wasm = wasmFetches(page);
  await openSmsOverview(page);
  // Read as soon as the overview has data: the replayed change is already there.
  const badge = page.getByTestId('unread-count');
  assert.equal((await badge.count()) ? Number(await badge.getAttribute('data-count')) : 0, before - 1);
  assert.equal(wasm.filter((f) => f === 'split_changes_chunk.wasm').length, 1, wasm.join(' '));
  await page.context().close();
});

test('without the change code, a saved change beyond signing in is not shown wrong: the app says which file is missing and keeps the journal', async () => {
  const page = await app.page({ as: 'sms' });
  const panics = [];
  page.on('pageerror', (e) => panics.push(e.message));
  await markOneRead(page);
  const saved = await page.evaluate(() => localStorage.getItem('bankdash.journal.v1'));
  await page.route('**/split_changes_chunk.wasm', (r) => r.abort('internetdisconnected'));
  await page.goto(`${app.url}/customers/${sms.customer_id}`);
  await page.getByTestId('app-error').waitFor();
  assert.equal(await page.getByTestId('app-error-file').textContent(), 'split_changes_chunk.wasm');
  assert.equal(await page.evaluate(() => localStorage.getItem('bankdash.journal.v1')), saved);
  // Back online, a reload shows the data with the change.
  await page.unroute('**/split_changes_chunk.wasm');
  await openSmsOverview(page);
  assert.equal(await page.evaluate(() => localStorage.getItem('bankdash.journal.v1')), saved);
  assert.deepEqual(panics, []);
  await page.context().close();
});

test('the wasm and data downloads start with the page, each file once', async () => {
  const page = await app.page({ as: 'sms' });
  const requests = [];
  const wasm = [];
  page.on('request', (r) => {
    if (r.url().endsWith('.json')) requests.push(new URL(r.url()).pathname);
    if (r.url().endsWith('/bankdash_bg.wasm')) wasm.push(r.url());
  });
  // When the app's wasm has started (boot.js's event), on the page's own clock.
  await page.addInitScript(() => addEventListener('bankdash:started', () => { window.startedAt = performance.now(); }));
  await page.goto(`${app.url}/customers/${sms.customer_id}`);
  await page.getByTestId('total-balance').waitFor();
  const files = ['config.json', 'data/meta.json', 'data/personas.json',
    ...Object.keys(readData('meta').counts).map((c) => `data/${c}.json`)];
  assert.equal(files.length, 17);
  // Every file the app reads at start is requested once: the app takes the responses
  // preload.js fetched instead of fetching again...
  const twice = requests.filter((p, i) => requests.indexOf(p) !== i);
  assert.deepEqual(twice, [], `downloaded twice: ${twice}`);
  assert.deepEqual(requests.map((p) => p.replace(/^\//, '')).sort(), files.sort());
  // ...and each was requested before the wasm had started, not after.
  const { startedAt, starts } = await page.evaluate(() => ({
    startedAt: window.startedAt,
    starts: performance.getEntriesByType('resource').filter((e) => e.name.endsWith('.json'))
      .map((e) => [new URL(e.name).pathname, e.startTime]),
  }));
  assert.equal(typeof startedAt, 'number');
  assert.equal(starts.length, 17);
  for (const [file, at] of starts) assert.ok(at < startedAt, `${file} requested at ${at} ms, the app started at ${startedAt} ms`);
  // The main module is downloaded once: preload.js compiles the preloaded response, and the
  // app starts from that module.
  assert.equal(wasm.length, 1, `main wasm requested ${wasm.length} times`);
  assert.ok(await page.evaluate(async () => (await window.bankdashWasm) instanceof WebAssembly.Module));
  await page.context().close();
});

test('a host that serves the wasm under another MIME type still gets the app', async () => {
  const page = await app.page({ as: 'sms' });
  await page.route('**/bankdash_bg.wasm', async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, headers: { ...response.headers(), 'content-type': 'application/octet-stream' } });
  });
  const panics = [];
  page.on('pageerror', (e) => panics.push(e.message));
  await openSmsOverview(page);
  // preload.js could not compile it while downloading; the loader fetched and compiled it.
  assert.equal(await page.evaluate(() => window.bankdashWasm.then(() => 'compiled', () => 'refused')), 'refused');
  assert.deepEqual(panics, []);
  await page.context().close();
});
