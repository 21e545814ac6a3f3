// Shared setup: the dist/ server, Debian's Chromium through playwright-core, and the
// bundled dataset the tests compute their expectations from.
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
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

export async function launch() {
  const { server, url } = await startServer(DIST);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--no-first-run', '--disable-sync', '--disable-quic'],
  });
  return {
    url,
    /** A page in a fresh browser context: its own localStorage, so tests do not share changes. */
    async page() {
      const context = await browser.newContext({ acceptDownloads: true });
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
