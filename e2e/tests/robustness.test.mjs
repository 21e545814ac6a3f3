// The app survives each data file being missing, empty, malformed, of the wrong shape or
// holding broken references: a message names the file (and the record), the rest of the
// app stays usable, and nothing panics.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, readData, persona, toFils } from '../lib/harness.mjs';

let app;
before(async () => { app = await launch(); });
after(async () => { await app.close(); });

const sms = persona('sms');
const accounts = readData('accounts');
const transactions = readData('transactions');

/** Opens the sms persona's overview with `file` served as `body` (status 200 unless
 *  given; a `null` body fails the download); returns the page and the console's panics. */
async function openWith(file, body, status = 200) {
  const page = await app.page({ as: 'sms' });
  const panics = [];
  page.on('console', (m) => { if (/panicked/.test(m.text())) panics.push(m.text()); });
  page.on('pageerror', (e) => panics.push(e.message));
  await page.route(`**/data/${file}`, (r) => (body === null
    ? r.abort('internetdisconnected')
    : r.fulfill({ status, contentType: 'application/json', body })));
  await page.goto(`${app.url}/customers/${sms.customer_id}`);
  await page.getByTestId('data-problems').waitFor();
  return { page, panics };
}

async function problemsFor(page, file) {
  return page.locator(`[data-testid="data-problem"][data-file="${file}"]`).allTextContents();
}

async function stillUsable(page, { total = true } = {}) {
  if (total) {
    const expected = accounts.filter((a) => a.customer_id === sms.customer_id).reduce((s, a) => s + toFils(a.balance), 0);
    assert.equal(Number(await page.getByTestId('total-balance').getAttribute('data-amount-fils')), expected);
  }
  await page.goto(`${app.url}/customers/${sms.customer_id}/security`);
  await page.getByTestId('session-row').first().waitFor();
}

const cases = [
  ['missing', 'transactions.json', 'gone', 404, /HTTP 404/],
  ['unreachable (the download fails)', 'audit_logs.json', null, 200, /could not be loaded: TypeError: Failed to fetch/],
  ['empty', 'notifications.json', '', 200, /not a valid JSON array/i],
  ['malformed', 'service_requests.json', '[{"request_id": ', 200, /not a valid JSON array/i],
  ['of the wrong shape (an object)', 'savings_goals.json', '{"goals": []}', 200, /not a valid JSON array/i],
];
for (const [what, file, body, status, message] of cases) {
  test(`${file} ${what}: named, and the rest of the app works`, async () => {
    const { page, panics } = await openWith(file, body, status);
    const shown = await problemsFor(page, file);
    assert.equal(shown.length, 1, shown.join(' | '));
    assert.match(shown[0], message);
    await page.getByTestId('total-balance').waitFor();
    await stillUsable(page);
    assert.deepEqual(panics, []);
    await page.context().close();
  });
}

test('records of the wrong shape are named by index and id; the good ones stay', async () => {
  const bad = transactions.map((t, i) => (i === 3 ? { ...t, amount: 'lots' } : i === 5 ? { ...t, amount: 10.0005 } : t));
  const { page, panics } = await openWith('transactions.json', JSON.stringify(bad));
  const shown = await problemsFor(page, 'transactions.json');
  assert.equal(shown.length, 2, shown.join(' | '));
  assert.ok(shown[0].includes(transactions[3].transaction_id) && shown[0].includes('lots'), shown[0]);
  assert.ok(shown[1].includes(transactions[5].transaction_id) && /more than 3 decimal places/.test(shown[1]), shown[1]);
  const mine = transactions.filter((t, i) => t.customer_id === sms.customer_id && i !== 3 && i !== 5);
  await page.goto(`${app.url}/customers/${sms.customer_id}/transactions`);
  await page.waitForFunction((n) => document.querySelector('[data-testid="ledger-count"]')?.dataset.count === String(n), mine.length);
  assert.deepEqual(panics, []);
  await page.context().close();
});

test('broken references are named with the record and the missing id', async () => {
  const mine = transactions.findIndex((t) => t.customer_id === sms.customer_id);
  const bad = transactions.map((t, i) => (i === mine ? { ...t, account_id: 'no-such-account' } : t));
  const { page, panics } = await openWith('transactions.json', JSON.stringify(bad));
  const shown = await problemsFor(page, 'transactions.json');
  assert.equal(shown.length, 1, shown.join(' | '));
  assert.ok(shown[0].includes(transactions[mine].transaction_id) && shown[0].includes('no-such-account') && shown[0].includes('accounts.json'), shown[0]);
  await stillUsable(page);
  await page.goto(`${app.url}/customers/${sms.customer_id}/transactions/${transactions[mine].transaction_id}`);
  await page.getByTestId('transaction-detail').waitFor();
  assert.deepEqual(panics, []);
  await page.context().close();
});
