// Captures every page in English and Arabic, light and dark, at desktop and mobile
// widths into a folder for review:  node bench/screenshots.mjs [OUT_DIR]
import { mkdir } from 'node:fs/promises';
import { launch } from '../lib/harness.mjs';
import { allPages, withPrefs } from '../lib/pages.mjs';

const out = process.argv[2] ?? '../screenshots';
await mkdir(out, { recursive: true });
const app = await launch();
const sizes = { desktop: { width: 1440, height: 900 }, mobile: { width: 360, height: 780 } };
let n = 0;
for (const lang of ['en', 'ar']) {
  for (const theme of ['light', 'dark']) {
    for (const [size, viewport] of Object.entries(sizes)) {
      for (const p of allPages()) {
        const page = await app.page({ as: p.as });
        await withPrefs(page, { lang, theme });
        await page.setViewportSize(viewport);
        await page.goto(`${app.url}${p.path}`);
        await page.getByTestId(p.ready).first().waitFor();
        await page.screenshot({ path: `${out}/${p.name}-${lang}-${theme}-${size}.png`, fullPage: true });
        await page.context().close();
        n += 1;
      }
    }
  }
}
await app.close();
console.log(`${n} screenshots in ${out}`);
