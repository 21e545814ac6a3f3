// New passwords: an expired password is changed before anything else at sign-in, and a
// forgotten one is reset with a one-time code. The rules tick as the user types and every
// broken one is named on submit; the change is journalled, so the old password stops
// working and the new one signs in. The "code sent" answer is the same for any email.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, persona, readData, submitCredentials, toFils, totp } from '../lib/harness.mjs';

let app;
before(async () => { app = await launch(); });
after(async () => { await app.close(); });

const accounts = readData('accounts');
const customers = readData('customers');
const mfaSettings = readData('mfa_settings');

/** bcrypt at cost 10 in the browser (twice for a reset): allow for a slow machine. */
const SLOW = { timeout: 30_000 };

async function openLogin(page) {
  await page.goto(`${app.url}/login`);
  await page.getByTestId('login-submit').waitFor();
}

const submit = (page, email, password) => submitCredentials(page, email, password, SLOW);

/** After a right password: the second factor as the harness's signIn answers it, if any. */
async function passSecondFactor(page, p) {
  const step = page.getByTestId('mfa-step');
  await Promise.race([step.waitFor(SLOW), page.getByTestId('sign-out').waitFor(SLOW)]);
  if (await step.count()) {
    const method = await step.getAttribute('data-method');
    if (method === 'BIOMETRIC') {
      await page.getByTestId('mfa-confirm').click();
    } else {
      const code = method === 'APP'
        ? totp(p.totp_secret, Date.now() / 1000)
        : await page.getByTestId('demo-code').getAttribute('data-code');
      await page.getByTestId('mfa-code').fill(code);
      await page.getByTestId('mfa-submit').click();
    }
  }
}

async function expectOverview(page, customerId) {
  await page.waitForURL(`**/customers/${customerId}`, SLOW);
  const total = page.getByTestId('total-balance');
  await total.waitFor();
  const expected = accounts.filter((a) => a.customer_id === customerId).reduce((s, a) => s + toFils(a.balance), 0);
  assert.equal(Number(await total.getAttribute('data-amount-fils')), expected);
  await page.getByTestId('sign-out').waitFor();
}

/** `rule -> data-ok` of the rules list as shown. */
async function rules(page) {
  const items = page.getByTestId('password-rules').locator('li');
  const out = {};
  for (let i = 0; i < await items.count(); i++) {
    out[await items.nth(i).getAttribute('data-rule')] = await items.nth(i).getAttribute('data-ok');
  }
  return out;
}

/** The `data-rule` of every problem shown. */
async function problems(page) {
  const items = page.getByTestId('password-problem');
  await items.first().waitFor(SLOW);
  const out = [];
  for (let i = 0; i < await items.count(); i++) out.push(await items.nth(i).getAttribute('data-rule'));
  return out;
}

async function typeNewPassword(page, password, confirm = password) {
  await page.getByTestId('new-password').fill(password);
  await page.getByTestId('confirm-password').fill(confirm);
}

/** The reset's masked destination for a customer: their phone, as recovery::mask_phone. */
function maskedPhone(customerId) {
  const phone = customers.find((c) => c.customer_id === customerId).phone;
  return `+965 •••• ${phone.slice(-4)}`;
}

test('an expired password must be changed first; then the old one fails and the new one signs in', async () => {
  const p = persona('expired');
  const method = mfaSettings.find((m) => m.user_id === p.user_id && m.enabled && m.is_primary)?.method;
  const page = await app.page();
  await openLogin(page);
  await submit(page, p.email, p.password);

  const step = page.getByTestId('expired-step');
  await step.waitFor();
  assert.equal(await step.getByTestId('login-expired').count(), 1, 'the explanation is inside the step');
  assert.equal(await page.getByTestId('mfa-step').count(), 0, 'no second factor before the new password');
  assert.equal(await page.getByTestId('sign-out').count(), 0);

  // Nothing typed: every character rule open, the email rule met, reuse listed (old known).
  const empty = await rules(page);
  assert.deepEqual(Object.keys(empty), ['length', 'upper', 'lower', 'digit', 'symbol', 'email_name', 'not_current', 'match']);
  assert.equal(empty.length, 'false');
  assert.equal(empty.email_name, 'true');

  // A weak password: the list follows the typing, and submitting names every broken rule.
  await typeNewPassword(page, 'weakpass');
  const weak = await rules(page);
  assert.equal(weak.length, 'false');
  assert.equal(weak.upper, 'false');
  assert.equal(weak.lower, 'true');
  assert.equal(weak.digit, 'false');
  assert.equal(weak.symbol, 'false');
  assert.equal(weak.match, 'true');
  await page.getByTestId('change-password-submit').click();
  assert.deepEqual(await problems(page), ['length', 'upper', 'digit', 'symbol']);
  assert.equal(await page.getByTestId('expired-step').count(), 1, 'refused: still on the step');

  // The email's name, the expired password again, and a confirmation that differs.
  await typeNewPassword(page, 'Zainab.Alsabah5-2027!');
  assert.equal((await rules(page)).email_name, 'false');
  await typeNewPassword(page, p.password);
  assert.equal((await rules(page)).not_current, 'false');
  await page.getByTestId('change-password-submit').click();
  assert.deepEqual(await problems(page), ['not_current']);
  const fresh = 'Harbour-Lights-2027!';
  await typeNewPassword(page, fresh, `${fresh}x`);
  await page.getByTestId('change-password-submit').click();
  assert.deepEqual(await problems(page), ['match']);

  // A good one: accepted, and the sign-in carries on (its second factor, then home).
  await typeNewPassword(page, fresh);
  assert.ok(Object.values(await rules(page)).every((ok) => ok === 'true'), 'every rule met');
  // bcrypt blocks the page: the button must say "Saving…" (aria-busy) before it does.
  await page.evaluate(() => {
    window.sawSaving = false;
    new MutationObserver(() => {
      window.sawSaving ||= !!document.querySelector('[data-testid="change-password-submit"][aria-busy="true"]');
    }).observe(document.body, { subtree: true, childList: true, attributes: true });
  });
  await page.getByTestId('change-password-submit').click();
  if (method) {
    const mfa = page.getByTestId('mfa-step');
    await mfa.waitFor(SLOW);
    assert.equal(await mfa.getAttribute('data-method'), method);
  }
  assert.equal(await page.evaluate(() => window.sawSaving), true, 'a "Saving…" state was shown');
  await passSecondFactor(page, p);
  await expectOverview(page, p.customer_id);

  await page.getByTestId('sign-out').click();
  await page.getByTestId('login-submit').waitFor();
  await submit(page, p.email, p.password);
  await page.getByTestId('login-error').waitFor();
  assert.equal(await page.getByTestId('expired-step').count(), 0, 'the old password no longer works');

  await page.reload();
  await page.getByTestId('login-submit').waitFor();
  await submit(page, p.email, fresh);
  assert.equal(await page.getByTestId('expired-step').count(), 0, 'the new password is not expired');
  await passSecondFactor(page, p);
  await expectOverview(page, p.customer_id);
  await page.context().close();
});

test('forgot password: a wrong code is refused, the right one leads to a new password that signs in', async () => {
  const p = persona('quiet');
  const page = await app.page();
  await openLogin(page);
  await page.getByTestId('forgot-password-link').click();
  await page.waitForURL('**/forgot-password');

  await page.getByTestId('reset-email').fill(p.email.toUpperCase());
  await page.getByTestId('reset-send').click();
  await page.getByTestId('reset-sent').waitFor();
  const banner = page.getByTestId('demo-code');
  const code = await banner.getAttribute('data-code');
  assert.match(code, /^[0-9]{6}$/);
  assert.equal(await banner.getAttribute('data-channel'), 'SMS', 'the customer has a phone');
  assert.equal(await page.getByTestId('reset-destination').textContent(), maskedPhone(p.customer_id));
  assert.ok((await banner.textContent()).includes(code), 'the demo banner shows the code');

  const wrong = code === '000000' ? '111111' : '000000';
  await page.getByTestId('reset-code').fill(wrong);
  await page.getByTestId('reset-verify').click();
  const error = page.getByTestId('reset-code-error');
  await error.waitFor();
  assert.equal(await error.getAttribute('data-remaining'), '2');
  assert.equal(await page.getByTestId('new-password').count(), 0, 'refused');

  await page.getByTestId('reset-code').fill(code);
  await page.getByTestId('reset-verify').click();
  await page.getByTestId('reset-password-step').waitFor();
  const listed = Object.keys(await rules(page));
  assert.ok(!listed.includes('not_current'), 'the current password is unknown until saving');

  await typeNewPassword(page, 'short1!', 'short1!');
  await page.getByTestId('change-password-submit').click();
  assert.deepEqual(await problems(page), ['length', 'upper']);
  // The current password is refused too (checked against its hash when saving).
  await typeNewPassword(page, p.password);
  await page.getByTestId('change-password-submit').click();
  assert.deepEqual(await problems(page), ['not_current']);

  const fresh = 'Quiet-Evening-2027#';
  await typeNewPassword(page, fresh);
  await page.getByTestId('change-password-submit').click();
  await page.getByTestId('reset-done').waitFor(SLOW);
  assert.equal(await page.getByTestId('reset-still-blocked').count(), 0);

  await page.getByTestId('reset-sign-in').click();
  await page.getByTestId('login-submit').waitFor();
  await submit(page, p.email, p.password);
  await page.getByTestId('login-error').waitFor();
  await submit(page, p.email, fresh);
  await passSecondFactor(page, p);
  await expectOverview(page, p.customer_id);
  await page.context().close();
});

test('forgot password answers an unknown email with the same words, and no code works', async () => {
  const known = persona('quiet');
  const page = await app.page();
  await page.goto(`${app.url}/forgot-password`);
  await page.getByTestId('reset-email').fill(known.email);
  await page.getByTestId('reset-send').click();
  const sentKnown = await page.getByTestId('reset-sent').textContent();
  await page.getByTestId('reset-start-over').click();

  await page.getByTestId('reset-email').fill('nobody.here@mail.example');
  await page.getByTestId('reset-send').click();
  const sentUnknown = await page.getByTestId('reset-sent').textContent();
  assert.equal(sentUnknown, sentKnown, 'the same answer whether or not the account exists');
  assert.ok(sentUnknown.trim().length > 0);
  assert.equal(await page.getByTestId('demo-code').count(), 0, 'nothing was sent');

  for (const remaining of ['2', '1']) {
    await page.getByTestId('reset-code').fill('123456');
    await page.getByTestId('reset-verify').click();
    await page.locator(`[data-testid="reset-code-error"][data-remaining="${remaining}"]`).waitFor();
  }
  await page.getByTestId('reset-code').fill('654321');
  await page.getByTestId('reset-verify').click();
  await page.locator('[data-testid="reset-code-error"][data-remaining="0"]').waitFor();
  assert.equal(await page.getByTestId('reset-code').count(), 0, 'three wrong codes end the attempt');
  assert.equal(await page.getByTestId('new-password').count(), 0);
  await page.context().close();
});

test('a reset does not unlock a locked account, and the sign-in page says so', async () => {
  const p = persona('locked');
  const page = await app.page();
  await openLogin(page);
  await submit(page, p.email, p.password);
  const blocked = page.getByTestId('login-blocked');
  await blocked.waitFor();
  assert.equal(await blocked.getAttribute('data-reason'), 'locked');
  await blocked.getByTestId('blocked-reset-note').waitFor();

  await blocked.getByTestId('blocked-forgot-link').click();
  await page.waitForURL('**/forgot-password');
  await page.getByTestId('reset-email').fill(p.email);
  await page.getByTestId('reset-send').click();
  const code = await page.getByTestId('demo-code').getAttribute('data-code');
  await page.getByTestId('reset-code').fill(code);
  await page.getByTestId('reset-verify').click();
  const fresh = 'Locked-Out-Still-2027!';
  await page.getByTestId('new-password').waitFor();
  await typeNewPassword(page, fresh);
  await page.getByTestId('change-password-submit').click();
  await page.getByTestId('reset-done').waitFor(SLOW);
  assert.equal(await page.getByTestId('reset-still-blocked').getAttribute('data-reason'), 'locked');

  await page.getByTestId('reset-sign-in').click();
  await page.getByTestId('login-submit').waitFor();
  await submit(page, p.email, fresh);
  assert.equal(await page.getByTestId('login-blocked').getAttribute('data-reason'), 'locked');
  assert.equal(await page.getByTestId('sign-out').count(), 0);
  await page.context().close();
});
