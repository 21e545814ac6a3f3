// REST mode against a real json-server (0.17.4) started here on a free loopback port:
// the app asks only for the signed-in user's records, every change lands in the server,
// a stopped server means a visible offline state and a queue that is sent on restart,
// a refused change is rolled back, and a slow server shows progress.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, readData, signIn, persona } from '../lib/harness.mjs';
import { startApi } from '../lib/api.mjs';

let app;
let api;
before(async () => {
  app = await launch();
  api = await startApi();
});
after(async () => {
  await api.stop();
  await app.close();
});

const transactions = readData('transactions');

/** A page in REST mode (the ?api= parameter is kept for the tab), signed in as `key`. */
async function restPage(key, requests = []) {
  const page = await app.page();
  page.on('request', (r) => { if (r.url().startsWith(api.url)) requests.push(`${r.method()} ${r.url().slice(api.url.length)}`); });
  await page.goto(`${app.url}/login?api=${encodeURIComponent(api.url)}`);
  await page.getByTestId('login-submit').waitFor();
  assert.equal(await page.getByTestId('data-mode').getAttribute('data-mode'), 'rest');
  await signIn(page, app.url, key);
  return page;
}

async function synced(page) {
  await page.waitForFunction(() => document.querySelector('[data-testid="sync-status"]')?.dataset.state === 'saved', null, { timeout: 20_000 });
}

test('REST mode fetches only the signed-in customer\'s records', async () => {
  const p = persona('sms');
  const requests = [];
  const page = await restPage('sms', requests);
  const bundledFiles = [];
  page.on('request', (r) => { if (/\/data\/[a-z_]+\.json$/.test(r.url())) bundledFiles.push(r.url()); });
  await page.goto(`${app.url}/customers/${p.customer_id}/transactions`);
  const mine = transactions.filter((t) => t.customer_id === p.customer_id);
  await page.waitForFunction((n) => document.querySelector('[data-testid="ledger-count"]')?.dataset.count === String(n), mine.length);
  const gets = requests.filter((r) => r.startsWith('GET '));
  assert.ok(gets.length > 0);
  for (const r of gets) {
    const ok = r.includes(`customer_id=${p.customer_id}`) || r.includes(`user_id=${p.user_id}`)
      || /email_like=/.test(r) || /\/[a-z_]+\/[^/?]+$/.test(r);
    assert.ok(ok, `unfiltered request: ${r}`);
  }
  assert.ok(gets.some((r) => r.includes('_page=') && r.includes('_limit=')), 'paged with json-server\'s _page/_limit');
  // The bundled collection files are neither preloaded nor fetched (only meta and personas).
  assert.deepEqual(bundledFiles.map((u) => u.split('/').pop()).sort(), ['meta.json', 'personas.json']);
  await synced(page);
  // The sign-in itself reached the server: a new ACTIVE session and a LOGIN_SUCCESS audit.
  const current = await page.evaluate(() => JSON.parse(localStorage.getItem('bankdash.session.v2')).session_id);
  const [session] = await api.get(`/login_sessions?session_id=${current}`);
  assert.equal(session?.status, 'ACTIVE');
  const audits = await api.get(`/audit_logs?entity_id=${current}`);
  assert.ok(audits.some((a) => a.action === 'LOGIN_SUCCESS'));
  await page.context().close();
});

test('each change lands in the server: read mark, service request, profile, session', async () => {
  const p = persona('app');
  const page = await restPage('app');
  // Read mark.
  await page.goto(`${app.url}/customers/${p.customer_id}/notifications`);
  const first = page.getByTestId('notification-item').first();
  await first.waitFor();
  const nid = await first.getAttribute('data-id');
  const read = (await first.getAttribute('data-read')) === 'true';
  await first.getByTestId('toggle-read').click();
  await synced(page);
  assert.equal((await api.get(`/notifications/${nid}`)).read, !read);
  // Service request.
  await page.goto(`${app.url}/customers/${p.customer_id}/requests`);
  await page.getByTestId('new-request-form').waitFor();
  await page.getByTestId('request-type').selectOption('CHEQUE_BOOK');
  await page.getByTestId('request-description').fill('REST mode cheque book request.');
  await page.getByTestId('request-submit').click();
  await page.getByTestId('request-created').waitFor();
  await synced(page);
  const requests = await api.get(`/service_requests?customer_id=${p.customer_id}&description=REST%20mode%20cheque%20book%20request.`);
  assert.equal(requests.length, 1);
  assert.equal(requests[0].status, 'OPEN');
  // Profile.
  await page.goto(`${app.url}/customers/${p.customer_id}/profile`);
  await page.getByTestId('profile-form').waitFor();
  await page.getByTestId('profile-street').fill('REST Street 7');
  await page.getByTestId('profile-save').click();
  await page.getByTestId('profile-saved').waitFor();
  await synced(page);
  const [customer] = await api.get(`/customers?customer_id=${p.customer_id}`);
  assert.equal(customer.address.street, 'REST Street 7');
  const audits = await api.get(`/audit_logs?customer_id=${p.customer_id}&action=ADDRESS_UPDATED`);
  assert.equal(audits.length, 1);
  // Terminating another session.
  await page.goto(`${app.url}/customers/${p.customer_id}/security`);
  const other = page.locator('[data-testid="session-row"][data-status="ACTIVE"][data-current="false"]').first();
  await other.waitFor();
  const sid = await other.getAttribute('data-session-id');
  await other.getByTestId('terminate-session').click();
  await page.getByTestId('confirm-yes').click();
  await synced(page);
  assert.equal((await api.get(`/login_sessions/${sid}`)).status, 'TERMINATED');
  // A reload shows the server's data, with nothing applied twice.
  await page.reload();
  await page.locator(`[data-testid="session-row"][data-session-id="${sid}"][data-status="TERMINATED"]`).waitFor();
  assert.equal((await api.get(`/service_requests?description=REST%20mode%20cheque%20book%20request.`)).length, 1);
  await page.context().close();
});

test('more changes land: failed sign-in counter, device trust and revoke, dispute, sign-out', async () => {
  const p = persona('arabic');
  const disputes = readData('dispute_records');
  // A wrong password raises the counter on the server.
  const page = await app.page();
  await page.goto(`${app.url}/login?api=${encodeURIComponent(api.url)}`);
  await page.getByTestId('login-email').fill(p.email);
  await page.getByTestId('login-password').fill('Not-The-Password-1!');
  await page.getByTestId('login-submit').click();
  await page.getByTestId('login-error').waitFor({ timeout: 20_000 });
  await synced(page);
  const [user] = await api.get(`/auth_users?user_id=${p.user_id}`);
  assert.equal(user.failed_login_attempts, 1);
  assert.ok((await api.get(`/audit_logs?user_id=${p.user_id}&action=LOGIN_FAILED`)).length >= 1);
  await signIn(page, app.url, p.key);
  const session = await page.evaluate(() => JSON.parse(localStorage.getItem('bankdash.session.v2')).session_id);
  await synced(page);
  assert.equal((await api.get(`/auth_users/${p.user_id}`)).failed_login_attempts, 0, 'a sign-in resets it');
  // Device trust, then revoking another device.
  await page.goto(`${app.url}/customers/${p.customer_id}/security`);
  const trustRow = page.locator('[data-testid="device-row"]:has([data-testid="toggle-trust"])').first();
  await trustRow.waitFor();
  const trustId = await trustRow.getAttribute('data-device-id');
  const trusted = (await api.get(`/registered_devices/${trustId}`)).trusted;
  await trustRow.getByTestId('toggle-trust').click();
  await synced(page);
  assert.equal((await api.get(`/registered_devices/${trustId}`)).trusted, !trusted);
  const revokeRow = page.locator('[data-testid="device-row"]:has([data-testid="revoke-device"])').first();
  const revokeId = await revokeRow.getAttribute('data-device-id');
  await revokeRow.getByTestId('revoke-device').click();
  await page.getByTestId('confirm-yes').click();
  await synced(page);
  assert.equal((await api.get(`/registered_devices/${revokeId}`)).status, 'REVOKED');
  // A dispute on a failed payment.
  const disputed = new Set(disputes.map((d) => d.transaction_id));
  const txn = transactions.find((t) => t.customer_id === p.customer_id && t.status === 'FAILED' && !disputed.has(t.transaction_id));
  if (txn) {
    await page.goto(`${app.url}/customers/${p.customer_id}/transactions/${txn.transaction_id}`);
    await page.getByTestId('dispute-form').waitFor();
    await page.getByTestId('dispute-description').fill('Not mine (REST).');
    await page.getByTestId('dispute-submit').click();
    await page.getByTestId('dispute-status').waitFor();
    await synced(page);
    assert.equal((await api.get(`/dispute_records?transaction_id=${txn.transaction_id}`)).length, 1);
  }
  // Signing out ends the session on the server.
  await page.getByTestId('sign-out').click();
  await page.getByTestId('login-submit').waitFor();
  await page.waitForFunction(async ([base, id]) => (await (await fetch(`${base}/login_sessions/${id}`)).json()).status === 'TERMINATED', [api.url, session], { timeout: 20_000 });
  await page.context().close();
});

test('a stopped server means an offline state, and the queued change arrives after restart', async () => {
  const p = persona('quiet');
  const page = await restPage('quiet');
  await page.goto(`${app.url}/customers/${p.customer_id}/notifications`);
  const first = page.getByTestId('notification-item').first();
  await first.waitFor();
  await synced(page);
  const nid = await first.getAttribute('data-id');
  const read = (await first.getAttribute('data-read')) === 'true';
  await api.stop();
  await first.getByTestId('toggle-read').click();
  // The UI changes at once; the change waits, persisted.
  await page.waitForFunction(([id, r]) => document.querySelector(`[data-id="${id}"]`)?.dataset.read === String(!r), [nid, read]);
  await page.waitForFunction(() => document.querySelector('[data-testid="sync-status"]')?.dataset.state === 'offline');
  assert.equal(await page.getByTestId('sync-status').getAttribute('data-pending'), '1');
  const queued = await page.evaluate(() => JSON.parse(localStorage.getItem('bankdash.outbox.v1')).pending.length);
  assert.equal(queued, 1, 'the queue is in localStorage');
  await api.start();
  await synced(page);
  assert.equal((await api.get(`/notifications/${nid}`)).read, !read);
  assert.equal(await page.getByTestId('app-error').count(), 0, 'no crash');
  await page.context().close();
});

test('a 500 from the server rolls the change back with a message', async () => {
  const p = persona('sms');
  const page = await restPage('sms');
  await page.goto(`${app.url}/customers/${p.customer_id}/notifications`);
  const first = page.getByTestId('notification-item').first();
  await first.waitFor();
  await synced(page);
  const nid = await first.getAttribute('data-id');
  const before = await first.getAttribute('data-read');
  await page.route(`${api.url}/notifications/**`, (r) => (r.request().method() === 'PATCH'
    ? r.fulfill({ status: 500, body: 'refused' }) : r.continue()));
  await first.getByTestId('toggle-read').click();
  await page.getByTestId('change-rolled-back').waitFor();
  await page.waitForFunction(([id, r]) => document.querySelector(`[data-id="${id}"]`)?.dataset.read === r, [nid, before]);
  assert.equal(String((await api.get(`/notifications/${nid}`)).read), before, 'the server never changed');
  await page.context().close();
});

test('a slow server shows progress until the change is saved', async () => {
  const p = persona('sms');
  const page = await restPage('sms');
  await page.goto(`${app.url}/customers/${p.customer_id}/notifications`);
  const first = page.getByTestId('notification-item').first();
  await first.waitFor();
  await synced(page);
  await page.route(`${api.url}/notifications/**`, async (r) => {
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await r.continue();
  });
  await first.getByTestId('toggle-read').click();
  const status = page.getByTestId('sync-status');
  await page.waitForFunction(() => document.querySelector('[data-testid="sync-status"]')?.dataset.state === 'sending');
  assert.equal(await status.getAttribute('aria-busy'), 'true');
  await synced(page);
  await page.context().close();
});
