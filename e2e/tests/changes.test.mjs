// Changes the user makes persist across reloads (the journal in localStorage), append an
// audit log with the current session's IP, notify only customers who allow it, and show
// up in the timeline. "Reset demo data" brings the bundled data back.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, readData, signIn } from '../lib/harness.mjs';

let app;
before(async () => { app = await launch(); });
after(async () => { await app.close(); });

const personas = readData('personas');
const users = readData('auth_users');
const sessions = readData('login_sessions');
const transactions = readData('transactions');
const disputes = readData('dispute_records');
const notifications = readData('notifications');
const persona = (key) => personas.find((p) => p.key === key);

/** The customer's current session: their ACTIVE session started last. */
function currentSession(customerId) {
  const user = users.find((u) => u.customer_id === customerId);
  return sessions.filter((s) => s.user_id === user.user_id && s.status === 'ACTIVE')
    .sort((a, b) => Date.parse(b.started_at) - Date.parse(a.started_at) || a.session_id.localeCompare(b.session_id))[0];
}

async function confirm(page) {
  await page.getByTestId('confirm-dialog').waitFor();
  await page.getByTestId('confirm-yes').click();
}

/** The newest timeline item of `kind` whose text matches `title`. */
async function timelineHas(page, customerId, kind, title) {
  await page.goto(`${app.url}/customers/${customerId}/timeline?kinds=${kind}`);
  const item = page.locator(`[data-testid="timeline-item"][data-kind="${kind}"]`).first();
  await item.waitFor();
  return (await item.textContent()).includes(title) ? item : null;
}

async function unreadCount(page) {
  const badge = page.getByTestId('unread-count');
  return (await badge.count()) ? Number(await badge.getAttribute('data-count')) : 0;
}

test('terminating a session persists, is audited with the current IP, notifies, and is in the timeline', async () => {
  const p = persona('sms');
  const page = await app.page({ as: p.key });
  await page.goto(`${app.url}/customers/${p.customer_id}/security`);
  const target = page.locator('[data-testid="session-row"][data-status="ACTIVE"][data-current="false"]').first();
  await target.waitFor();
  const sessionId = await target.getAttribute('data-session-id');
  const unreadBefore = await unreadCount(page);
  await target.getByTestId('terminate-session').click();
  await confirm(page);
  const row = page.locator(`[data-testid="session-row"][data-session-id="${sessionId}"]`);
  await page.waitForFunction((id) => document.querySelector(`[data-session-id="${id}"]`)?.dataset.status === 'TERMINATED', sessionId);
  assert.equal(await unreadCount(page), unreadBefore + 1, 'a push notification was created');
  await page.reload();
  await row.waitFor();
  assert.equal(await row.getAttribute('data-status'), 'TERMINATED', 'survives a reload');
  const audit = await timelineHas(page, p.customer_id, 'audit', 'SESSION_TERMINATED');
  assert.ok(audit, 'audit entry on top of the timeline');
  assert.match(await audit.textContent(), new RegExp(currentSession(p.customer_id).ip_address.replaceAll('.', '\\.')));
  assert.ok(await timelineHas(page, p.customer_id, 'notification', 'Session signed out'));
  await page.context().close();
});

test('a customer with notifications off gets no notification, but the audit log still records it', async () => {
  const p = persona('quiet');
  const page = await app.page({ as: p.key });
  await page.goto(`${app.url}/customers/${p.customer_id}/security`);
  const target = page.locator('[data-testid="session-row"][data-status="ACTIVE"][data-current="false"]').first();
  await target.waitFor();
  const before = notifications.filter((n) => n.customer_id === p.customer_id && !n.read).length;
  await target.getByTestId('terminate-session').click();
  await confirm(page);
  await page.getByTestId('action-status').waitFor();
  assert.equal(await unreadCount(page), before);
  assert.ok(await timelineHas(page, p.customer_id, 'audit', 'SESSION_TERMINATED'));
  await page.context().close();
});

test('cancelling the confirmation changes nothing', async () => {
  const p = persona('sms');
  const page = await app.page({ as: p.key });
  await page.goto(`${app.url}/customers/${p.customer_id}/security`);
  const target = page.locator('[data-testid="session-row"][data-status="ACTIVE"][data-current="false"]').first();
  await target.waitFor();
  const id = await target.getAttribute('data-session-id');
  await target.getByTestId('terminate-session').click();
  await page.getByTestId('confirm-cancel').click();
  assert.equal(await page.locator(`[data-session-id="${id}"]`).getAttribute('data-status'), 'ACTIVE');
  await page.context().close();
});

test('revoking a device ends its sessions; trusting a device sticks', async () => {
  const p = persona('sms');
  const page = await app.page({ as: p.key });
  await page.goto(`${app.url}/customers/${p.customer_id}/security`);
  const device = page.locator('[data-testid="device-row"][data-status="ACTIVE"]:has([data-testid="revoke-device"])').first();
  await device.waitFor();
  const deviceId = await device.getAttribute('data-device-id');
  const user = users.find((u) => u.customer_id === p.customer_id);
  const onDevice = sessions.filter((s) => s.device_id === deviceId && s.status === 'ACTIVE').map((s) => s.session_id);
  await device.getByTestId('revoke-device').click();
  await confirm(page);
  await page.waitForFunction((id) => document.querySelector(`[data-device-id="${id}"]`)?.dataset.status === 'REVOKED', deviceId);
  for (const id of onDevice) {
    assert.equal(await page.locator(`[data-session-id="${id}"]`).getAttribute('data-status'), 'TERMINATED');
  }
  // Trust toggle on the current device.
  const current = currentSession(p.customer_id);
  const mine = page.locator(`[data-testid="device-row"][data-device-id="${current.device_id}"]`);
  const trusted = await mine.getAttribute('data-trusted');
  await mine.getByTestId('toggle-trust').click();
  await page.waitForFunction(([id, t]) => document.querySelector(`[data-device-id="${id}"]`)?.dataset.trusted !== t, [current.device_id, trusted]);
  await page.reload();
  await mine.waitFor();
  assert.notEqual(await mine.getAttribute('data-trusted'), trusted);
  assert.equal(await page.locator(`[data-device-id="${deviceId}"]`).getAttribute('data-status'), 'REVOKED');
  assert.ok(await timelineHas(page, p.customer_id, 'audit', 'DEVICE_'));
  assert.ok(user);
  await page.context().close();
});

test('sign out all other sessions leaves only the current session, after a reload too', async () => {
  const p = persona('arabic');
  const page = await app.page({ as: p.key });
  await page.goto(`${app.url}/customers/${p.customer_id}/security`);
  const others = page.getByTestId('sign-out-others');
  await others.waitFor();
  const activeBefore = await page.locator('[data-testid="session-row"][data-status="ACTIVE"]').count();
  assert.ok(activeBefore >= 3, `persona has other active sessions (${activeBefore})`);
  await others.click();
  await confirm(page);
  await page.getByTestId('action-status').waitFor();
  await page.reload();
  await page.getByTestId('session-row').first().waitFor();
  // The session this browser signed in with is the one left.
  const current = await page.evaluate(() => JSON.parse(localStorage.getItem('bankdash.session.v2')).session_id);
  const active = await page.locator('[data-testid="session-row"][data-status="ACTIVE"]').evaluateAll((els) => els.map((e) => e.dataset.sessionId));
  assert.deepEqual(active, [current]);
  assert.equal(await page.locator(`[data-session-id="${current}"]`).getAttribute('data-current'), 'true');
  assert.ok(await timelineHas(page, p.customer_id, 'audit', 'OTHER_SESSIONS_TERMINATED'));
  await page.context().close();
});

test('a new service request persists and appears in the timeline; empty input is refused with a message', async () => {
  const p = persona('app');
  const page = await app.page({ as: p.key });
  await page.goto(`${app.url}/customers/${p.customer_id}/requests`);
  await page.getByTestId('new-request-form').waitFor();
  const before = await page.getByTestId('request-row').count();
  await page.getByTestId('request-submit').click();
  assert.match(await page.getByTestId('form-error').textContent(), /Description/);
  await page.getByTestId('request-type').selectOption('CHEQUE_BOOK');
  await page.getByTestId('request-description').fill('Please send a 50-leaf cheque book to my Salmiya branch.');
  await page.getByTestId('request-submit').click();
  await page.getByTestId('request-created').waitFor();
  assert.equal(await page.getByTestId('request-row').count(), before + 1);
  await page.reload();
  await page.getByTestId('request-row').first().waitFor();
  assert.equal(await page.getByTestId('request-row').count(), before + 1);
  assert.equal(await page.getByTestId('request-row').first().getAttribute('data-type'), 'CHEQUE_BOOK');
  assert.ok(await timelineHas(page, p.customer_id, 'request', 'Cheque book'));
  assert.ok(await timelineHas(page, p.customer_id, 'audit', 'SERVICE_REQUEST_CREATED'));
  await page.context().close();
});

test('disputing a failed transaction creates a dispute record that persists and shows in the timeline', async () => {
  const p = persona('app');
  const disputed = new Set(disputes.map((d) => d.transaction_id));
  const txn = transactions.find((t) => t.customer_id === p.customer_id && t.status === 'FAILED' && !disputed.has(t.transaction_id));
  const page = await app.page({ as: p.key });
  await page.goto(`${app.url}/customers/${p.customer_id}/transactions/${txn.transaction_id}`);
  await page.getByTestId('dispute-form').waitFor();
  await page.getByTestId('dispute-reason').selectOption('UNRECOGNISED');
  await page.getByTestId('dispute-description').fill('I did not make this payment.');
  await page.getByTestId('dispute-submit').click();
  await page.getByTestId('dispute-status').waitFor();
  await page.reload();
  await page.getByTestId('dispute-status').waitFor();
  assert.equal(await page.getByTestId('dispute-form').count(), 0);
  assert.ok(await timelineHas(page, p.customer_id, 'dispute', 'unrecognised'));
  // A completed transaction offers no dispute.
  const done = transactions.find((t) => t.customer_id === p.customer_id && t.status === 'COMPLETED');
  await page.goto(`${app.url}/customers/${p.customer_id}/transactions/${done.transaction_id}`);
  await page.getByTestId('transaction-detail').waitFor();
  assert.equal(await page.getByTestId('dispute-form').count(), 0);
  await page.context().close();
});

test('read marks persist, and reset demo data restores the bundled data', async () => {
  const p = persona('sms');
  const page = await app.page({ as: p.key });
  await page.goto(`${app.url}/customers/${p.customer_id}/notifications`);
  const first = page.getByTestId('notification-item').first();
  await first.waitFor();
  const id = await first.getAttribute('data-id');
  const read = await first.getAttribute('data-read');
  await first.getByTestId('toggle-read').click();
  const item = page.locator(`[data-testid="notification-item"][data-id="${id}"]`);
  await page.waitForFunction(([nid, r]) => document.querySelector(`[data-id="${nid}"]`)?.dataset.read !== r, [id, read]);
  await page.reload();
  await item.waitFor();
  assert.notEqual(await item.getAttribute('data-read'), read);
  // Resetting forgets every change, the sign-in too: back to the sign-in page, and the
  // bundled read mark once signed in again.
  await page.getByTestId('reset-demo').click();
  await confirm(page);
  await page.waitForURL('**/login');
  assert.equal(await page.getByTestId('session-ended').getAttribute('data-reason'), 'ended');
  await signIn(page, app.url, p.key);
  await page.goto(`${app.url}/customers/${p.customer_id}/notifications`);
  await item.waitFor();
  assert.equal(await item.getAttribute('data-read'), read);
  await page.context().close();
});
