// Security: the Content-Security-Policy (no inline scripts; wasm allowed) holds on every
// page with no violation, strings from the data are shown as text and never run, and no
// secret (password hash, PIN, TOTP secret) reaches the page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, readData, persona } from '../lib/harness.mjs';
import { allPages } from '../lib/pages.mjs';

let app;
before(async () => { app = await launch(); });
after(async () => { await app.close(); });

/** Records CSP violations on the page (reported as DOM events). */
async function watchViolations(page) {
  const seen = [];
  await page.exposeFunction('__cspViolation', (v) => seen.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolation(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  return seen;
}

test('every page runs under the CSP with no violation and no inline script', async () => {
  const violations = [];
  for (const p of allPages()) {
    const page = await app.page({ as: p.as });
    const seen = await watchViolations(page);
    await page.goto(`${app.url}${p.path}`);
    await page.getByTestId(p.ready).first().waitFor();
    const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'(;|$)/);
    // (Leptos leaves an empty script element as a marker: no code, nothing to run.)
    const inline = await page.evaluate(() => [...document.scripts].filter((s) => !s.src && s.textContent.trim()).length);
    assert.equal(inline, 0, `${p.name}: inline scripts`);
    violations.push(...seen.map((v) => `${p.name}: ${v}`));
    await page.context().close();
  }
  assert.deepEqual(violations, []);
});

test('HTML and script payloads in the data are shown literally and never run', async () => {
  const p = persona('sms');
  const payload = (tag) => `<img src=x onerror="window.__xss='${tag}'"><script>window.__xss='${tag}'</script>`;
  const customers = readData('customers').map((c) => (c.customer_id === p.customer_id
    ? { ...c, first_name_en: `Yousef${payload('name')}`, address: { ...c.address, street: `St ${payload('street')}` } } : c));
  const transactions = readData('transactions').map((t) => (t.customer_id === p.customer_id
    ? { ...t, merchant_name: `Shop ${payload('merchant')}`, description: `Desc ${payload('desc')}` } : t));
  const notifications = readData('notifications').map((n) => (n.customer_id === p.customer_id
    ? { ...n, title: `Note ${payload('title')}` } : n));
  const page = await app.page({ as: 'sms' });
  const seen = await watchViolations(page);
  const serve = (name, body) => page.route(`**/data/${name}.json`, (r) => r.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(body) }));
  await serve('customers', customers);
  await serve('transactions', transactions);
  await serve('notifications', notifications);
  const base = `${app.url}/customers/${p.customer_id}`;
  for (const [path, ready] of [[base, 'total-balance'], [`${base}/transactions`, 'ledger-row'], [`${base}/timeline`, 'timeline-item'],
    [`${base}/notifications`, 'notification-item'], [`${base}/profile`, 'profile-form']]) {
    await page.goto(`${app.url}${path.slice(app.url.length)}`);
    await page.getByTestId(ready).first().waitFor();
    await page.waitForTimeout(100);
    assert.equal(await page.evaluate(() => window.__xss), undefined, `${path}: a payload ran`);
    assert.equal(await page.locator('main img[src="x"], main script').count(), 0, `${path}: a payload became markup`);
  }
  await page.goto(`${base}/transactions`);
  await page.getByTestId('ledger-row').first().waitFor();
  assert.ok((await page.locator('main').textContent()).includes('<img src=x onerror='), 'shown literally');
  assert.deepEqual(seen, [], 'no CSP violation either');
  await page.context().close();
});

test('no secret is ever shown', async () => {
  const secrets = [];
  for (const c of readData('credentials')) secrets.push(c.password_hash, c.pin_hash);
  for (const m of readData('mfa_settings')) if (m.totp_secret) secrets.push(m.totp_secret);
  for (const page of allPages().filter((x) => x.as)) {
    const tab = await app.page({ as: page.as });
    await tab.goto(`${app.url}${page.path}`);
    await tab.getByTestId(page.ready).first().waitFor();
    const html = await tab.content();
    // PINs are 4 digits and could match any figure; their hashes are what the data holds.
    assert.deepEqual(secrets.filter((s) => s && html.includes(s)), [], `${page.name} shows a hash or secret`);
    await tab.context().close();
  }
});
