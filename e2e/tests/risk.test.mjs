// Risk alerts: the analyst sees exactly the alerts the domain crate raises (counted by
// `datagen risk`, the oracle), per rule and severity; a status change survives a reload;
// an alert's page shows the records it is about; customers never reach these pages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { launch, readData, toFils, DIST } from '../lib/harness.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const RULES = ['R1', 'R2', 'R3', 'R4', 'R5'];

let app;
let oracle;
before(async () => {
  // The domain's own count of the served data, at the default thresholds.
  const out = execFileSync('cargo', ['run', '--release', '--quiet', '--bin', 'datagen', '--', 'risk', join(DIST, 'data'), '--json'],
    { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  oracle = JSON.parse(out);
  app = await launch();
});
after(async () => { await app.close(); });

const transactions = readData('transactions');

async function openAlerts(page, query = '') {
  await page.goto(`${app.url}/analytics/alerts${query}`);
  await page.getByTestId('alert-total').waitFor();
}

const count = async (locator) => Number(await locator.getAttribute('data-count'));

test('the analyst sees the alert counts the domain crate computes', async () => {
  console.log(`alerts in the served data: ${JSON.stringify(oracle)}`);
  const page = await app.page({ as: 'analyst' });
  await openAlerts(page);
  assert.equal(await count(page.getByTestId('alert-total')), oracle.total, 'total');
  for (const rule of RULES) {
    const n = await count(page.locator(`[data-testid="alert-count"][data-rule="${rule}"]`));
    assert.equal(n, oracle.by_rule[rule], `rule ${rule}`);
  }
  for (const [severity, expected] of Object.entries(oracle.by_severity)) {
    const cell = page.locator(`[data-testid="alert-severity-count"][data-severity="${severity}"]`);
    if (await cell.count()) assert.equal(await count(cell), expected, `severity ${severity}`);
    else assert.equal(expected, 0, `severity ${severity} is listed`);
  }
  // The analytics home's card, unfiltered, shows the same counts.
  await page.goto(`${app.url}/analytics`);
  await page.getByTestId('bank-alert-total').waitFor();
  assert.equal(await count(page.getByTestId('bank-alert-total')), oracle.total, 'analytics home total');
  for (const rule of RULES) {
    assert.equal(await count(page.locator(`[data-testid="bank-alert-rule"][data-rule="${rule}"]`)), oracle.by_rule[rule], `home ${rule}`);
  }
  await openAlerts(page);
  // The list: every alert (100 a page), each naming its rule and entity.
  assert.equal(await count(page.getByTestId('alerts-shown')), oracle.total);
  const rows = page.getByTestId('risk-alert');
  assert.equal(await rows.count(), Math.min(100, oracle.total));
  for (const row of (await rows.all()).slice(0, 20)) {
    assert.ok(RULES.includes(await row.getAttribute('data-rule')));
    assert.ok(await row.getAttribute('data-entity-id'));
    assert.equal(await row.getAttribute('data-status'), 'new');
  }
  if (oracle.total > 100) {
    await page.getByTestId('page-next').click();
    await page.waitForURL((u) => u.searchParams.get('page') === '2');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="risk-alert"]').length > 0);
    assert.equal(await rows.count(), Math.min(100, oracle.total - 100));
  }
  // A rule filter in the URL lists exactly that rule's alerts (first page).
  for (const rule of RULES.filter((r) => oracle.by_rule[r] > 0)) {
    await openAlerts(page, `?rule=${rule}`);
    assert.equal(await count(page.getByTestId('alerts-shown')), oracle.by_rule[rule], `?rule=${rule}`);
    const shown = await rows.evaluateAll((els) => els.map((e) => e.dataset.rule));
    assert.ok(shown.length > 0 && shown.every((r) => r === rule), `only ${rule}`);
  }
  await page.context().close();
});

test('acknowledging and resolving an alert survives a reload', { skip: false }, async (t) => {
  if (oracle.total === 0) { t.skip('no alerts in this data'); return; }
  const page = await app.page({ as: 'analyst' });
  await openAlerts(page);
  const first = page.getByTestId('risk-alert').first();
  const id = await first.getAttribute('data-alert-id');
  const row = page.locator(`[data-testid="risk-alert"][data-alert-id="${id}"]`);
  await row.getByTestId('alert-ack').click();
  await page.locator(`[data-testid="risk-alert"][data-alert-id="${id}"][data-status="acknowledged"]`).waitFor();
  await page.reload();
  await page.locator(`[data-testid="risk-alert"][data-alert-id="${id}"][data-status="acknowledged"]`).waitFor();
  assert.equal(await count(page.locator('[data-testid="alert-status-count"][data-status="acknowledged"]')), 1);
  // The status filter finds it.
  await openAlerts(page, '?status=acknowledged');
  assert.deepEqual(await page.getByTestId('risk-alert').evaluateAll((els) => els.map((e) => e.dataset.alertId)), [id]);
  // Resolved on its own page, still resolved after a reload; the counts are unchanged.
  await page.goto(`${app.url}/analytics/alerts/${id}`);
  await page.getByTestId('alert-detail').waitFor();
  await page.getByTestId('alert-resolve').click();
  await page.locator('[data-testid="alert-detail"][data-status="resolved"]').waitFor();
  await page.reload();
  await page.locator('[data-testid="alert-detail"][data-status="resolved"]').waitFor();
  await openAlerts(page);
  await page.locator(`[data-testid="risk-alert"][data-alert-id="${id}"][data-status="resolved"]`).waitFor();
  assert.equal(await count(page.getByTestId('alert-total')), oracle.total);
  const saved = await page.evaluate(() => JSON.parse(localStorage.getItem('bankdash.alerts.v1')));
  assert.deepEqual(saved, { [id]: 'resolved' });
  await page.context().close();
});

test("a transaction alert's page names that transaction", async (t) => {
  const rule = ['R1', 'R2'].find((r) => oracle.by_rule[r] > 0);
  if (!rule) { t.skip('no transaction alerts in this data'); return; }
  const page = await app.page({ as: 'analyst' });
  await openAlerts(page, `?rule=${rule}`);
  const row = page.getByTestId('risk-alert').first();
  const txnId = await row.getAttribute('data-entity-id');
  const alertId = await row.getAttribute('data-alert-id');
  assert.equal(alertId, `${rule}:${txnId}`);
  await row.getByTestId('alert-open').click();
  await page.waitForURL(`**/analytics/alerts/${alertId}`);
  const detail = page.getByTestId('alert-detail');
  await detail.waitFor();
  assert.equal(await detail.getAttribute('data-rule'), rule);
  assert.equal(await detail.getAttribute('data-entity-id'), txnId);
  const txn = transactions.find((x) => x.transaction_id === txnId);
  assert.ok(txn, 'the alert names a transaction in the data');
  const shown = page.locator(`[data-testid="alert-transaction"][data-transaction-id="${txnId}"]`);
  await shown.waitFor();
  assert.equal(Number(await shown.getAttribute('data-amount-fils')), toFils(txn.amount));
  assert.ok((await shown.textContent()).includes(txn.reference), 'shows its reference');
  if (rule === 'R1') assert.ok(toFils(txn.amount) >= 1_000_000 && txn.direction === 'DEBIT');
  await page.context().close();
});

test('an unknown alert id shows "not found"; customers reach no alert page', async () => {
  const analyst = await app.page({ as: 'analyst' });
  await analyst.goto(`${app.url}/analytics/alerts/R1:no-such-transaction`);
  await analyst.getByTestId('not-yours').waitFor();
  await analyst.context().close();
  const page = await app.page({ as: 'sms' });
  for (const path of ['/analytics/alerts', '/analytics/alerts/R1:anything']) {
    await page.goto(`${app.url}${path}`);
    await page.getByTestId('not-yours').waitFor();
    assert.equal(await page.getByTestId('risk-alert').count(), 0, path);
    assert.equal(await page.getByTestId('alert-total').count(), 0, path);
  }
  await page.context().close();
});
