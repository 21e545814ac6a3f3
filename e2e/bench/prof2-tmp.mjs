// TEMP: inclusive time of our own functions during the overview cold load (not committed)
const { launch, readData } = await import('../lib/harness.mjs');
const app = await launch({ root: process.env.BANKDASH_DIST });
const sms = readData('personas').find((p) => p.key === 'sms');
const incl = new Map(); let total = 0;
for (let run = 0; run < 4; run++) {
  const page = await app.page({ as: 'sms' });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  await page.goto(`${app.url}/customers/${sms.customer_id}`);
  await page.getByTestId('total-balance').waitFor();
  const { profile } = await cdp.send('Profiler.stop');
  await page.context().close();
  if (run === 0) continue;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map(); profile.nodes.forEach((n) => (n.children ?? []).forEach((c) => parent.set(c, n.id)));
  profile.samples.forEach((id, i) => {
    const d = (profile.timeDeltas[i] ?? 0) / 1000; total += d;
    const seen = new Set();
    for (let x = id; x !== undefined; x = parent.get(x)) {
      let k = byId.get(x).callFrame.functionName.replace(/::h[0-9a-f]{16}/g, '');
      if (!/bankdash|CompileLazy|\(program\)|\(garbage|chrono|serde|dlmalloc|clone|Clone|replay|visible/.test(k)) continue;
      k = k.slice(0, 150);
      if (!seen.has(k)) { seen.add(k); incl.set(k, (incl.get(k) ?? 0) + d); }
    }
  });
}
console.log('total sampled', (total / 3).toFixed(0));
[...incl].sort((a, b) => b[1] - a[1]).slice(0, 70).forEach(([k, v]) => console.log(`${(v / 3).toFixed(1).padStart(7)} ${k}`));
await app.close();
