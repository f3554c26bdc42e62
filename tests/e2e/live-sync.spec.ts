import { type Page } from '@playwright/test';
import { formatMoney } from '../../src/renderer/lib/format';
import { type ChannelOutput } from '../../src/shared/contract';
import { type AppFixture, expect, test } from '../support/bridge';

// Within the 30 days Stripe keeps events, so Sync Now polls them (a longer gap would run a full sync instead).
const daysBehind = 20;

/**
 * The business lives on while Recur is open: the demo simulator starts 20 days behind, the test moves its clock to
 * now (sign-ups, upgrades, cancellations and their events), and Sync Now brings the change in without a reload.
 */
test.describe('Sync Now while the account changes', () => {
  test.use({ demo: { now: Math.floor(Date.now() / 1000) - daysBehind * 86_400 } });

  test('new MRR appears on the Overview without a reload, and the sync log gains a row', async ({ page, app }) => {
    test.setTimeout(120_000);
    const overview = async (accountId: string) => {
      const answer = await app.testCore.core.dispatch('metrics:overview', { accountId });
      if (!answer.ok) throw new Error(answer.error.message);
      return answer.value as ChannelOutput<'metrics:overview'>;
    };

    await page.goto('/');
    await page.getByRole('button', { name: 'Open the demo account' }).click();
    const mrrCard = page.getByRole('region', { name: 'Key figures' }).getByRole('button', { name: /^MRR:/ });
    await expect(mrrCard).toBeVisible({ timeout: 45_000 });
    const accounts = await app.testCore.core.dispatch('accounts:list', undefined);
    const accountId = accounts.ok ? (accounts.value as { id: string }[])[0]?.id ?? '' : '';
    const before = await overview(accountId);
    const label = (await mrrCard.getAttribute('aria-label')) ?? '';
    const currency = Object.keys(before.byCurrency).find((code) => label.startsWith(`MRR: ${formatMoney(before.byCurrency[code]?.mrr ?? 0, code)}`));
    if (!currency) throw new Error(`the MRR card (${label}) shows none of the core's currencies`);
    const customersBefore = app.testCore.core.context.db.prepare('SELECT count(*) FROM customers').pluck().get() as number;
    await page.evaluate(() => ((window as unknown as { stillTheSamePage: boolean }).stillTheSamePage = true));

    (await app.simulator()).account.clock.advance(daysBehind * 86_400);
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('button', { name: 'Sync' }).click();
    const log = page.getByRole('region', { name: 'Sync log' });
    const rowsBefore = await log.getByRole('row').count();
    await page.getByRole('button', { name: 'Sync Now' }).click();
    await expect(log.getByRole('row')).toHaveCount(rowsBefore + 1, { timeout: 30_000 });
    await expect(page.getByRole('button', { name: 'Sync Now' })).toBeEnabled({ timeout: 30_000 });

    const after = await overview(accountId);
    const customersAfter = app.testCore.core.context.db.prepare('SELECT count(*) FROM customers').pluck().get() as number;
    expect(customersAfter).toBeGreaterThan(customersBefore);
    const mrrAfter = after.byCurrency[currency]?.mrr ?? 0;
    expect(mrrAfter).not.toBe(before.byCurrency[currency]?.mrr);

    await nav.getByRole('button', { name: 'Overview' }).click();
    await expect(mrrCard).toHaveAttribute('aria-label', new RegExp(`^MRR: ${formatMoney(mrrAfter, currency).replace(/[$.*+?^(){}|[\]\\]/g, '\\$&')}`));
    expect(await page.evaluate(() => (window as unknown as { stillTheSamePage?: boolean }).stillTheSamePage)).toBe(true);
    await app.screenshot('overview-after-live-sync');
  });
});

/**
 * What a person sees when Stripe refuses the key, or a restricted key lacks a permission (STRIPE-SYNC.md, errors): at
 * connect, where the key is checked with Stripe before anything is stored, and when it happens later, during a sync.
 */
test.describe('keys Stripe refuses', () => {
  const limitedKey = 'rk_test_51LimitedKeyNoInvoices000000000000';
  /** Accepted at connect with every permission; the tests then revoke it, or take invoices away from it. */
  const laterKey = 'rk_test_51FineAtFirstAbCdEfGhIjKlMn5555';
  test.use({ demo: { server: { extraApiKeys: [limitedKey, laterKey], restrictedKeys: { [limitedKey]: { deny: ['invoices', 'invoice_lines'] } } } } });

  const submitKey = async (page: Page, apiKey: string) => {
    await page.goto('/');
    await page.getByLabel('Stripe API key').fill(apiKey);
    await page.getByRole('button', { name: 'Connect account' }).click();
  };

  /** Connects `laterKey` and waits for the first sync (started by connecting) to succeed. */
  const connectAndSync = async (page: Page) => {
    await submitKey(page, laterKey);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Sync' }).click();
    await expect(page.getByRole('region', { name: 'Sync log' }).getByText('succeeded')).toBeVisible({ timeout: 45_000 });
  };

  const storedAccounts = (app: AppFixture) => app.testCore.core.context.db.prepare('SELECT count(*) FROM accounts').pluck().get();

  test('a rejected key is refused at connect, with what to do, and nothing is stored', async ({ page, app }) => {
    const rejected = 'rk_test_51RejectedKeyAbCdEfGhIjKlMn9876';
    // A slow Stripe, so the check can be seen while it runs.
    (await app.simulator()).server.setOptions({ latency: { baseMs: 400, perObjectMs: 0 } });
    await submitKey(page, rejected);
    await expect(page.getByRole('button', { name: 'Checking key with Stripe…' })).toBeDisabled();
    const form = page.getByRole('form', { name: 'Connect a Stripe account' });
    await expect(form.getByRole('alert')).toHaveText(
      'Stripe rejected the API key (…9876): it may be mistyped, or it was revoked or rolled. Copy the key again from the Stripe Dashboard (Developers → API keys), or create a new restricted key there, and paste it here. Nothing was saved.',
      { timeout: 15_000 },
    );
    await expect(page.getByRole('button', { name: 'Connect account' })).toBeEnabled();
    await expect(page.getByRole('heading', { name: 'Welcome to Recur' })).toBeVisible();
    expect(storedAccounts(app)).toBe(0);
    await app.screenshot('connect-key-rejected');
    // The key stays in its password field for another try, and is nowhere else: not in the message, not in the log.
    await expect(page.getByLabel('Stripe API key')).toHaveValue(rejected);
    expect((await page.content()).split(rejected).length - 1).toBe(1);
    expect(app.testCore.logger.text()).not.toContain(rejected);
  });

  test('a key revoked after connecting says so on the Sync page, with what to do', async ({ page, app }) => {
    await connectAndSync(page);
    const simulator = await app.simulator();
    simulator.server.setOptions({ apiKeys: [simulator.apiKey, limitedKey] });
    await page.getByRole('button', { name: 'Sync Now' }).click();
    const status = page.getByRole('region', { name: 'Sync status' });
    await expect(status.getByText('Stripe rejected the API key (…5555). It may have been revoked or rolled: create a new restricted key in Stripe and connect it again in Settings. Your data already synced is kept.')).toBeVisible({ timeout: 30_000 });
    await expect(page.getByRole('region', { name: 'Sync log' }).getByText('failed')).toBeVisible();
    await app.screenshot('sync-key-rejected');
    expect(await page.content()).not.toContain(laterKey);
  });

  test('a key without invoice access is refused at connect, naming the permission to add', async ({ page, app }) => {
    await submitKey(page, limitedKey);
    await expect(page.getByRole('form', { name: 'Connect a Stripe account' }).getByRole('alert')).toHaveText(
      'The key (…0000) may not read Invoices, and Recur needs it to compute your metrics. In the Stripe Dashboard, open Developers → API keys, edit this restricted key and set Invoices to Read, then connect the key again. Nothing was saved.',
      { timeout: 15_000 },
    );
    expect(storedAccounts(app)).toBe(0);
    await app.screenshot('connect-permission-missing');
  });

  test('a key that loses invoice access later syncs the rest, and says which permission to add', async ({ page, app }) => {
    test.setTimeout(90_000);
    await connectAndSync(page);
    (await app.simulator()).server.setOptions({ restrictedKeys: { [limitedKey]: { deny: ['invoices', 'invoice_lines'] }, [laterKey]: { deny: ['invoices', 'invoice_lines'] } } });
    // A full sync reads every resource again (Settings → Rebuild from Stripe); it opens the Sync page.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Rebuild…' }).click();
    await page.getByRole('button', { name: 'Start full sync' }).click();
    const status = page.getByRole('region', { name: 'Sync status' });
    await expect(status.getByText('The key (…5555) may not read invoices, so those were skipped and the rest synced. Give the key Read access to it in Stripe to see the full picture.')).toBeVisible({ timeout: 45_000 });
    await expect(page.getByRole('region', { name: 'Sync log' }).getByText('partial')).toBeVisible();
    await app.screenshot('sync-permission-missing');
    expect(app.testCore.core.context.db.prepare('SELECT count(*) FROM customers').pluck().get()).toBeGreaterThan(100);
  });
});
