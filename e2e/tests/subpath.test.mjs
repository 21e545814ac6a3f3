// Static hosting under a sub-path: a build made with `--public-url /bankdash/`, served the
// way GitHub Pages serves a project site (unknown paths get 404.html), loads its data
// relative to the public URL, and deep links and reloads work on any route.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch, persona, readData, toFils } from '../lib/harness.mjs';

const root = process.env.BANKDASH_SUBPATH_DIST
  ?? join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'target', 'dist-subpath');

let app;
before(async () => {
  assert.ok(existsSync(join(root, 'index.html')), `build it first: trunk build --public-url /bankdash/ --dist ${root}`);
  app = await launch({ root, prefix: '/bankdash/' });
});
after(async () => { await app?.close(); });

test('under /bankdash/: data loads from the sub-path, deep links and reloads work', async () => {
  const p = persona('sms');
  const page = await app.page({ as: 'sms' });
  const dataRequests = [];
  page.on('request', (r) => { if (r.url().includes('/data/')) dataRequests.push(new URL(r.url()).pathname); });
  const deep = `${app.url}/customers/${p.customer_id}/security`;
  assert.match(deep, /\/bankdash\/customers\//);
  const response = await page.goto(deep);
  assert.equal(response.status(), 404, 'served as GitHub Pages would: 404.html');
  await page.getByTestId('session-row').first().waitFor();
  assert.ok(dataRequests.length > 0 && dataRequests.every((d) => d.startsWith('/bankdash/data/')), dataRequests.join(' '));
  await page.reload();
  await page.getByTestId('session-row').first().waitFor();
  // In-app links keep the sub-path.
  await page.locator('nav.sidebar a[href$="/transactions"]').first().click();
  await page.waitForURL(`**/bankdash/customers/${p.customer_id}/transactions`);
  await page.getByTestId('ledger-row').first().waitFor();
  await page.goto(`${app.url}/customers/${p.customer_id}`);
  const total = page.getByTestId('total-balance');
  await total.waitFor();
  const expected = readData('accounts').filter((a) => a.customer_id === p.customer_id).reduce((s, a) => s + toFils(a.balance), 0);
  assert.equal(Number(await total.getAttribute('data-amount-fils')), expected);
  await page.context().close();
});
