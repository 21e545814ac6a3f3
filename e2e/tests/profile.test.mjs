// The profile page: contact details and address. Field problems are named under their
// fields and never cost the user what they typed; a saved change persists (journal in
// localStorage), shows in the form, and is audited with the signed-in session's IP.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, readData, persona } from '../lib/harness.mjs';
import { withPrefs } from '../lib/pages.mjs';

let app;
before(async () => { app = await launch(); });
after(async () => { await app.close(); });

const customers = readData('customers');
const users = readData('auth_users');
const sessions = readData('login_sessions');

const FIELDS = ['email', 'phone', 'governorate', 'area', 'block', 'street', 'building'];
const JOURNAL = 'bankdash.journal.v1';

/** The IP signing in uses: the one of the user's latest session (auth::sign_in_place). */
function signInIp(customerId) {
  const user = users.find((u) => u.customer_id === customerId);
  return sessions.filter((s) => s.user_id === user.user_id)
    .sort((a, b) => Date.parse(b.started_at) - Date.parse(a.started_at))[0].ip_address;
}

async function openProfile(key) {
  const p = persona(key);
  const page = await app.page({ as: key });
  await page.goto(`${app.url}/customers/${p.customer_id}/profile`);
  await page.getByTestId('profile-form').waitFor();
  return { page, p, customer: customers.find((c) => c.customer_id === p.customer_id) };
}

/** Every field's current value, as the form holds it. */
async function values(page) {
  const out = {};
  for (const f of FIELDS) out[f] = await page.getByTestId(`profile-${f}`).inputValue();
  return out;
}

async function profileEntries(page) {
  const journal = await page.evaluate((key) => JSON.parse(localStorage.getItem(key) ?? '[]'), JOURNAL);
  return journal.filter((e) => e.change.type === 'update_profile');
}

test('the form starts with the customer\'s details; the header hides the civil ID and credentials', async () => {
  const { page, p, customer } = await openProfile('sms');
  const a = customer.address;
  assert.deepEqual(await values(page), {
    email: customer.email, phone: customer.phone, governorate: a.governorate,
    area: a.area, block: a.block, street: a.street, building: a.building,
  });
  assert.equal(await page.getByTestId('profile-name').textContent(), `${customer.first_name_en} ${customer.last_name_en}`);
  assert.equal(await page.getByTestId('profile-name-alt').textContent(), `${customer.first_name_ar} ${customer.last_name_ar}`);
  assert.equal(await page.getByTestId('profile-segment').getAttribute('data-segment'), customer.segment);
  assert.equal(await page.getByTestId('profile-civil-id').textContent(), `${'•'.repeat(8)}${customer.civil_id.slice(-4)}`);
  const text = await page.locator('body').textContent();
  assert.ok(!text.includes(customer.civil_id), 'civil ID never in full');
  assert.doesNotMatch(text, new RegExp(`\\b${p.pin}\\b`), 'no PIN');
  assert.ok(!text.includes(p.password), 'no password');
  // Every input has a visible label; email and phone are left-to-right.
  for (const f of FIELDS) {
    const label = page.locator(`label[for="profile-${f}"]`);
    assert.ok(await label.isVisible(), `label for ${f}`);
    assert.ok((await label.textContent()).trim().length > 0);
  }
  for (const f of ['email', 'phone']) assert.equal(await page.getByTestId(`profile-${f}`).getAttribute('dir'), 'ltr');
  assert.match(await page.getByTestId('profile-phone-hint').textContent(), /\+965.*\+96551234567/);
  const options = await page.getByTestId('profile-governorate').locator('option').evaluateAll((os) => os.map((o) => o.value).filter(Boolean));
  assert.deepEqual(options.sort(), ['Ahmadi', 'Capital', 'Farwaniya', 'Hawalli', 'Jahra', 'Mubarak Al-Kabeer']);
  await page.context().close();
});

test('an invalid phone and a blank street are named under their fields, and every typed value stays', async () => {
  const { page } = await openProfile('sms');
  const typed = {
    email: 'yousef.new@mail.example', phone: '12345', area: 'Salmiya', block: '7', street: '   ', building: 'Tower 3',
  };
  for (const [f, v] of Object.entries(typed)) await page.getByTestId(`profile-${f}`).fill(v);
  await page.getByTestId('profile-governorate').selectOption('Hawalli');
  await page.getByTestId('profile-save').click();
  await page.getByTestId('profile-invalid').waitFor();
  const errors = page.getByTestId('profile-error');
  assert.deepEqual(await errors.evaluateAll((els) => els.map((e) => e.dataset.field)), ['phone', 'street']);
  assert.match(await page.locator('[data-testid="profile-error"][data-field="phone"]').textContent(), /Mobile phone/);
  assert.match(await page.locator('[data-testid="profile-error"][data-field="street"]').textContent(), /Street.*required/);
  for (const f of FIELDS) {
    const input = page.getByTestId(`profile-${f}`);
    const bad = f === 'phone' || f === 'street';
    assert.equal(await input.getAttribute('aria-invalid'), String(bad), `aria-invalid on ${f}`);
    if (bad) {
      const described = (await input.getAttribute('aria-describedby')).split(' ');
      const error = page.locator(`[data-testid="profile-error"][data-field="${f}"]`);
      assert.ok(described.includes(await error.getAttribute('id')), `${f} is described by its error`);
    }
  }
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'profile-phone', 'focus on the first problem');
  assert.deepEqual(await values(page), { ...typed, governorate: 'Hawalli' }, 'nothing typed is lost');
  assert.equal(await page.getByTestId('profile-saved').count(), 0);
  assert.deepEqual(await profileEntries(page), [], 'nothing journalled');
  // Fixing the fields saves the rest as typed (trimmed).
  await page.getByTestId('profile-phone').fill('+96599887766');
  await page.getByTestId('profile-street').fill('Street 4');
  await page.getByTestId('profile-save').click();
  await page.getByTestId('profile-saved').waitFor();
  assert.equal(await errors.count(), 0);
  await page.context().close();
});

test('a valid address change is saved, survives a reload, and is audited with the session\'s IP', async () => {
  const { page, p, customer } = await openProfile('sms');
  await page.getByTestId('profile-governorate').selectOption('Jahra');
  await page.getByTestId('profile-area').fill('  Saad Al Abdullah ');
  await page.getByTestId('profile-block').fill('4');
  await page.getByTestId('profile-street').fill('Street 12');
  await page.getByTestId('profile-building').fill('7');
  await page.getByTestId('profile-save').click();
  const saved = page.getByTestId('profile-saved');
  await saved.waitFor();
  assert.equal(await saved.getAttribute('role'), 'status');
  const expected = {
    email: customer.email, phone: customer.phone, governorate: 'Jahra',
    area: 'Saad Al Abdullah', block: '4', street: 'Street 12', building: '7',
  };
  assert.deepEqual(await values(page), expected, 'the form shows the saved (trimmed) values');
  const entries = await profileEntries(page);
  assert.equal(entries.length, 1);
  assert.deepEqual(entries[0].change, {
    type: 'update_profile', email: null, phone: null,
    address: { governorate: 'Jahra', area: 'Saad Al Abdullah', block: '4', street: 'Street 12', building: '7' },
  });

  await page.reload();
  await page.getByTestId('profile-form').waitFor();
  await page.waitForFunction(() => document.querySelector('[data-testid="profile-area"]')?.value === 'Saad Al Abdullah');
  assert.deepEqual(await values(page), expected, 'survives a reload');

  // Saving the same details again is a friendly notice, not an error.
  await page.getByTestId('profile-save').click();
  await page.getByTestId('profile-unchanged').waitFor();
  assert.equal(await page.getByTestId('profile-error').count(), 0);
  assert.equal(await page.getByTestId('profile-refused').count(), 0);
  assert.equal((await profileEntries(page)).length, 1);

  await page.goto(`${app.url}/customers/${p.customer_id}/timeline?kinds=audit`);
  const audit = page.locator('[data-testid="timeline-item"][data-kind="audit"]').first();
  await audit.waitFor();
  const text = await audit.textContent();
  assert.match(text, /ADDRESS_UPDATED/, 'the newest audit is the address update');
  assert.match(text, /Updated the address\./);
  const ip = signInIp(p.customer_id);
  assert.ok(text.includes(ip), `audited from the signed-in session's IP ${ip}: ${text}`);
  await page.context().close();
});

test('an email another user signs in with is refused, and the typed email stays', async () => {
  const { page } = await openProfile('sms');
  const taken = persona('app').email;
  await page.getByTestId('profile-email').fill(taken);
  await page.getByTestId('profile-save').click();
  const refused = page.getByTestId('profile-refused');
  await refused.waitFor();
  assert.match(await refused.textContent(), /email/i);
  assert.equal(await page.getByTestId('profile-email').inputValue(), taken);
  assert.equal(await page.getByTestId('profile-saved').count(), 0);
  assert.deepEqual(await profileEntries(page), []);
  await page.context().close();
});

test('in Arabic the page is right-to-left and its UI text is translated', async () => {
  const p = persona('sms');
  const page = await app.page({ as: 'sms' });
  await withPrefs(page, { lang: 'ar' });
  await page.goto(`${app.url}/customers/${p.customer_id}/profile`);
  await page.getByTestId('profile-form').waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.dir), 'rtl');
  await page.getByTestId('profile-phone').fill('123');
  await page.getByTestId('profile-street').fill('');
  await page.getByTestId('profile-save').click();
  await page.getByTestId('profile-invalid').waitFor();
  const latin = await page.evaluate(() => {
    const out = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || el.closest('[translate="no"], script, style, noscript, svg title') || el.closest('[hidden]')) continue;
      const text = n.textContent.trim();
      if (/[A-Za-z]/.test(text)) out.push(`${el.tagName.toLowerCase()}.${el.className}: ${text}`);
    }
    return out;
  });
  assert.deepEqual(latin, [], 'UI text left in English');
  assert.equal(await page.locator('[data-testid="profile-governorate"] option[value="Capital"]').textContent(), 'العاصمة');
  await page.context().close();
});
