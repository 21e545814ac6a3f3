// Every page of the app with the element that shows it has rendered and the persona
// signed in to see it (none for the sign-in pages), for tests that visit them all
// (Arabic checks, 360 px, screenshots).
import { readData } from './harness.mjs';

export function allPages() {
  const personas = readData('personas');
  const transactions = readData('transactions');
  const sms = personas.find((p) => p.key === 'sms').customer_id;
  const failed = transactions.find((t) => t.customer_id === sms && t.status === 'FAILED');
  const c = `/customers/${sms}`;
  const other = personas.find((p) => p.key === 'app').customer_id;
  return [
    { name: 'login', path: '/login', ready: 'login-submit' },
    { name: 'forgot-password', path: '/forgot-password', ready: 'reset-email' },
    { name: 'overview', path: c, ready: 'spending-month', as: 'sms' },
    { name: 'transactions', path: `${c}/transactions`, ready: 'ledger-row', as: 'sms' },
    { name: 'transaction', path: `${c}/transactions/${failed.transaction_id}`, ready: 'transaction-detail', as: 'sms' },
    { name: 'vaults', path: `${c}/vaults`, ready: 'vault-card', as: 'sms' },
    { name: 'security', path: `${c}/security`, ready: 'session-row', as: 'sms' },
    { name: 'timeline', path: `${c}/timeline`, ready: 'timeline-item', as: 'sms' },
    { name: 'requests', path: `${c}/requests`, ready: 'new-request-form', as: 'sms' },
    { name: 'notifications', path: `${c}/notifications`, ready: 'notification-item', as: 'sms' },
    { name: 'profile', path: `${c}/profile`, ready: 'profile-form', as: 'sms' },
    { name: 'not-yours', path: `/customers/${other}`, ready: 'not-yours', as: 'sms' },
    { name: 'analytics', path: '/analytics', ready: 'analytics-home', as: 'analyst' },
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
