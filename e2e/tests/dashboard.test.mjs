// The customer dashboard: figures the test computes itself from the bundled JSON.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, readData, toFils, kuwaitDate } from '../lib/harness.mjs';

let app;
before(async () => { app = await launch(); });
after(async () => { await app.close(); });

const meta = readData('meta');
const personas = readData('personas');
const transactions = readData('transactions');
const goals = readData('savings_goals');
const sms = personas.find((p) => p.key === 'sms').customer_id;

const ym = (y, m) => `${y}-${String(m).padStart(2, '0')}`;
function monthsEnding(asOf, n) {
  let [y, m] = asOf.split('-').map(Number);
  const out = [];
  for (let i = 0; i < n; i++) { out.unshift(ym(y, m)); m -= 1; if (m === 0) { m = 12; y -= 1; } }
  return out;
}
function addMonths(month, n) {
  let [y, m] = month.split('-').map(Number);
  const idx = y * 12 + (m - 1) + n;
  return ym(Math.floor(idx / 12), (idx % 12) + 1);
}

test('overview: 12 monthly spending points equal the completed debits per Kuwait month', async () => {
  const page = await app.page({ as: 'sms' });
  await page.goto(`${app.url}/customers/${sms}`);
  const points = page.getByTestId('spending-month');
  await points.first().waitFor();
  const shown = await points.evaluateAll((els) => els.map((e) => [e.dataset.month, Number(e.dataset.amountFils)]));
  const months = monthsEnding(meta.as_of, 12);
  const expected = months.map((month) => [month, transactions
    .filter((t) => t.customer_id === sms && t.status === 'COMPLETED' && t.direction === 'DEBIT' && t.savings_goal_id === null
      && kuwaitDate(t.created_at).slice(0, 7) === month)
    .reduce((s, t) => s + toFils(t.amount), 0)]);
  assert.deepEqual(shown, expected);
  assert.ok(expected.some(([, f]) => f > 0), 'the persona spends');
  // The chart is described for assistive technology and has a table alternative.
  assert.equal(await page.locator('svg[role="img"] title').first().textContent(), 'Monthly spending, last 12 months');
  assert.equal(await page.getByTestId('spending-table').locator('tbody tr').count(), 12);
  await page.context().close();
});

function vaultExpectations(goal) {
  const end = meta.as_of;
  const startMs = Date.parse(`${end}T00:00:00Z`) - 89 * 86400000;
  const start = new Date(startMs).toISOString().slice(0, 10);
  const credits = transactions
    .filter((t) => t.savings_goal_id === goal.goal_id && t.status === 'COMPLETED' && t.direction === 'CREDIT')
    .filter((t) => { const d = kuwaitDate(t.created_at); return d >= start && d <= end; })
    .reduce((s, t) => s + toFils(t.amount), 0);
  const rate = Math.floor((credits + 1) / 3); // x/3 rounded half up, in fils
  const current = toFils(goal.current_amount);
  const target = toFils(goal.target_amount);
  const percent = Math.min(100, Math.floor((current * 100) / target));
  if (current >= target) return { percent, state: 'reached' };
  if (rate <= 0) return { percent, state: 'no-contributions' };
  return { percent, month: addMonths(end.slice(0, 7), Math.ceil((target - current) / rate)) };
}

test('vaults: progress and time-to-goal follow the 90-day contribution rate; what-if updates at once', async () => {
  const page = await app.page({ as: 'sms' });
  await page.goto(`${app.url}/customers/${sms}/vaults`);
  const cards = page.getByTestId('vault-card');
  await cards.first().waitFor();
  const mine = goals.filter((g) => g.customer_id === sms);
  assert.equal(await cards.count(), mine.length);
  const states = new Set();
  for (const goal of mine) {
    const card = page.locator(`[data-testid="vault-card"][data-goal-id="${goal.goal_id}"]`);
    const exp = vaultExpectations(goal);
    assert.equal(await card.getByRole('progressbar').getAttribute('aria-valuenow'), String(exp.percent), goal.name_en);
    const eta = card.getByTestId('vault-eta');
    if (exp.state) {
      assert.equal(await eta.getAttribute('data-eta-state'), exp.state, goal.name_en);
    } else {
      assert.equal(await eta.getAttribute('data-eta-month'), exp.month, goal.name_en);
    }
    states.add(exp.state ?? 'month');
  }
  assert.ok(states.size >= 2, `the persona shows more than one ETA state: ${[...states]}`);
  // What-if: saving X a month gives ceil(remaining / X) months.
  const goal = mine.find((g) => toFils(g.current_amount) < toFils(g.target_amount));
  const card = page.locator(`[data-testid="vault-card"][data-goal-id="${goal.goal_id}"]`);
  await card.getByTestId('vault-what-if').fill('250');
  const months = Math.ceil((toFils(goal.target_amount) - toFils(goal.current_amount)) / 250000);
  assert.equal(await card.getByTestId('vault-what-if-eta').getAttribute('data-eta-month'), addMonths(meta.as_of.slice(0, 7), months));
  await card.getByTestId('vault-what-if').fill('12.3456');
  assert.match(await card.getByTestId('vault-what-if-error').textContent(), /more than 3 decimal places/);
  await page.context().close();
});

test('ledger: filters live in the URL, survive a reload, and the CSV holds the filtered rows', async () => {
  const page = await app.page({ as: 'sms' });
  await page.goto(`${app.url}/customers/${sms}/transactions`);
  await page.getByTestId('ledger-row').first().waitFor();
  const mine = transactions.filter((t) => t.customer_id === sms);
  assert.equal(await page.getByTestId('ledger-count').getAttribute('data-count'), String(mine.length));
  await page.getByTestId('filter-direction').selectOption('DEBIT');
  await page.waitForURL(/direction=DEBIT/);
  await page.getByTestId('filter-status').selectOption('COMPLETED');
  await page.waitForURL(/status=COMPLETED/);
  const expected = mine.filter((t) => t.direction === 'DEBIT' && t.status === 'COMPLETED');
  const count = page.getByTestId('ledger-count');
  await page.waitForFunction((n) => document.querySelector('[data-testid="ledger-count"]')?.dataset.count === n, String(expected.length));
  await page.reload();
  await count.waitFor();
  assert.equal(await count.getAttribute('data-count'), String(expected.length));
  // Sorted by date, newest first, 50 per page.
  const firstIds = await page.getByTestId('ledger-row').evaluateAll((els) => els.map((e) => e.dataset.transactionId));
  const sorted = [...expected].sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at) || a.transaction_id.localeCompare(b.transaction_id));
  assert.deepEqual(firstIds, sorted.slice(0, 50).map((t) => t.transaction_id));
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
  const csv = await (await download.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString('utf8'));
  const lines = csv.trimEnd().split('\r\n');
  assert.equal(lines[0].split(',')[0], 'created_at');
  assert.equal(lines.length - 1, expected.length);
  await page.context().close();
});

test('ledger: search and a bad URL value are handled and named', async () => {
  const page = await app.page({ as: 'sms' });
  await page.goto(`${app.url}/customers/${sms}/transactions?q=sultan&from=2026-13-01`);
  await page.getByTestId('query-problems').waitFor();
  assert.match(await page.getByTestId('query-problems').textContent(), /from=2026-13-01/);
  const expected = transactions.filter((t) => t.customer_id === sms
    && [t.merchant_name, t.description, t.reference].some((f) => f.toLowerCase().includes('sultan')));
  assert.equal(await page.getByTestId('ledger-count').getAttribute('data-count'), String(expected.length));
  await page.context().close();
});

test('timeline renders only what is on screen and reaches the oldest event by scrolling', async () => {
  const page = await app.page({ as: 'sms' });
  await page.goto(`${app.url}/customers/${sms}/timeline`);
  await page.getByTestId('timeline-item').first().waitFor();
  const total = transactions.filter((t) => t.customer_id === sms).length;
  const rendered = await page.getByTestId('timeline-item').count();
  assert.ok(rendered < 40 && total > 200, `rendered ${rendered} of more than ${total}`);
  const oldest = transactions.filter((t) => t.customer_id === sms).sort((a, b) => Date.parse(a.created_at) - Date.parse(b.created_at))[0];
  await page.getByTestId('timeline-viewport').evaluate((el) => { el.scrollTop = el.scrollHeight; });
  await page.locator(`[data-testid="timeline-item"][data-id="${oldest.transaction_id}"]`).waitFor();
  // Filter by kind.
  await page.locator('[data-testid="timeline-kind"][value="audit"]').check();
  await page.waitForURL(/kinds=audit/);
  const kinds = await page.getByTestId('timeline-item').evaluateAll((els) => [...new Set(els.map((e) => e.dataset.kind))]);
  assert.deepEqual(kinds, ['audit']);
  await page.context().close();
});
