// The app shell on the bundled dataset: pick a customer, see their total balance and
// accounts; a missing or malformed data file gives an error screen naming it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, readData, toFils, formatKwd } from '../lib/harness.mjs';

let app;
before(async () => { app = await launch(); });
after(async () => { await app.close(); });

const customers = readData('customers');
const accounts = readData('accounts');
const personas = readData('personas');

function expectedTotal(customerId) {
  return accounts.filter((a) => a.customer_id === customerId).reduce((sum, a) => sum + toFils(a.balance), 0);
}

async function seeOverview(page, customerId) {
  const total = page.getByTestId('total-balance');
  await total.waitFor();
  const fils = expectedTotal(customerId);
  assert.equal(await total.getAttribute('data-amount-fils'), String(fils));
  assert.equal((await total.textContent()).trim(), formatKwd(fils));
  const rows = page.getByTestId('account-row');
  const own = accounts.filter((a) => a.customer_id === customerId).map((a) => a.account_id).sort();
  const shown = await rows.evaluateAll((els) => els.map((e) => e.dataset.accountId));
  assert.deepEqual(shown.sort(), own);
}

test('pick a customer and see the total balance computed from accounts.json', async () => {
  const page = await app.page();
  await page.goto(app.url);
  const persona = personas.find((p) => p.key === 'sms');
  await page.locator(`[data-testid="customer-option"][data-customer-id="${persona.customer_id}"]`).click();
  await seeOverview(page, persona.customer_id);
  assert.match(page.url(), new RegExp(`/customers/${persona.customer_id}$`));
  await page.close();
});

test('the top-bar picker switches customers and a deep link opens directly', async () => {
  const page = await app.page();
  const [first, second] = customers;
  await page.goto(`${app.url}/customers/${first.customer_id}`);
  await seeOverview(page, first.customer_id);
  await page.getByTestId('customer-picker').selectOption(second.customer_id);
  await page.waitForURL(`**/customers/${second.customer_id}`);
  await seeOverview(page, second.customer_id);
  await page.close();
});

test('the picker lists every customer in the dataset', async () => {
  const page = await app.page();
  await page.goto(app.url);
  await page.getByTestId('customer-option').first().waitFor();
  const ids = await page.getByTestId('customer-option').evaluateAll((els) => els.map((e) => e.dataset.customerId));
  assert.deepEqual(ids.sort(), customers.map((c) => c.customer_id).sort());
  await page.close();
});

test('an unknown customer id says so', async () => {
  const page = await app.page();
  await page.goto(`${app.url}/customers/not-a-customer`);
  await page.getByTestId('customer-not-found').waitFor();
  assert.match(await page.getByTestId('customer-not-found').textContent(), /not-a-customer/);
  await page.close();
});

async function errorFor(setup) {
  const page = await app.page();
  await setup(page);
  await page.goto(app.url);
  const error = page.getByTestId('app-error');
  await error.waitFor();
  const text = await error.textContent();
  await page.close();
  return text;
}

test('a missing data file names the file and the HTTP status', async () => {
  const text = await errorFor((page) => page.route('**/data/transactions.json', (r) => r.fulfill({ status: 404, body: 'gone' })));
  assert.match(text, /transactions\.json/);
  assert.match(text, /HTTP 404/);
});

test('a file that is not JSON names the file', async () => {
  const text = await errorFor((page) => page.route('**/data/accounts.json', (r) => r.fulfill({ status: 200, body: '{"oops": ' })));
  assert.match(text, /accounts\.json/);
  assert.match(text, /not a valid JSON array/);
});

test('a malformed record names the file, the record and the problem', async () => {
  const broken = accounts.map((a, i) => (i === 2 ? { ...a, balance: 'lots' } : a));
  const text = await errorFor((page) => page.route('**/data/accounts.json', (r) => r.fulfill({ status: 200, body: JSON.stringify(broken) })));
  assert.match(text, /accounts\.json/);
  assert.match(text, new RegExp(`Record 2 \\(${accounts[2].account_id}\\)`));
  assert.match(text, /lots/);
});

test('an amount with a fourth decimal is rejected, not rounded', async () => {
  const broken = accounts.map((a, i) => (i === 0 ? { ...a, balance: 10.0005 } : a));
  const text = await errorFor((page) => page.route('**/data/accounts.json', (r) => r.fulfill({ status: 200, body: JSON.stringify(broken) })));
  assert.match(text, /accounts\.json/);
  assert.match(text, /more than 3 decimal places/);
});
