// Every page of the app with the element that shows it has rendered, for tests that
// visit them all (Arabic checks, screenshots).
import { readData } from './harness.mjs';

export function allPages() {
  const personas = readData('personas');
  const transactions = readData('transactions');
  const sms = personas.find((p) => p.key === 'sms').customer_id;
  const failed = transactions.find((t) => t.customer_id === sms && t.status === 'FAILED');
  const c = `/customers/${sms}`;
  return [
    { name: 'customers', path: '/', ready: 'customer-option' },
    { name: 'overview', path: c, ready: 'spending-month' },
    { name: 'transactions', path: `${c}/transactions`, ready: 'ledger-row' },
    { name: 'transaction', path: `${c}/transactions/${failed.transaction_id}`, ready: 'transaction-detail' },
    { name: 'vaults', path: `${c}/vaults`, ready: 'vault-card' },
    { name: 'security', path: `${c}/security`, ready: 'session-row' },
    { name: 'timeline', path: `${c}/timeline`, ready: 'timeline-item' },
    { name: 'requests', path: `${c}/requests`, ready: 'new-request-form' },
    { name: 'notifications', path: `${c}/notifications`, ready: 'notification-item' },
    { name: 'gallery', path: '/gallery', ready: 'gallery' },
  ];
}

/** Sets saved preferences before any script of the page runs. */
export async function withPrefs(page, { lang, theme, digits } = {}) {
  await page.addInitScript(([l, t, d]) => {
    if (l) localStorage.setItem('bankdash.lang', l);
    if (t) localStorage.setItem('bankdash.theme', t);
    if (d) localStorage.setItem('bankdash.digits', d);
  }, [lang, theme, digits]);
}
