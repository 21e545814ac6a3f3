// Data quality (/analytics/quality): the validator's rules run in the browser on the
// loaded data. On the bundled data every rule passes and there is one check per rule the
// validator knows; on a corrupted copy the page reports exactly what
// `datagen validate --json` reports for the same files: the same rules, counts, record ids
// and messages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch, readData, DIST } from '../lib/harness.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

let app;
before(async () => { app = await launch(); });
after(async () => { await app.close(); });

/**
 * The rule ids the validator knows, in its order: the `Rule` enum in the domain crate's
 * validate.rs, whose strings are what `datagen validate` prints. (datagen has no flag that
 * lists its rules, and `validate --json` on clean data names none.)
 */
function validatorRules() {
  const src = readFileSync(join(root, 'crates/domain/src/validate.rs'), 'utf8');
  const block = src.match(/\bRule \{([\s\S]*?)\}\n\);/);
  assert.ok(block, 'the Rule enum in validate.rs');
  const rules = [...block[1].matchAll(/=\s*"([a-z0-9-]+)"/g)].map((m) => m[1]);
  assert.ok(rules.length >= 20 && rules.includes('account-balance'), `rules found: ${rules}`);
  return rules;
}

/** `datagen validate DIR --json` (exit 1 just means violations were found). */
function datagenValidate(dir) {
  const run = spawnSync('cargo', ['run', '--release', '--quiet', '--bin', 'datagen', '--', 'validate', dir, '--json'],
    { cwd: root, encoding: 'utf8', maxBuffer: 256 << 20 });
  assert.ok(run.status === 0 || run.status === 1, `datagen validate failed (${run.status}): ${run.stderr}`);
  return JSON.parse(run.stdout);
}

/** The data-* attributes of every element with this test id, as plain objects. */
const rows = (page, testid) => page.getByTestId(testid).evaluateAll((els) => els.map((e) => ({ ...e.dataset })));

async function openQuality(page) {
  await page.goto(`${app.url}/analytics/quality`);
  await page.getByTestId('dq-summary').waitFor({ timeout: 20_000 });
}

test('bundled data: one passing check per validator rule, every field check passes, fits 360 px', async () => {
  const rules = validatorRules();
  assert.equal(datagenValidate(join(DIST, 'data')).ok, true, 'datagen finds the bundled data valid');
  const page = await app.page({ as: 'analyst' });
  await openQuality(page);

  const checks = await rows(page, 'dq-check');
  assert.deepEqual(checks.map((c) => c.rule), rules, 'one check per rule, in the validator\'s order');
  for (const c of checks) {
    assert.equal(c.violations, '0', c.rule);
    if (c.rule === 'meta-counts') {
      // meta.json's counts are not part of the loaded data: the page says so.
      assert.deepEqual([c.status, c.scope], ['skipped', 'unavailable'], c.rule);
    } else {
      assert.equal(c.status, 'pass', c.rule);
    }
  }
  assert.deepEqual(
    checks.filter((c) => c.scope === 'load').map((c) => c.rule), ['json', 'schema', 'amount-precision'],
    'rules the loader enforces are marked as such');
  const summary = await page.getByTestId('dq-summary').evaluate((e) => ({ ...e.dataset }));
  assert.deepEqual(
    [summary.checks, summary.passed, summary.failed, summary.skipped, summary.violations],
    [String(rules.length), String(rules.length - 1), '0', '1', '0']);

  // Field checks: all pass, and they cover each kind.
  const fields = await rows(page, 'dq-field');
  assert.ok(fields.length > 100, `${fields.length} field checks`);
  assert.deepEqual(fields.filter((f) => f.status !== 'pass'), []);
  assert.deepEqual([...new Set(fields.map((f) => f.kind))].sort(), ['duplicate', 'format', 'null']);
  const customers = readData('customers');
  const email = fields.find((f) => f.collection === 'customers' && f.field === 'email' && f.kind === 'duplicate');
  assert.equal(Number(email.checked), customers.length);
  const goalDates = fields.find((f) => f.collection === 'savings_goals' && f.field === 'target_date');
  assert.equal(Number(goalDates.nulls), readData('savings_goals').filter((g) => g.target_date === null).length);

  // Failing only: nothing to show.
  await page.getByTestId('dq-failing-only').check();
  await page.getByTestId('dq-none-failing').waitFor();
  assert.equal(await page.getByTestId('dq-check').count(), 0);
  assert.equal(await page.getByTestId('dq-field').count(), 0);
  await page.getByTestId('dq-failing-only').uncheck();
  await page.getByTestId('dq-check').first().waitFor();

  // 360 px: no sideways scrolling, in English and in Arabic.
  await page.setViewportSize({ width: 360, height: 780 });
  for (const lang of ['en', 'ar']) {
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `${lang}: page is ${width}px wide at 360px`);
    if (lang === 'en') {
      await page.getByTestId('lang-toggle').click();
      await page.waitForFunction(() => document.documentElement.dir === 'rtl');
    }
  }
  assert.match(await page.locator('.dq h2').first().innerText(), /[\u0600-\u06FF]/, 'headings in Arabic');
  await page.context().close();
});

test('corrupted data: the page reports exactly what datagen validate reports', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bankdash-dq-'));
  try {
    cpSync(join(DIST, 'data'), dir, { recursive: true });
    const files = {};
    const load = (name) => (files[name] ??= JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')));
    const personas = load('personas');
    // Keep every persona (the analyst signs in) out of the corruption.
    const personaUsers = new Set(personas.map((p) => p.user_id));
    const personaCustomers = new Set(personas.map((p) => p.customer_id).filter(Boolean));
    const others = (name, owner) => load(name).filter((r) => !personaCustomers.has(r.customer_id) && !personaUsers.has(r.user_id))
      .filter(owner ?? (() => true));
    const fils = (kwd) => Math.round(kwd * 1000);
    const asOf = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')).as_of;
    const dayAfter = new Date(Date.parse(`${asOf}T12:00:00+03:00`) + 86_400_000).toISOString().slice(0, 10);

    const accounts = others('accounts');
    accounts.at(-1).balance = -1234.5; // account-balance
    const iban = accounts.at(-2).iban; // iban (and the iban format field check)
    accounts.at(-2).iban = iban.slice(0, -1) + (iban.at(-1) === '0' ? '1' : '0');
    const customers = others('customers');
    customers.at(-1).email = customers.at(-2).email.toUpperCase(); // field check: duplicate email
    customers.at(-3).phone = '+96522212345'; // phone-format
    const disputed = new Set(load('dispute_records').map((d) => d.transaction_id));
    const txn = others('transactions', (t) => t.status !== 'COMPLETED' && !disputed.has(t.transaction_id)).at(-1);
    txn.account_id = '00000000-0000-4000-8000-00000000dead'; // reference
    const sessions = others('login_sessions');
    sessions.at(-1).ip_address = '8.8.8.8'; // kuwait-ip, twice
    sessions.at(-2).ip_address = '203.0.113.9';
    others('service_requests').at(-1).updated_at = `${dayAfter}T08:00:00+03:00`; // timestamp-after-as-of
    const audit = others('audit_logs').at(-1);
    audit.created_at = new Date(Date.parse(audit.created_at)).toISOString(); // timestamp-offset (UTC)
    const dispute = others('dispute_records').at(-1);
    const completed = load('transactions').find((t) => t.customer_id === dispute.customer_id && t.status === 'COMPLETED');
    dispute.transaction_id = completed.transaction_id; // dispute-failed-transaction
    others('auth_users', (u) => u.status === 'ACTIVE' && u.customer_id).at(-1).failed_login_attempts = 7; // locked-after-failures
    others('credentials').at(-1).pin_hash = '1234'; // credential-hash (the page sees credentials)
    const goal = others('savings_goals', (g) => g.current_amount > 0).at(-1);
    goal.target_amount = (fils(goal.current_amount) - 1) / 1000; // goal-amount
    for (const [name, records] of Object.entries(files)) {
      if (name !== 'personas') writeFileSync(join(dir, `${name}.json`), JSON.stringify(records));
    }

    const report = datagenValidate(dir);
    assert.equal(report.ok, false);
    const expected = new Map();
    for (const v of report.violations) {
      if (!expected.has(v.rule)) expected.set(v.rule, []);
      expected.get(v.rule).push(v);
    }
    assert.deepEqual([...expected.keys()].sort(), [
      'account-balance', 'credential-hash', 'dispute-failed-transaction', 'goal-amount', 'iban', 'kuwait-ip',
      'locked-after-failures', 'phone-format', 'reference', 'timestamp-after-as-of', 'timestamp-offset',
    ], 'each corruption breaks the rule it aims at');

    // The app fetches data/<collection>.json: serve the corrupted files instead.
    const page = await app.page({ as: 'analyst' });
    for (const name of Object.keys(files).filter((n) => n !== 'personas')) {
      const body = readFileSync(join(dir, `${name}.json`));
      await page.route(`**/data/${name}.json`, (route) => route.fulfill({ status: 200, contentType: 'application/json', body }));
    }
    await openQuality(page);

    const checks = await rows(page, 'dq-check');
    assert.deepEqual(checks.map((c) => c.rule), validatorRules());
    for (const c of checks) {
      const want = expected.get(c.rule) ?? [];
      assert.equal(Number(c.violations), want.length, `${c.rule}: violations`);
      assert.equal(c.status, want.length ? 'fail' : c.rule === 'meta-counts' ? 'skipped' : 'pass', `${c.rule}: status`);
      if (!want.length) continue;
      const check = page.locator(`[data-testid="dq-check"][data-rule="${c.rule}"]`);
      await check.locator('summary').click();
      const offenders = check.getByTestId('dq-offender');
      await offenders.first().waitFor();
      const got = await offenders.evaluateAll((els) => els.map((e) => ({
        file: e.dataset.file, record_id: e.dataset.recordId, message: e.querySelector('.dq-message').textContent,
      })));
      const key = (v) => `${v.file} ${v.record_id} ${v.message}`;
      assert.deepEqual(got.map(key).sort(), want.map(key).sort(), `${c.rule}: offending records`);
    }
    const summary = await page.getByTestId('dq-summary').evaluate((e) => ({ ...e.dataset }));
    assert.equal(Number(summary.violations), report.violations.length);
    assert.equal(Number(summary.failed), expected.size);

    // Field checks: the duplicate email (another letter case) and the malformed values.
    const fields = await rows(page, 'dq-field');
    const failing = fields.filter((f) => f.status === 'fail')
      .map((f) => `${f.collection}.${f.field} ${f.kind} ${f.violations}`).sort();
    assert.deepEqual(failing, [
      'accounts.iban format 1', 'customers.email duplicate 1', 'customers.phone format 1',
    ]);
    const dup = page.locator('[data-testid="dq-field"][data-collection="customers"][data-field="email"][data-kind="duplicate"]');
    assert.deepEqual(await dup.getByTestId('dq-field-offender').evaluateAll((els) => els.map((e) => e.dataset.recordId)),
      [customers.at(-1).customer_id]);

    // Long ids and messages wrap: nothing scrolls sideways at 360 px with the lists open.
    await dup.locator('summary').click();
    await page.setViewportSize({ width: 360, height: 780 });
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `page is ${width}px wide at 360px`);

    // Failing only: just the failing rules.
    await page.getByTestId('dq-failing-only').check();
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="dq-check"]').length === n, expected.size);
    assert.deepEqual((await rows(page, 'dq-check')).map((c) => c.status), Array(expected.size).fill('fail'));
    assert.equal(await page.getByTestId('dq-field').count(), 3);
    await page.context().close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
