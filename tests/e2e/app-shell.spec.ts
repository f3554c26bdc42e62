import { pageIds } from '../../src/shared/contract';
import { expect, test } from '../support/bridge';

const pageTitles = { overview: 'Overview', customers: 'Customers', cohorts: 'Cohorts', insights: 'Insights', sync: 'Sync', reports: 'Reports', settings: 'Settings' };
const testKey = 'rk_test_51AbCdEfGhIjKlMnOpQrStUvWx9z7Q';

test.describe('the app shell', () => {
  // Connecting checks the key with Stripe: the demo simulator stands in for it, and knows this key.
  test.use({ demo: { server: { extraApiKeys: [testKey] } } });

  test('a first run opens the demo account and every page can be visited, in light and in dark', async ({ page, app }) => {
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto('/');
    await expect(page.getByRole('heading', { name: 'Welcome to Recur' })).toBeVisible();
    await app.screenshot('first-run-light');

    await page.getByRole('button', { name: 'Open the demo account' }).click();
    const nav = page.getByRole('navigation', { name: 'Main' });
    await expect(nav).toBeVisible();
    await expect(page.getByRole('note').getByText('You are exploring a made-up business simulated on this computer.')).toBeVisible();

    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const id of pageIds) {
        await nav.getByRole('button', { name: pageTitles[id] }).click();
        await expect(page.getByRole('heading', { level: 1, name: pageTitles[id] })).toBeVisible();
        await expect(nav.getByRole('button', { name: pageTitles[id] })).toHaveAttribute('aria-current', 'page');
        await app.screenshot(`${id}-${scheme}`);
      }
    }
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).toBe('rgb(17, 17, 20)');
  });

  test('the last page visited is where the app reopens', async ({ page, app }) => {
    await app.testCore.core.dispatch('accounts:connect-demo', undefined);
    await page.goto('/');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Reports' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Reports' })).toBeVisible();
    await expect.poll(async () => (await app.testCore.core.dispatch('settings:get', undefined))).toMatchObject({ ok: true, value: { lastPage: 'reports' } });
    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: 'Reports' })).toBeVisible();
  });

  test('connecting a key says its mode, and the key never comes back to the page', async ({ page, app }) => {
    await page.goto('/');
    const keyField = page.getByLabel('Stripe API key');
    await keyField.fill('pk_test_51AbCdEfGhIjKlMnOpQrStUv');
    await expect(page.getByText('That is a publishable key')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Connect account' })).toBeDisabled();

    await keyField.fill(testKey);
    await expect(page.getByText(`Test-mode restricted key ending in ${testKey.slice(-4)}.`)).toBeVisible();
    await page.getByLabel('Name (optional)').fill('Acme Inc.');
    await page.getByRole('button', { name: 'Connect account' }).click();

    await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
    await expect(page.getByText('Acme Inc.').first()).toBeVisible();
    await expect(page.getByText(`Test · restricted …${testKey.slice(-4)}`).first()).toBeVisible();
    await app.screenshot('settings-with-account');

    // Another key for the same Stripe account (a rolled key), from Settings: it replaces Acme Inc.'s key, and the page
    // says so; no second account is added.
    const secretKey = (await app.simulator()).apiKey;
    await page.getByRole('button', { name: 'Add a Stripe account' }).click();
    await page.getByLabel('Stripe API key').fill(secretKey);
    await page.getByRole('button', { name: 'Connect account' }).click();
    const connected = page.getByRole('region', { name: 'Accounts' }).getByRole('status');
    await expect(connected).toHaveText('Replaced the key of Acme Inc. (test mode): Stripe accepted the new key, and it may read everything Recur needs. Its synced data is kept.');
    await expect(page.getByText(`Test · secret …${secretKey.slice(-4)}`).first()).toBeVisible();
    await expect(page.getByText(`Test · restricted …${testKey.slice(-4)}`)).toHaveCount(0);

    const html = await page.content();
    expect(html).not.toContain(testKey);
    expect(html).not.toContain(secretKey);
    expect(app.testCore.logger.text()).not.toContain(testKey);
    expect(app.testCore.logger.text()).not.toContain(secretKey);
  });

  test('a change made outside the window (the CLI, a sync) shows up through data:changed without a reload', async ({ page, app }) => {
    await app.testCore.core.dispatch('accounts:connect-demo', undefined);
    await page.goto('/');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
    const accounts = page.getByRole('region', { name: 'Accounts' });
    await expect(accounts.getByRole('listitem')).toHaveCount(1);

    // The core emits data:changed itself; the bridge forwards it to the page as the Electron notifier would.
    const connected = await app.testCore.core.dispatch('accounts:connect', { apiKey: testKey, displayName: 'Added elsewhere' });
    expect(connected.ok).toBe(true);
    await expect(accounts.getByRole('listitem')).toHaveCount(2);
    await expect(accounts.getByText('Added elsewhere')).toBeVisible();
  });

  test('the built page runs under a strict content security policy with no Node in reach', async ({ page }) => {
    await page.goto('/');
    const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    const reach = await page.evaluate(() => ({
      require: typeof (window as unknown as { require?: unknown }).require,
      process: typeof (window as unknown as { process?: unknown }).process,
    }));
    expect(reach).toEqual({ require: 'undefined', process: 'undefined' });
  });
});
