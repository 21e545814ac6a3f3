// Live mode (analytics home): the simulation clock runs the generator's own transaction
// code in the browser. Started at the highest speed it adds transactions that the page's
// figures count at once; paused, the clock stops; the simulated data stays valid (data
// quality, validated as of the clock's date) and the alerts page still renders. The
// simulated data lives in memory, so the test moves between pages through the app's own
// links, never by reloading.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, readData } from '../lib/harness.mjs';

let app;
before(async () => { app = await launch(); });
after(async () => { await app.close(); });

const count = async (page, testid) => Number(await page.getByTestId(testid).getAttribute('data-count'));
const clock = (page) => page.getByTestId('live-clock').getAttribute('data-now');

test('live mode adds transactions the figures count, pauses, and keeps the data valid', async () => {
  const page = await app.page({ as: 'analyst' });
  await page.goto(`${app.url}/analytics`);
  await page.getByTestId('analytics-transactions').waitFor({ timeout: 20_000 });
  const toggle = page.getByTestId('live-toggle');
  await toggle.waitFor();

  // Before: paused, nothing simulated, the clock at the end of the dataset's as_of (Kuwait).
  const asOf = readData('meta').as_of;
  const base = await count(page, 'analytics-transactions');
  assert.equal(base, readData('transactions').length);
  assert.equal(await toggle.getAttribute('aria-pressed'), 'false');
  assert.equal(await count(page, 'live-count'), 0);
  const start = await clock(page);
  assert.equal(Date.parse(start), Date.parse(`${asOf}T23:59:59+03:00`), start);

  // The highest speed, then start.
  const speeds = await page.getByTestId('live-speed').locator('option').evaluateAll((os) => os.map((o) => Number(o.value)));
  assert.ok(speeds.length >= 3, `speeds ${speeds}`);
  await page.getByTestId('live-speed').selectOption(String(Math.max(...speeds)));
  await toggle.click();
  assert.equal(await toggle.getAttribute('aria-pressed'), 'true');

  // Simulated transactions appear, and the page's transaction count grows by as many.
  await page.waitForFunction(() => {
    const n = Number(document.querySelector('[data-testid="live-count"]')?.dataset.count ?? 0);
    return n >= 20;
  }, null, { timeout: 30_000 });
  await toggle.click();
  assert.equal(await toggle.getAttribute('aria-pressed'), 'false');
  const simulated = await count(page, 'live-count');
  await page.waitForFunction((expected) =>
    Number(document.querySelector('[data-testid="analytics-transactions"]')?.dataset.count) === expected,
  base + simulated, { timeout: 10_000 });
  assert.equal(await count(page, 'analytics-transactions'), base + simulated);

  // Paused: the clock has moved on from as_of and stays where it is.
  const paused = await clock(page);
  assert.ok(Date.parse(paused) > Date.parse(start), `${paused} after ${start}`);
  await page.waitForTimeout(1_500);
  assert.equal(await clock(page), paused);
  assert.equal(await count(page, 'live-count'), simulated);

  // Data quality, through the app's link (a reload would drop the simulated data).
  await page.locator('a[href$="/analytics/quality"]').first().click();
  const summary = page.getByTestId('dq-summary');
  await summary.waitFor({ timeout: 20_000 });
  assert.equal(await summary.getAttribute('data-failed'), '0',
    `failing checks: ${await page.locator('[data-testid="dq-check"][data-status="fail"]').evaluateAll((els) => els.map((e) => e.dataset.rule))}`);
  assert.ok(Number(await summary.getAttribute('data-records')) > readData('meta').counts.transactions + simulated);

  // Risk alerts still render over the simulated data.
  await page.locator('a[href$="/analytics/alerts"]').first().click();
  await page.getByTestId('alerts-page').waitFor({ timeout: 20_000 });
  assert.ok(await count(page, 'alerts-shown') > 0);

  // Back on the analytics home, the simulated transactions are still counted.
  await page.locator('a[href$="/analytics"]').first().click();
  await page.getByTestId('analytics-transactions').waitFor({ timeout: 20_000 });
  assert.equal(await count(page, 'analytics-transactions'), base + simulated);
  await page.context().close();
});
