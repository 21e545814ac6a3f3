// Every page fits a 360 px wide screen (no sideways scrolling of the page), in English
// and in Arabic.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch } from '../lib/harness.mjs';
import { allPages, withPrefs } from '../lib/pages.mjs';

let app;
before(async () => { app = await launch(); });
after(async () => { await app.close(); });

for (const lang of ['en', 'ar']) {
  test(`every page fits 360 px (${lang})`, async () => {
    const wide = [];
    for (const p of allPages()) {
      const page = await app.page({ as: p.as });
      await withPrefs(page, { lang });
      await page.setViewportSize({ width: 360, height: 780 });
      await page.goto(`${app.url}${p.path}`);
      await page.getByTestId(p.ready).first().waitFor();
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      if (width > 360) wide.push(`${p.name}: ${width}px`);
      await page.context().close();
    }
    assert.deepEqual(wide, []);
  });
}
