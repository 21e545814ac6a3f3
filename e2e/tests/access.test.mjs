// Who sees what: each persona's sign-in lands where it should, deep links into another
// customer's records show "not found or not yours" and leak nothing, analysts reach only
// bank-wide pages, and a session ends when terminated here or left idle.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, readData, signIn, toFils, persona } from '../lib/harness.mjs';

let app;
before(async () => { app = await launch(); });
after(async () => { await app.close(); });

const personas = readData('personas');
const users = readData('auth_users');
const customers = readData('customers');
const accounts = readData('accounts');
const transactions = readData('transactions');
const goals = readData('savings_goals');
const sessions = readData('login_sessions');

const sumFils = (list) => list.reduce((s, a) => s + toFils(a.balance), 0);

/** Opens `path` and waits for the "not yours" page; returns the page's HTML. */
async function notYours(page, path) {
  await page.goto(`${app.url}${path}`);
  await page.getByTestId('not-yours').waitFor();
  return page.content();
}

test('each persona signs in to the right place, or is told why not', async () => {
  for (const p of personas) {
    const page = await app.page();
    await page.goto(`${app.url}/login`);
    await page.locator(`[data-testid="persona-fill"][data-persona-key="${p.key}"]`).click();
    await page.getByTestId('login-submit').click();
    const user = users.find((u) => u.user_id === p.user_id);
    if (user.status !== 'ACTIVE') {
      await page.getByTestId('login-blocked').waitFor({ timeout: 20_000 });
      assert.equal(await page.getByTestId('login-blocked').getAttribute('data-reason'), user.status.toLowerCase(), p.key);
    } else if (p.key === 'expired') {
      await page.getByTestId('login-expired').waitFor({ timeout: 20_000 });
    } else {
      await page.context().close();
      const signedIn = await app.page();
      await signIn(signedIn, app.url, p.key);
      if (p.role === 'ANALYST') {
        await signedIn.waitForURL('**/analytics');
        await signedIn.getByTestId('analytics-home').waitFor();
      } else {
        await signedIn.waitForURL(`**/customers/${p.customer_id}`);
        const total = signedIn.getByTestId('total-balance');
        await total.waitFor();
        assert.equal(Number(await total.getAttribute('data-amount-fils')),
          sumFils(accounts.filter((a) => a.customer_id === p.customer_id)), `${p.key}: own total`);
      }
      await signedIn.context().close();
      continue;
    }
    assert.equal(await page.getByTestId('sign-out').count(), 0, `${p.key} is not signed in`);
    await page.context().close();
  }
});

test('URL tampering across customers shows "not found or not yours" and nothing of theirs', async () => {
  const me = persona('sms');
  const other = persona('app');
  const theirs = {
    account: accounts.find((a) => a.customer_id === other.customer_id),
    txn: transactions.find((t) => t.customer_id === other.customer_id),
    goal: goals.find((g) => g.customer_id === other.customer_id),
    session: sessions.find((s) => s.user_id === other.user_id),
  };
  const them = customers.find((c) => c.customer_id === other.customer_id);
  assert.ok(theirs.account && theirs.txn && theirs.goal && theirs.session, 'the other persona has each kind of record');
  const page = await app.page({ as: 'sms' });
  const mine = `/customers/${me.customer_id}`;
  const foreign = `/customers/${other.customer_id}`;
  const paths = [
    foreign, `${foreign}/transactions`, `${foreign}/transactions/${theirs.txn.transaction_id}`,
    `${foreign}/vaults`, `${foreign}/security`, `${foreign}/timeline`, `${foreign}/requests`,
    `${foreign}/notifications`, `${foreign}/profile`,
    // Their record ids under my own customer path.
    `${mine}/transactions/${theirs.txn.transaction_id}`, `${mine}/transactions?account=${theirs.account.account_id}`,
    `${mine}/vaults/${theirs.goal.goal_id}`, `${mine}/security/sessions/${theirs.session.session_id}`,
    // Ids that exist nowhere look exactly the same.
    `${mine}/transactions/no-such-id`, `${mine}/vaults/no-such-goal`, '/customers/no-such-customer',
  ];
  const leaks = [them.first_name_en, them.last_name_en, them.email, them.phone, theirs.account.iban,
    theirs.account.account_name, String(theirs.account.balance)];
  let reference;
  for (const path of paths) {
    const html = await notYours(page, path);
    for (const leak of leaks) assert.ok(!html.includes(leak), `${path} shows "${leak}"`);
    const text = (await page.getByTestId('not-yours').textContent()).trim();
    reference ??= text;
    assert.equal(text, reference, `${path}: the same page whether the record exists or not`);
    assert.equal(await page.getByTestId('total-balance').count(), 0);
  }
  // My own records behind the same kinds of links open normally.
  const myGoal = goals.find((g) => g.customer_id === me.customer_id);
  await page.goto(`${app.url}${mine}/vaults/${myGoal.goal_id}`);
  await page.locator(`[data-testid="vault-card"][data-goal-id="${myGoal.goal_id}"][data-focused="true"]`).waitFor();
  const myAccount = accounts.find((a) => a.customer_id === me.customer_id);
  await page.goto(`${app.url}${mine}/transactions?account=${myAccount.account_id}`);
  await page.getByTestId('ledger-count').waitFor();
  assert.equal(await page.getByTestId('not-yours').count(), 0);
  await page.context().close();
});

test('an analyst reaches the bank-wide page and no customer page; a customer not the analyst page', async () => {
  const page = await app.page({ as: 'analyst' });
  await page.goto(`${app.url}/analytics`);
  await page.getByTestId('analytics-home').waitFor();
  assert.equal(Number(await page.getByTestId('analytics-customers').getAttribute('data-count')), customers.length);
  assert.equal(Number(await page.getByTestId('analytics-accounts').getAttribute('data-count')), accounts.length);
  assert.equal(Number(await page.getByTestId('analytics-deposits').getAttribute('data-amount-fils')), sumFils(accounts));
  const sms = persona('sms');
  for (const path of [`/customers/${sms.customer_id}`, `/customers/${sms.customer_id}/security`, `/customers/${sms.customer_id}/profile`]) {
    const html = await notYours(page, path);
    const c = customers.find((x) => x.customer_id === sms.customer_id);
    assert.ok(!html.includes(c.email), `${path} shows nothing of the customer`);
  }
  assert.equal(await page.locator('nav.sidebar a[href*="/customers/"]').count(), 0, 'no customer links for analysts');
  await page.context().close();

  const customer = await app.page({ as: 'sms' });
  await notYours(customer, '/analytics');
  await customer.context().close();
});

test('terminating the current session on the security page signs out', async () => {
  const p = persona('quiet');
  const page = await app.page({ as: p.key });
  await page.goto(`${app.url}/customers/${p.customer_id}/security`);
  const current = page.locator('[data-testid="session-row"][data-current="true"]');
  await current.waitFor();
  await current.getByTestId('terminate-session').click();
  await page.getByTestId('confirm-yes').click();
  await page.waitForURL('**/login');
  assert.equal(await page.getByTestId('session-ended').getAttribute('data-reason'), 'ended');
  assert.equal(await page.getByTestId('sign-out').count(), 0);
  // And it stays signed out: the customer pages send back to sign-in.
  await page.goto(`${app.url}/customers/${p.customer_id}`);
  await page.waitForURL('**/login');
  await page.context().close();
});

test('a session idle for 15 minutes signs out, and the expiry is journalled', async () => {
  const p = persona('quiet');
  const page = await app.page({ as: p.key });
  await page.clock.install();
  await page.goto(`${app.url}/customers/${p.customer_id}`);
  await page.getByTestId('total-balance').waitFor();
  const sessionId = await page.evaluate(() => JSON.parse(localStorage.getItem('bankdash.session.v2')).session_id);
  // 14 minutes idle: still signed in.
  await page.clock.fastForward('14:00');
  await page.clock.runFor(11_000);
  assert.equal(await page.getByTestId('sign-out').count(), 1, 'not yet');
  await page.clock.fastForward('01:30');
  await page.waitForURL('**/login');
  assert.equal(await page.getByTestId('session-ended').getAttribute('data-reason'), 'idle');
  const journal = await page.evaluate(() => JSON.parse(localStorage.getItem('bankdash.journal.v1')));
  const last = journal[journal.length - 1];
  assert.deepEqual(last.change, { type: 'expire_session', session_id: sessionId });
  assert.equal(await page.evaluate(() => localStorage.getItem('bankdash.session.v2')), null);
  await page.context().close();
});
