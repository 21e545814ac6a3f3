// Signing in: password, lockout after five wrong passwords (journalled, so it survives a
// reload), one message for a wrong email and a wrong password, expired passwords (the
// forced change itself is in password.test.mjs), and the second factor (simulated SMS
// code, authenticator-app TOTP computed here).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, persona, readData, submitCredentials, toFils, totp } from '../lib/harness.mjs';

let app;
before(async () => { app = await launch(); });
after(async () => { await app.close(); });

const accounts = readData('accounts');

/** Opens the sign-in page and waits until the dataset is loaded. */
async function openLogin(page) {
  await page.goto(`${app.url}/login`);
  await page.getByTestId('login-submit').waitFor();
}

const submit = (page, email, password) => submitCredentials(page, email, password);

async function expectOverview(page, customerId) {
  await page.waitForURL(`**/customers/${customerId}`);
  const total = page.getByTestId('total-balance');
  await total.waitFor();
  const expected = accounts.filter((a) => a.customer_id === customerId).reduce((s, a) => s + toFils(a.balance), 0);
  assert.equal(Number(await total.getAttribute('data-amount-fils')), expected, 'the signed-in customer\'s own total');
  await page.getByTestId('sign-out').waitFor();
}

test('a customer without MFA signs in, stays signed in across a reload, and signs out', async () => {
  const p = persona('quiet');
  const page = await app.page();
  await openLogin(page);
  await page.locator(`[data-testid="persona-fill"][data-persona-key="quiet"]`).click();
  assert.equal(await page.getByTestId('login-email').inputValue(), p.email, 'the persona fills the email');
  assert.equal(await page.getByTestId('login-password').inputValue(), p.password, 'and the password');
  await submit(page, p.email, p.password);
  await expectOverview(page, p.customer_id);
  await page.reload();
  await page.getByTestId('total-balance').waitFor();
  await page.getByTestId('sign-out').waitFor();
  await page.getByTestId('sign-out').click();
  await page.getByTestId('login-submit').waitFor();
  assert.equal(await page.getByTestId('sign-out').count(), 0);
  await page.reload();
  await page.getByTestId('login-submit').waitFor();
  assert.equal(await page.getByTestId('sign-out').count(), 0, 'still signed out after a reload');
  await page.context().close();
});

test('five wrong passwords lock the account, and the lock survives a reload', async () => {
  const p = persona('sms');
  const page = await app.page();
  await openLogin(page);
  let first;
  for (let i = 1; i <= 4; i++) {
    await submit(page, p.email, `Wrong-Password-${i}!`);
    const text = await page.getByTestId('login-error').textContent();
    first ??= text;
    assert.equal(text, first, `attempt ${i} shows the same message`);
    assert.equal(await page.getByTestId('login-blocked').count(), 0);
  }
  await submit(page, p.email, 'Wrong-Password-5!');
  await page.getByTestId('login-blocked').waitFor();
  assert.equal(await page.getByTestId('login-blocked').getAttribute('data-reason'), 'locked');
  assert.equal(await page.getByTestId('login-error').count(), 0);
  await page.reload();
  await page.getByTestId('login-submit').waitFor();
  await submit(page, p.email, p.password);
  await page.getByTestId('login-blocked').waitFor();
  assert.equal(await page.getByTestId('mfa-step').count(), 0, 'the right password does not get past a lock');
  assert.equal(await page.getByTestId('sign-out').count(), 0);
  await page.context().close();
});

test('a wrong email shows exactly the same message as a wrong password', async () => {
  const p = persona('quiet');
  const page = await app.page();
  await openLogin(page);
  await submit(page, p.email, 'Not-The-Password-1!');
  const wrongPassword = await page.getByTestId('login-error').textContent();
  await submit(page, 'nobody.here@mail.example', p.password);
  const wrongEmail = await page.getByTestId('login-error').textContent();
  assert.equal(wrongEmail, wrongPassword);
  assert.ok(wrongEmail.trim().length > 0);
  await page.context().close();
});

test('an SMS customer enters the demo code and lands on their overview', async () => {
  const p = persona('sms');
  const page = await app.page();
  await openLogin(page);
  await submit(page, p.email.toUpperCase(), p.password);
  const step = page.getByTestId('mfa-step');
  await step.waitFor();
  assert.equal(await step.getAttribute('data-method'), 'SMS');
  const code = await page.getByTestId('demo-code').getAttribute('data-code');
  assert.match(code, /^[0-9]{6}$/);
  assert.ok((await page.getByTestId('demo-code').textContent()).includes(code), 'the code is shown');
  // A wrong code first: refused, with tries left.
  const wrong = code === '000000' ? '111111' : '000000';
  await page.getByTestId('mfa-code').fill(wrong);
  await page.getByTestId('mfa-submit').click();
  await page.getByTestId('mfa-error').waitFor();
  assert.equal(await page.getByTestId('mfa-error').getAttribute('data-remaining'), '2');
  await page.getByTestId('mfa-code').fill(code);
  await page.getByTestId('mfa-submit').click();
  await expectOverview(page, p.customer_id);
  await page.context().close();
});

test('an expired password is explained and must be changed before anything else', async () => {
  const p = persona('expired');
  const page = await app.page();
  await openLogin(page);
  await submit(page, p.email, p.password);
  const step = page.getByTestId('expired-step');
  await step.waitFor();
  await step.getByTestId('login-expired').waitFor();
  await step.getByTestId('new-password').waitFor();
  assert.equal(await page.getByTestId('mfa-step').count(), 0, 'no second factor before the new password');
  assert.equal(await page.getByTestId('sign-out').count(), 0);
  // Changing it and signing in with it: tests/password.test.mjs.
  await page.context().close();
});

test('an authenticator-app customer signs in with a TOTP code', async () => {
  const p = persona('app');
  assert.ok(p.totp_secret, 'the app persona has a TOTP secret');
  const page = await app.page();
  await openLogin(page);
  await submit(page, p.email, p.password);
  const step = page.getByTestId('mfa-step');
  await step.waitFor();
  assert.equal(await step.getAttribute('data-method'), 'APP');
  assert.equal(await page.getByTestId('demo-code').count(), 0, 'no code is shown for an app');
  await page.getByTestId('mfa-code').fill(totp(p.totp_secret, Date.now() / 1000));
  await page.getByTestId('mfa-submit').click();
  await expectOverview(page, p.customer_id);
  await page.context().close();
});

test('without a readable personas.json the sign-in page has no demo logins and signing in still works', async () => {
  const p = persona('quiet');
  for (const [why, fulfil] of [
    ['missing', (r) => r.fulfill({ status: 404, body: 'not found' })],
    ['unreadable', (r) => r.fulfill({ status: 200, contentType: 'application/json', body: '[{"key": "quiet",' })],
  ]) {
    const page = await app.page();
    const panics = [];
    page.on('pageerror', (e) => panics.push(e.message));
    await page.route('**/data/personas.json', fulfil);
    await openLogin(page);
    assert.equal(await page.getByTestId('persona-fill').count(), 0, why);
    await submit(page, p.email, p.password);
    await expectOverview(page, p.customer_id);
    assert.deepEqual(panics, [], why);
    await page.context().close();
  }
});
