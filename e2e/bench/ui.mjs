// UI benchmark (prints figures; asserts nothing): a customer with N transactions, built by
// replicating the `sms` persona's ledger with fresh ids, served through request
// interception. Measures the timeline (virtualised) and the ledger (paged) with N rows.
//   node bench/ui.mjs [N=20000]
import { launch, readData } from '../lib/harness.mjs';

const N = Number(process.argv[2] ?? 20000);
const personas = readData('personas');
const sms = personas.find((p) => p.key === 'sms').customer_id;
const all = readData('transactions');
const mine = all.filter((t) => t.customer_id === sms);
const extra = [];
for (let i = 0; extra.length + mine.length < N; i++) {
  const t = mine[i % mine.length];
  const shifted = new Date(Date.parse(t.created_at) - (Math.floor(i / mine.length) + 1) * 86400000 * 7);
  const kw = new Date(shifted.getTime() + 3 * 3600000).toISOString().slice(0, 19) + '+03:00';
  extra.push({ ...t, transaction_id: `bench-${i}`, status: t.status === 'COMPLETED' ? 'REVERSED' : t.status, created_at: kw });
}
const body = JSON.stringify([...all, ...extra]);

const app = await launch();
const page = await app.page({ as: 'sms' });
await page.route('**/data/transactions.json', (r) => r.fulfill({ status: 200, contentType: 'application/json', body }));
const ms = (t0) => `${(performance.now() - t0).toFixed(0)} ms`;

let t0 = performance.now();
await page.goto(`${app.url}/customers/${sms}/timeline`);
await page.getByTestId('timeline-item').first().waitFor({ timeout: 60000 });
console.log(`customer transactions: ${mine.length + extra.length}`);
console.log(`timeline: load + first render: ${ms(t0)}`);
const events = await page.getByTestId('timeline-count').textContent();
console.log(`timeline: ${events}; rows in the DOM: ${await page.locator('.tl-row').count()}`);
t0 = performance.now();
const frames = await page.getByTestId('timeline-viewport').evaluate(async (el) => {
  const times = [];
  for (let i = 1; i <= 60; i++) {
    const start = performance.now();
    el.scrollTop = (el.scrollHeight * i) / 60;
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { median: times[30], p95: times[57], max: times[59] };
});
console.log(`timeline: 60 scroll jumps to the end in ${ms(t0)}; per jump median ${frames.median.toFixed(1)} ms, p95 ${frames.p95.toFixed(1)} ms, max ${frames.max.toFixed(1)} ms`);
console.log(`timeline: rows in the DOM after scrolling: ${await page.locator('.tl-row').count()}`);

t0 = performance.now();
await page.goto(`${app.url}/customers/${sms}/transactions`);
await page.getByTestId('ledger-row').first().waitFor({ timeout: 60000 });
console.log(`ledger: load + first page: ${ms(t0)}; count ${await page.getByTestId('ledger-count').getAttribute('data-count')}`);
t0 = performance.now();
await page.getByTestId('filter-direction').selectOption('CREDIT');
await page.waitForFunction(() => document.querySelector('[data-testid="ledger-count"]')?.dataset.count !== undefined && location.search.includes('CREDIT'));
await page.waitForFunction(() => !document.querySelector('[data-testid="ledger-row"][data-direction="DEBIT"]'));
console.log(`ledger: filter to CREDIT re-rendered in ${ms(t0)}; count ${await page.getByTestId('ledger-count').getAttribute('data-count')}`);
t0 = performance.now();
await page.getByTestId('sort-field').selectOption('amount');
await page.waitForURL(/sort=amount/);
await page.getByTestId('ledger-row').first().waitFor();
console.log(`ledger: sort by amount in ${ms(t0)}; rows in the DOM: ${await page.getByTestId('ledger-row').count()}`);
await app.close();
