// Arabic: every page is right-to-left, its UI text is translated (only data marked
// translate="no" may hold Latin letters), and amounts keep 3 decimals with "د.ك.".
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, readData } from '../lib/harness.mjs';
import { allPages, withPrefs } from '../lib/pages.mjs';

let app;
before(async () => { app = await launch(); });
after(async () => { await app.close(); });

/** Text nodes outside data (translate="no") that contain Latin letters. */
function untranslated(page) {
  return page.evaluate(() => {
    const out = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || el.closest('[translate="no"], script, style, noscript, svg title') || el.closest('[hidden]')) continue;
      const text = n.textContent.trim();
      if (/[A-Za-z]/.test(text)) out.push(`${el.tagName.toLowerCase()}.${el.className}: ${text}`);
    }
    for (const el of document.querySelectorAll('[aria-label], [placeholder], [title]')) {
      if (el.closest('[translate="no"]')) continue;
      for (const attr of ['aria-label', 'placeholder', 'title']) {
        const v = el.getAttribute(attr);
        if (v && /[A-Za-z]/.test(v)) out.push(`@${attr}: ${v}`);
      }
    }
    return out;
  });
}

for (const p of allPages()) {
  test(`${p.name} in Arabic: rtl, translated, amounts with 3 decimals`, async () => {
    const page = await app.page({ as: p.as });
    await withPrefs(page, { lang: 'ar' });
    await page.goto(`${app.url}${p.path}`);
    await page.getByTestId(p.ready).first().waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.dir), 'rtl');
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'ar');
    assert.deepEqual(await untranslated(page), [], 'UI text left in English');
    // Elements that are the amount itself (rows may carry the figure for tests too).
    const amounts = await page.locator('[data-amount-fils]').evaluateAll((els) => els
      .filter((e) => e.children.length === 0).map((e) => e.textContent.trim()).filter(Boolean));
    for (const a of amounts) {
      assert.match(a, /^\u061C?-?[0-9٠-٩][0-9٠-٩,٬]*[.٫][0-9٠-٩]{3}\u00A0د\.ك\.$/, `amount "${a}"`);
    }
    await page.context().close();
  });
}

test('the language toggle switches to Arabic and back, and the choice survives a reload', async () => {
  const page = await app.page();
  await page.goto(app.url);
  await page.getByTestId('login-submit').waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.dir), 'ltr');
  await page.getByTestId('lang-toggle').click();
  await page.waitForFunction(() => document.documentElement.dir === 'rtl');
  await page.reload();
  await page.getByTestId('login-submit').waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'ar');
  await page.getByTestId('lang-toggle').click();
  await page.waitForFunction(() => document.documentElement.dir === 'ltr');
  await page.context().close();
});

test("a customer's language setting is the default until the user chooses", async () => {
  const personas = readData('personas');
  const page = await app.page({ as: 'arabic' });
  await page.goto(`${app.url}/customers/${personas.find((p) => p.key === 'arabic').customer_id}`);
  await page.getByTestId('total-balance').waitFor();
  await page.waitForFunction(() => document.documentElement.dir === 'rtl');
  await page.context().close();
  const english = await app.page({ as: 'sms' });
  await english.goto(`${app.url}/customers/${personas.find((p) => p.key === 'sms').customer_id}`);
  await english.getByTestId('total-balance').waitFor();
  await english.waitForFunction(() => document.documentElement.dir === 'ltr');
  await english.context().close();
});

test('Arabic-Indic digits are a choice, and the theme toggle persists', async () => {
  const personas = readData('personas');
  const page = await app.page({ as: 'sms' });
  await withPrefs(page, { lang: 'ar' });
  await page.goto(`${app.url}/customers/${personas.find((p) => p.key === 'sms').customer_id}`);
  const total = page.getByTestId('total-balance');
  await total.waitFor();
  assert.match(await total.textContent(), /^[0-9,]+\.[0-9]{3}\u00A0د\.ك\.$/);
  await page.getByTestId('digits-toggle').selectOption('arab');
  await page.waitForFunction(() => /^[٠-٩٬]+٫[٠-٩]{3}\u00A0د\.ك\.$/.test(document.querySelector('[data-testid="total-balance"]').textContent.trim()));
  const before = await page.evaluate(() => document.documentElement.dataset.theme);
  await page.getByTestId('theme-toggle').click();
  const after = await page.evaluate(() => document.documentElement.dataset.theme);
  assert.notEqual(after, before);
  await page.reload();
  await total.waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), after);
  assert.match(await total.textContent(), /٫[٠-٩]{3}/, 'digits choice survives a reload');
  await page.context().close();
});
