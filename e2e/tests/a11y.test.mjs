// Accessibility: axe-core finds no violation on any page, in English and Arabic, light and
// dark; the app works by keyboard alone with a visible focus; a skip link; every chart has
// a name and a table with the same figures.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { launch, readData } from '../lib/harness.mjs';
import { allPages, withPrefs } from '../lib/pages.mjs';

// axe-core from e2e/node_modules (pinned in package.json): no network needed.
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let app;
before(async () => { app = await launch(); });
after(async () => { await app.close(); });

/**
 * Runs axe-core in the page. The app's Content-Security-Policy forbids inline scripts, so
 * the source is not added as a <script>: Playwright evaluates a string expression in the
 * page's main world through the DevTools protocol, which the policy does not govern.
 */
async function axeViolations(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) {
    await page.evaluate(`${axeSource}\n;0`);
  }
  return page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((n) => `${n.target.join(' ')}${n.failureSummary ? ` (${n.failureSummary.replace(/\s+/g, ' ').slice(0, 160)})` : ''}`),
    }));
  });
}

function describe(violations) {
  return violations
    .map((v) => `  ${v.id} [${v.impact}] ${v.help}: ${v.nodes ?? ''}\n${v.targets.slice(0, 8).map((t) => `    - ${t}`).join('\n')}${v.targets.length > 8 ? `\n    … ${v.targets.length - 8} more` : ''}`)
    .join('\n');
}

for (const p of allPages()) {
  for (const lang of ['en', 'ar']) {
    for (const theme of ['light', 'dark']) {
      test(`axe: ${p.name} (${lang}, ${theme}) has no violation`, async () => {
        const page = await app.page({ as: p.as });
        await withPrefs(page, { lang, theme });
        await page.goto(`${app.url}${p.path}`);
        await page.getByTestId(p.ready).first().waitFor();
        assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), theme);
        assert.equal(await page.evaluate(() => document.documentElement.lang), lang);
        // The skip link is on every page, and leads to the main area.
        assert.equal(await page.locator('a.skip-link[href="#main"]').count(), 1, 'one skip link');
        assert.equal(await page.locator('main#main').count(), 1, 'one main area');
        const violations = await axeViolations(page);
        assert.deepEqual(violations.map((v) => v.id), [],
          `axe violations on ${p.name} (${p.path}), lang=${lang}, theme=${theme}:\n${describe(violations)}`);
        await page.context().close();
      });
    }
  }
}

/** More states than the first render of each page: staff pages, record deep links, the
 *  second sign-in step, a dialog, a form with errors, an unknown page. */
function moreStates() {
  const personas = readData('personas');
  const sms = personas.find((p) => p.key === 'sms');
  const c = `/customers/${sms.customer_id}`;
  const goal = readData('savings_goals').find((g) => g.customer_id === sms.customer_id);
  const user = readData('auth_users').find((u) => u.customer_id === sms.customer_id);
  const session = readData('login_sessions').find((s) => s.user_id === user.user_id);
  return [
    { name: 'alerts', path: '/analytics/alerts', ready: 'alert-total', as: 'analyst' },
    { name: 'alert', path: '/analytics/alerts', ready: 'alert-detail', as: 'analyst',
      async setup(page) {
        const open = page.getByTestId('alert-open').first();
        await open.waitFor();
        await open.click();
      } },
    { name: 'quality', path: '/analytics/quality', ready: 'dq-summary', as: 'analyst' },
    { name: 'vault', path: `${c}/vaults/${goal.goal_id}`, ready: 'vault-card', as: 'sms' },
    { name: 'session', path: `${c}/security/sessions/${session.session_id}`, ready: 'session-row', as: 'sms' },
    { name: 'not-found', path: '/no/such/page', ready: 'not-found' },
    { name: 'mfa-step', path: '/login', ready: 'mfa-step',
      async setup(page) {
        await page.locator('[data-testid="persona-fill"][data-persona-key="sms"]').click();
        await page.getByTestId('login-submit').click();
      } },
    { name: 'confirm-dialog', path: '/gallery', ready: 'confirm-dialog',
      async setup(page) { await page.getByTestId('gallery-open-dialog').click(); } },
    { name: 'request-form-error', path: `${c}/requests`, ready: 'form-error', as: 'sms',
      async setup(page) {
        await page.getByTestId('request-submit').waitFor();
        await page.getByTestId('request-submit').click();
      } },
  ];
}

for (const p of moreStates()) {
  for (const [lang, theme] of [['en', 'light'], ['en', 'dark'], ['ar', 'light'], ['ar', 'dark']]) {
    test(`axe: ${p.name} (${lang}, ${theme}) has no violation`, async () => {
      const page = await app.page({ as: p.as });
      await withPrefs(page, { lang, theme });
      await page.goto(`${app.url}${p.path}`);
      if (p.setup) await p.setup(page);
      await page.getByTestId(p.ready).first().waitFor();
      const violations = await axeViolations(page);
      assert.deepEqual(violations.map((v) => v.id), [],
        `axe violations on ${p.name} (${p.path}), lang=${lang}, theme=${theme}:\n${describe(violations)}`);
      await page.context().close();
    });
  }
}

/** Tag, test id or class and text of the focused element, with its focus style. */
function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const ring = (e) => {
      const style = getComputedStyle(e);
      return (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0)
        || (style.boxShadow && style.boxShadow !== 'none');
    };
    // A ring on the element, or on the control around it (the search box rings as a whole).
    const parent = el.parentElement;
    // A date field's calendar button is a focus stop inside the field's browser-drawn
    // parts (the field itself does not match :focus then): Chromium rings it itself, and
    // no page style reaches it.
    const picker = el.matches('input[type="date"]:not(:focus)');
    const visible = ring(el) || picker
      || (parent && parent.matches(':focus-within') && parent !== document.body && ring(parent));
    return {
      tag: el.tagName.toLowerCase(),
      testid: el.dataset.testid ?? null,
      cls: el.getAttribute('class') ?? '',
      id: el.id,
      text: (el.textContent ?? '').trim().slice(0, 40),
      inSidebar: !!el.closest('nav.sidebar'),
      visibleFocus: !!visible,
      focusVisible: el.matches(':focus-visible'),
    };
  });
}

test('keyboard: skip link first, then the sidebar, the preferences and page actions, all with a visible focus', async () => {
  const sms = readData('personas').find((p) => p.key === 'sms').customer_id;
  const page = await app.page({ as: 'sms' });
  await withPrefs(page, { lang: 'en', theme: 'light' });
  await page.goto(`${app.url}/customers/${sms}/notifications`);
  await page.getByTestId('notification-item').first().waitFor();

  // The first Tab lands on the skip link, shown on screen; Enter moves focus to <main>.
  await page.keyboard.press('Tab');
  const skip = await focused(page);
  assert.equal(skip?.cls, 'skip-link', `first Tab focused ${JSON.stringify(skip)}`);
  assert.equal(skip.text, 'Skip to content');
  assert.ok(skip.visibleFocus, 'the skip link shows its focus');
  // It slides into view (a short transition unless reduced motion is asked for).
  await page.waitForFunction(() => document.querySelector('a.skip-link').getBoundingClientRect().top >= 0);
  const path = new URL(page.url()).pathname;
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.id === 'main');
  assert.equal(new URL(page.url()).pathname, path, 'the skip link does not leave the page');

  // Tabbing on from the top reaches every part of the page, each with a visible focus.
  await page.locator('a.skip-link').focus();
  const seen = [];
  for (let i = 0; i < 80; i += 1) {
    await page.keyboard.press('Tab');
    const f = await focused(page);
    if (!f) continue;
    seen.push(f);
    if (f.testid === 'toggle-read') break;
  }
  const invisible = seen.filter((f) => !f.visibleFocus);
  assert.deepEqual(invisible, [], 'every focused element shows a focus style');
  assert.ok(seen.some((f) => f.inSidebar && f.tag === 'a' && f.text === 'Overview'), 'Tab reaches the sidebar links');
  assert.ok(seen.some((f) => f.testid === 'lang-toggle'), 'Tab reaches the language toggle');
  assert.ok(seen.some((f) => f.testid === 'theme-toggle'), 'Tab reaches the theme toggle');
  assert.ok(seen.some((f) => f.testid === 'only-unread'), 'Tab reaches the unread filter');
  assert.equal(seen.at(-1).testid, 'toggle-read', 'Tab reaches the read marks');

  // Enter toggles the read mark of the focused notification; focus stays on its button.
  const item = page.getByTestId('notification-item').first();
  const id = await item.getAttribute('data-id');
  const row = page.locator(`[data-testid="notification-item"][data-id="${id}"]`);
  const before = await row.getAttribute('data-read');
  await page.keyboard.press('Enter');
  await page.waitForFunction(([nid, b]) => document.querySelector(`[data-testid="notification-item"][data-id="${nid}"]`)?.dataset.read !== b, [id, before]);
  const after = await focused(page);
  assert.equal(after?.testid, 'toggle-read', `focus stays on the read mark after Enter: ${JSON.stringify(after)}`);
  // Space toggles it back.
  await page.keyboard.press('Space');
  await page.waitForFunction(([nid, b]) => document.querySelector(`[data-testid="notification-item"][data-id="${nid}"]`)?.dataset.read === b, [id, before]);
  // The mark gets its focus back in the next animation frame: let that happen first.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  assert.equal((await focused(page))?.testid, 'toggle-read', 'focus stays on the read mark after Space');

  // The language toggle works from the keyboard, and keeps focus.
  await page.getByTestId('lang-toggle').focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.documentElement.dir === 'rtl');
  assert.equal((await focused(page))?.testid, 'lang-toggle');
  // The theme toggle too.
  const theme = await page.evaluate(() => document.documentElement.dataset.theme);
  await page.getByTestId('theme-toggle').focus();
  await page.keyboard.press('Space');
  await page.waitForFunction((t) => document.documentElement.dataset.theme !== t, theme);
  assert.equal((await focused(page))?.testid, 'theme-toggle');
  await page.context().close();
});

test('keyboard: focus is visible in dark theme and Arabic too', async () => {
  const sms = readData('personas').find((p) => p.key === 'sms').customer_id;
  const page = await app.page({ as: 'sms' });
  await withPrefs(page, { lang: 'ar', theme: 'dark' });
  await page.goto(`${app.url}/customers/${sms}/transactions`);
  await page.getByTestId('ledger-row').first().waitFor();
  const seen = [];
  for (let i = 0; i < 40; i += 1) {
    await page.keyboard.press('Tab');
    const f = await focused(page);
    if (f) seen.push(f);
  }
  assert.ok(seen.length > 20, 'Tab moves through the page');
  assert.equal(seen[0].cls, 'skip-link');
  assert.deepEqual(seen.filter((f) => !f.visibleFocus), [], 'every focused element shows a focus style');
  await page.context().close();
});

test('keyboard: the sign-in page works without a mouse', async () => {
  const page = await app.page();
  await withPrefs(page, { lang: 'en', theme: 'light' });
  await page.goto(`${app.url}/login`);
  await page.getByTestId('login-submit').waitFor();
  await page.keyboard.press('Tab');
  assert.equal((await focused(page))?.cls, 'skip-link');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.id === 'main');
  // A persona chip fills the form; Enter in the password field submits.
  const chip = page.locator('[data-testid="persona-fill"][data-persona-key="quiet"]');
  await chip.focus();
  await page.keyboard.press('Enter');
  const password = page.locator('input[type="password"]').first();
  await password.focus();
  await page.keyboard.press('Enter');
  await page.getByTestId('sign-out').waitFor({ timeout: 20_000 });
  await page.context().close();
});

/** Every chart on the page: its accessible name and whether a table holds its figures. */
function charts(page) {
  return page.evaluate(() => [...document.querySelectorAll('svg[role="img"]')].map((svg) => {
    const ids = (svg.getAttribute('aria-labelledby') ?? '').split(/\s+/).filter(Boolean);
    const name = (svg.getAttribute('aria-label') ?? ids.map((id) => document.getElementById(id)?.textContent ?? '').join(' ')).trim();
    const figure = svg.closest('figure');
    const table = figure?.querySelector('table');
    return {
      testid: svg.dataset.testid ?? svg.getAttribute('aria-labelledby'),
      name,
      missingIds: ids.filter((id) => !document.getElementById(id)),
      rows: table ? table.querySelectorAll('tbody tr').length : 0,
      hasTable: !!table,
    };
  }));
}

for (const p of allPages().filter((p) => ['overview', 'analytics', 'gallery'].includes(p.name))) {
  test(`charts on ${p.name} have a name and a table alternative`, async () => {
    const page = await app.page({ as: p.as });
    await withPrefs(page, { lang: 'en' });
    await page.goto(`${app.url}${p.path}`);
    await page.getByTestId(p.ready).first().waitFor();
    await page.locator('svg[role="img"]').first().waitFor();
    const found = await charts(page);
    assert.ok(found.length > 0, 'the page has a chart');
    for (const c of found) {
      assert.ok(c.name.length > 3, `chart ${c.testid} has an accessible name: ${JSON.stringify(c)}`);
      assert.deepEqual(c.missingIds, [], `chart ${c.testid}: aria-labelledby points at existing elements`);
      assert.ok(c.hasTable && c.rows > 0, `chart ${c.testid} has a table alternative with rows: ${JSON.stringify(c)}`);
    }
    await page.context().close();
  });
}
