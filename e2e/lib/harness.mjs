// Shared setup: the dist/ server, Debian's Chromium through playwright-core, and the
// bundled dataset the tests compute their expectations from.
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { createHmac } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { startServer } from './server.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DIST = process.env.BANKDASH_DIST ?? join(root, 'dist');

export function readData(name) {
  return JSON.parse(readFileSync(join(DIST, 'data', `${name}.json`), 'utf8'));
}

/** The Kuwait (UTC+3) calendar date "YYYY-MM-DD" of an ISO timestamp. */
export function kuwaitDate(iso) {
  return new Date(Date.parse(iso) + 3 * 3600 * 1000).toISOString().slice(0, 10);
}

/** KWD amount (a JSON number with <= 3 decimals) to integer fils. */
export const toFils = (kwd) => Math.round(kwd * 1000);

/** The app's human format: "KWD 1,234.500", "-KWD 0.005". */
export function formatKwd(fils) {
  const sign = fils < 0 ? '-' : '';
  const abs = Math.abs(fils);
  const whole = Math.floor(abs / 1000).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}KWD ${whole}.${String(abs % 1000).padStart(3, '0')}`;
}

/** RFC 4648 base32 (no padding) to bytes. */
function base32Decode(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  const out = [];
  for (const c of text.replace(/[\s=]/g, '').toUpperCase()) {
    value = (value << 5) | alphabet.indexOf(c);
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push((value >>> bits) & 0xff);
    }
  }
  return Buffer.from(out);
}

/** RFC 6238 TOTP: HMAC-SHA1, 30-second steps, 6 digits, as an authenticator app computes it. */
export function totp(secret, unixSeconds) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(unixSeconds / 30)));
  const hash = createHmac('sha1', base32Decode(secret)).update(counter).digest();
  const offset = hash[19] & 0x0f;
  const bin = hash.readUInt32BE(offset) & 0x7fffffff;
  return String(bin % 1_000_000).padStart(6, '0');
}

export const persona = (key) => readData('personas').find((p) => p.key === key);

/**
 * Types credentials into the sign-in form, submits, and waits until that check is done
 * (the form counts finished checks in data-checks; bcrypt runs in the page).
 */
export async function submitCredentials(page, email, password, { timeout = 20_000 } = {}) {
  const form = page.getByTestId('login-form');
  const before = Number(await form.getAttribute('data-checks'));
  await page.getByTestId('login-email').fill(email);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.waitForFunction((n) => {
    const f = document.querySelector('[data-testid="login-form"]');
    return !f || Number(f.dataset.checks) > n;
  }, before, { timeout });
}

/**
 * Signs in as a demo persona through the sign-in page, like a user: persona fill, password,
 * then the second factor (the demo SMS/email code, a TOTP code, or the biometric confirm).
 * Resolves once the persona's home page shows.
 */
export async function signIn(page, url, key) {
  const p = persona(key);
  await page.goto(`${url}/login`);
  await page.locator(`[data-testid="persona-fill"][data-persona-key="${key}"]`).click();
  await page.getByTestId('login-submit').click();
  const step = page.getByTestId('mfa-step');
  await Promise.race([step.waitFor({ timeout: 20_000 }), page.getByTestId('sign-out').waitFor({ timeout: 20_000 })]);
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
  await page.getByTestId('sign-out').waitFor({ timeout: 20_000 });
  return p;
}

/**
 * Serves a build (default: dist/ at the root) and starts Chromium. With `prefix` the build
 * is served under that path, GitHub Pages style, and `url` includes it.
 */
export async function launch({ root = DIST, prefix = '/' } = {}) {
  const started = await startServer(root, 0, { prefix });
  const { server } = started;
  const url = started.url + prefix.replace(/\/$/, '');
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--no-first-run', '--disable-sync', '--disable-quic'],
  });
  const states = new Map();
  async function signedInState(key) {
    if (!states.has(key)) {
      const context = await browser.newContext();
      const page = await context.newPage();
      page.setDefaultTimeout(10_000);
      await signIn(page, url, key);
      states.set(key, await context.storageState());
      await context.close();
    }
    return states.get(key);
  }
  return {
    url,
    /**
     * A page in a fresh browser context: its own localStorage, so tests do not share changes.
     * With `as`, signed in as that persona (signed in once through the UI per persona, then
     * each new context starts from the browser storage saved right after that sign-in).
     */
    async page({ as } = {}) {
      const storageState = as ? await signedInState(as) : undefined;
      const context = await browser.newContext({ acceptDownloads: true, storageState });
      const page = await context.newPage();
      page.setDefaultTimeout(10_000);
      page.on('pageerror', (e) => console.error('page error:', e.message));
      return page;
    },
    async close() {
      await browser.close();
      server.close();
    },
  };
}
