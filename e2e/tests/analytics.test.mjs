// Bank analytics for analysts: the figures match what we compute here from the bundled
// JSON, the filters (segment, channel, dates) change every figure and live in the URL
// (surviving a reload), and each table downloads as CSV.
// Transaction counts include every status; values are COMPLETED amounts only.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, readData, toFils, kuwaitDate } from '../lib/harness.mjs';

let app;
before(async () => { app = await launch(); });
after(async () => { await app.close(); });

const customers = readData('customers');
const accounts = readData('accounts');
const transactions = readData('transactions');
const asOf = readData('meta').as_of;

const segmentOf = new Map(customers.map((c) => [c.customer_id, c.segment]));
const bySegment = (segment) => (records) => records.filter((r) => !segment || segmentOf.get(r.customer_id) === segment);

/** { key: { count, fils } } grouped by `key(record)`, `fils(record)` summed. */
function group(records, key, fils) {
  const out = {};
  for (const r of records) {
    const row = (out[key(r)] ??= { count: 0, fils: 0 });
    row.count += 1;
    row.fils += fils(r);
  }
  return out;
}
const completedFils = (t) => (t.status === 'COMPLETED' ? toFils(t.amount) : 0);
const balanceFils = (a) => toFils(a.balance);

/** The rows of one analytics table as { data-key: { count, fils } }. */
function tableRows(page, table) {
  return page.locator(`[data-testid="bank-table"][data-table="${table}"] tbody tr`).evaluateAll((els) =>
    Object.fromEntries(els.map((e) => [e.dataset.key, { count: Number(e.dataset.count), fils: Number(e.dataset.amountFils) }])));
}

/** Waits until a headline figure shows `value` in `attr`. */
function waitFigure(page, testid, attr, value) {
  return page.waitForFunction(([id, a, v]) => document.querySelector(`[data-testid="${id}"]`)?.getAttribute(a) === v,
    [testid, attr, String(value)]);
}

/** Waits until the figures are computed for the current filters (the page is not aria-busy). */
function settled(page) {
  return page.locator('[data-testid="analytics-home"][aria-busy="false"]').waitFor();
}

async function open(path = '/analytics') {
  const page = await app.page({ as: 'analyst' });
  await page.goto(`${app.url}${path}`);
  await page.getByTestId('analytics-home').waitFor();
  await page.locator('[data-testid="bank-table"][data-table="segment"]').waitFor();
  await settled(page);
  return page;
}

async function headline(page) {
  const get = (id, attr) => page.getByTestId(id).getAttribute(attr).then(Number);
  return {
    customers: await get('analytics-customers', 'data-count'),
    accounts: await get('analytics-accounts', 'data-count'),
    transactions: await get('analytics-transactions', 'data-count'),
    deposits: await get('analytics-deposits', 'data-amount-fils'),
  };
}

test('the whole bank: headline figures, segments, deposits by type, mixes and the 90-day chart', async () => {
  const page = await open();
  assert.deepEqual(await headline(page), {
    customers: customers.length,
    accounts: accounts.length,
    transactions: transactions.length,
    deposits: accounts.reduce((s, a) => s + balanceFils(a), 0),
  });
  // Customers per segment, with the balance they hold.
  const balanceOf = group(accounts, (a) => a.customer_id, balanceFils);
  const segments = group(customers, (c) => c.segment, (c) => balanceOf[c.customer_id]?.fils ?? 0);
  assert.deepEqual(await tableRows(page, 'segment'), segments);
  // Deposits per account type: accounts and balances. The original rows still carry data-type.
  assert.deepEqual(await tableRows(page, 'deposits'), group(accounts, (a) => a.account_type, balanceFils));
  const types = await page.getByTestId('deposits-by-type').evaluateAll((els) => els.map((e) => e.dataset.type));
  assert.deepEqual(types.sort(), [...new Set(accounts.map((a) => a.account_type))].sort());
  // Nationalities and the transaction mixes.
  assert.deepEqual(await tableRows(page, 'nationality'), group(customers, (c) => c.nationality, (c) => balanceOf[c.customer_id]?.fils ?? 0));
  assert.deepEqual(await tableRows(page, 'channel'), group(transactions, (t) => t.channel, completedFils));
  assert.deepEqual(await tableRows(page, 'category'), group(transactions, (t) => t.category, completedFils));
  assert.deepEqual(await tableRows(page, 'auth_method'), group(transactions, (t) => t.auth_method, completedFils));
  // Every customer falls in exactly one age band and one balance tier.
  for (const table of ['age_band', 'balance_tier']) {
    const rows = Object.values(await tableRows(page, table));
    assert.equal(rows.reduce((s, r) => s + r.count, 0), customers.length, table);
  }
  // The chart: the 90 Kuwait days ending with as_of, each day's count and completed value.
  const chart = page.getByTestId('daily-chart');
  assert.equal(await chart.getAttribute('role'), 'img');
  assert.equal(await chart.getAttribute('data-points'), '90');
  assert.equal(await chart.getAttribute('data-last'), asOf);
  const first = new Date(Date.parse(`${asOf}T00:00:00Z`) - 89 * 86_400_000).toISOString().slice(0, 10);
  assert.equal(await chart.getAttribute('data-first'), first);
  const days = group(transactions.filter((t) => kuwaitDate(t.created_at) >= first && kuwaitDate(t.created_at) <= asOf),
    (t) => kuwaitDate(t.created_at), completedFils);
  const shown = await page.getByTestId('daily-row').evaluateAll((els) => els.map((e) => [e.dataset.date, Number(e.dataset.count), Number(e.dataset.amountFils)]));
  assert.equal(shown.length, 90);
  for (const [date, count, fils] of shown) {
    assert.deepEqual([count, fils], [days[date]?.count ?? 0, days[date]?.fils ?? 0], date);
  }
  // The alerts card is there, waiting for the risk summary.
  await page.getByTestId('alerts-summary-slot').waitFor();
  await page.context().close();
});

test('segment and channel filters change every figure, live in the URL and survive a reload', async () => {
  const page = await open();
  const segment = 'PREMIER';
  const channel = 'ONLINE';
  const mine = bySegment(segment);
  await page.getByTestId('filter-segment').selectOption(segment);
  await page.waitForURL(/[?&]segment=PREMIER/);
  await settled(page);
  const premierCustomers = mine(customers);
  await waitFigure(page, 'analytics-customers', 'data-count', premierCustomers.length);
  assert.deepEqual(await headline(page), {
    customers: premierCustomers.length,
    accounts: mine(accounts).length,
    transactions: mine(transactions).length,
    deposits: mine(accounts).reduce((s, a) => s + balanceFils(a), 0),
  });
  assert.deepEqual(Object.keys(await tableRows(page, 'segment')), [segment]);
  assert.deepEqual(await tableRows(page, 'deposits'), group(mine(accounts), (a) => a.account_type, balanceFils));
  assert.deepEqual(await tableRows(page, 'channel'), group(mine(transactions), (t) => t.channel, completedFils));

  await page.getByTestId('filter-channel').selectOption(channel);
  await page.waitForURL(/[?&]channel=ONLINE/);
  await settled(page);
  const filtered = mine(transactions).filter((t) => t.channel === channel);
  await waitFigure(page, 'analytics-transactions', 'data-count', filtered.length);
  const expectMix = group(filtered, (t) => t.channel, completedFils);
  assert.deepEqual(await tableRows(page, 'channel'), expectMix);
  assert.deepEqual(await tableRows(page, 'category'), group(filtered, (t) => t.category, completedFils));
  // The channel selects transactions only: customers and deposits stay the segment's.
  assert.equal(Number(await page.getByTestId('analytics-customers').getAttribute('data-count')), premierCustomers.length);
  // The segment's row carries the filtered transactions too.
  const segRow = page.locator(`[data-testid="bank-table"][data-table="segment"] tbody tr[data-key="${segment}"]`);
  assert.equal(Number(await segRow.getAttribute('data-txn-count')), filtered.length);
  assert.equal(Number(await segRow.getAttribute('data-txn-value-fils')), filtered.reduce((s, t) => s + completedFils(t), 0));

  const url = new URL(page.url());
  assert.equal(url.searchParams.get('segment'), segment);
  assert.equal(url.searchParams.get('channel'), channel);
  await page.reload();
  await page.getByTestId('analytics-home').waitFor();
  await waitFigure(page, 'analytics-transactions', 'data-count', filtered.length);
  assert.deepEqual(await tableRows(page, 'channel'), expectMix);
  assert.equal(await page.getByTestId('filter-segment').inputValue(), segment);
  assert.equal(await page.getByTestId('filter-channel').inputValue(), channel);

  // Reset clears the URL and brings the whole bank back.
  await page.getByTestId('filter-reset').click();
  await page.waitForURL((u) => new URL(u).search === '');
  await settled(page);
  await waitFigure(page, 'analytics-transactions', 'data-count', transactions.length);
  assert.equal(Number(await page.getByTestId('analytics-customers').getAttribute('data-count')), customers.length);
  await page.context().close();
});

test('figures are computed after the page paints: busy while computing, the old figures kept meanwhile', async () => {
  const page = await open();
  const all = await headline(page);
  // Every aria-busy value the page shows and what the customer count read at that moment.
  await page.evaluate(() => {
    const home = document.querySelector('[data-testid="analytics-home"]');
    window.__busy = [];
    new MutationObserver(() => window.__busy.push([home.getAttribute('aria-busy'),
      document.querySelector('[data-testid="analytics-customers"]')?.dataset.count]))
      .observe(home, { attributes: true, attributeFilter: ['aria-busy'] });
  });
  await page.getByTestId('filter-segment').selectOption('PREMIER');
  await page.waitForURL(/[?&]segment=PREMIER/);
  await settled(page);
  const seen = await page.evaluate(() => window.__busy);
  const premier = bySegment('PREMIER')(customers).length;
  assert.ok(premier < all.customers);
  // Busy first, still showing the whole bank's figures; then done, with the segment's.
  assert.deepEqual(seen[0], ['true', String(all.customers)], JSON.stringify(seen));
  assert.deepEqual(seen.at(-1), ['false', String(premier)], JSON.stringify(seen));
  await page.context().close();
});

test('a date range selects Kuwait days for the totals, the mixes and the chart', async () => {
  const page = await open();
  const from = '2026-10-01';
  const to = '2026-10-31';
  await page.getByTestId('filter-from').fill(from);
  await page.waitForURL(/[?&]from=2026-10-01/);
  await settled(page);
  await page.getByTestId('filter-to').fill(to);
  await page.waitForURL(/[?&]to=2026-10-31/);
  await settled(page);
  const inRange = transactions.filter((t) => kuwaitDate(t.created_at) >= from && kuwaitDate(t.created_at) <= to);
  await waitFigure(page, 'analytics-transactions', 'data-count', inRange.length);
  assert.deepEqual(await tableRows(page, 'channel'), group(inRange, (t) => t.channel, completedFils));
  const chart = page.getByTestId('daily-chart');
  assert.equal(await chart.getAttribute('data-first'), from);
  assert.equal(await chart.getAttribute('data-last'), to);
  assert.equal(await chart.getAttribute('data-points'), '31');
  // Customer figures do not depend on dates.
  assert.equal(Number(await page.getByTestId('analytics-customers').getAttribute('data-count')), customers.length);
  await page.context().close();
});

test('each table downloads as CSV: the header and one line per row', async () => {
  const page = await open('/analytics?segment=RETAIL');
  const retail = bySegment('RETAIL')(transactions);
  await waitFigure(page, 'analytics-transactions', 'data-count', retail.length);
  const expected = group(retail, (t) => t.channel, completedFils);
  const download = async (table) => {
    const [file] = await Promise.all([
      page.waitForEvent('download'),
      page.locator(`[data-testid="export-csv"][data-table="${table}"]`).click(),
    ]);
    assert.equal(file.suggestedFilename(), `bankdash-${table}.csv`);
    const chunks = await (await file.createReadStream()).toArray();
    return Buffer.concat(chunks).toString('utf8');
  };
  const csv = await download('channel');
  assert.ok(csv.endsWith('\r\n'), 'CRLF line ends');
  const lines = csv.trimEnd().split('\r\n');
  assert.equal(lines[0], 'channel,transactions,completed_value');
  assert.equal(lines.length - 1, Object.keys(expected).length);
  for (const line of lines.slice(1)) {
    const [channel, count, value] = line.split(',');
    assert.equal(Number(count), expected[channel].count, channel);
    assert.equal(toFils(Number(value)), expected[channel].fils, channel);
    assert.match(value, /^\d+\.\d{3}$/);
  }
  const segments = (await download('segment')).trimEnd().split('\r\n');
  assert.equal(segments[0], 'segment,customers,balance,transactions,completed_value');
  assert.deepEqual(segments.slice(1).map((l) => l.split(',')[0]), ['RETAIL']);
  const daily = (await download('daily')).trimEnd().split('\r\n');
  assert.equal(daily[0], 'date,transactions,completed_value');
  assert.equal(daily.length - 1, 90);
  await page.context().close();
});

test('a bad filter in the URL is named and ignored', async () => {
  const page = await open('/analytics?segment=GOLD&channel=ATM');
  await page.getByTestId('query-problems').waitFor();
  assert.match(await page.getByTestId('query-problems').textContent(), /segment=GOLD/);
  const atm = transactions.filter((t) => t.channel === 'ATM');
  await waitFigure(page, 'analytics-transactions', 'data-count', atm.length);
  assert.equal(Number(await page.getByTestId('analytics-customers').getAttribute('data-count')), customers.length);
  await page.context().close();
});
