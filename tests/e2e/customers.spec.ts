import { type Page } from '@playwright/test';
import { type ChannelName } from '../../src/shared/channels';
import { type ChannelInput, type ChannelOutput } from '../../src/shared/contract';
import { type AppFixture, expect, test } from '../support/bridge';

/** Calls the core directly, as the renderer would, to know what the page should show. */
async function core<C extends ChannelName>(app: AppFixture, channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> {
  const result = await app.testCore.core.dispatch(channel, input);
  if (!result.ok) throw new Error(`${channel}: ${result.error.message}`);
  return result.value as ChannelOutput<C>;
}

function byMrrTop<T extends { mrr: number }>(rows: readonly T[], count: number): T[] {
  return [...rows].sort((a, b) => b.mrr - a.mrr).slice(0, count);
}

/** Opens the demo account and waits for its first sync to succeed, so the list is complete. */
async function openSyncedDemo(page: Page, app: AppFixture): Promise<string> {
  await page.goto('/');
  await page.getByRole('button', { name: 'Open the demo account' }).click();
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('button', { name: 'Sync' }).click();
  await expect(page.getByRole('region', { name: 'Sync log' }).getByText('succeeded')).toBeVisible({ timeout: 20_000 });
  const [account] = await core(app, 'accounts:list', undefined);
  if (!account) throw new Error('no demo account');
  await nav.getByRole('button', { name: 'Customers' }).click();
  return account.id;
}

test.describe('customers', () => {
  // The sync runs in this process (the real core behind the bridge); on a busy machine it takes a while.
  test.describe.configure({ timeout: 90_000 });

  test('the list searches, sorts like the core, and opens a customer with their history', async ({ page, app }) => {
    await page.emulateMedia({ colorScheme: 'light' });
    const accountId = await openSyncedDemo(page, app);
    const grid = page.getByRole('grid', { name: 'Customers' });
    const bodyRows = grid.locator('.customers-body [role="row"]:not([aria-busy])');

    const all = await core(app, 'customers:list', { accountId, offset: 0, limit: 500 });
    expect(all.total).toBeGreaterThan(100);
    await expect(page.getByRole('heading', { level: 1, name: 'Customers' })).toBeVisible();
    await expect(page.getByText(`${all.accountTotal.toLocaleString('en-US')} customers`)).toBeVisible();
    await expect(bodyRows.first()).toBeVisible();
    expect(await bodyRows.count()).toBeGreaterThan(5);
    // Virtualised: a screenful of rows in the DOM, not the whole list.
    expect(await bodyRows.count()).toBeLessThan(60);
    await app.screenshot('customers-list-light');

    // Search narrows the list to one known customer (by email: unique in the demo account).
    const known = all.rows.find((row) => row.email && row.name && row.status === 'paying' && all.rows.filter((other) => other.email === row.email).length === 1);
    if (!known?.email || !known.name) throw new Error('no paying customer with a name and email');
    const searched = await core(app, 'customers:list', { accountId, search: known.email, offset: 0, limit: 10 });
    expect(searched.rows.map((row) => row.customerId)).toEqual([known.customerId]);
    await page.getByRole('searchbox', { name: 'Search customers' }).fill(known.email.toUpperCase());
    await expect(bodyRows).toHaveCount(1);
    await expect(bodyRows.first()).toContainText(known.name);
    await expect(page.getByText(`1 of ${all.accountTotal.toLocaleString('en-US')} customers match`)).toBeVisible();
    await app.screenshot('customers-search-light');

    // Nothing found: an empty state that offers to clear the search.
    await page.getByRole('searchbox', { name: 'Search customers' }).fill('no such customer anywhere');
    await expect(page.getByRole('region', { name: 'No customers match' })).toBeVisible();
    await page.getByRole('button', { name: 'Clear search' }).first().click();
    await expect(bodyRows.first()).toBeVisible();

    // Sorting: by name, then by MRR (largest first, as the core sorts).
    const nameHeader = grid.getByRole('columnheader', { name: 'Customer', exact: true });
    const mrrHeader = grid.getByRole('columnheader', { name: 'MRR' });
    await expect(mrrHeader).toHaveAttribute('aria-sort', 'descending');
    await nameHeader.getByRole('button').click();
    await expect(nameHeader).toHaveAttribute('aria-sort', 'ascending');
    await expect(mrrHeader).toHaveAttribute('aria-sort', 'none');
    const byName = await core(app, 'customers:list', { accountId, sort: { by: 'name', dir: 'asc' }, offset: 0, limit: 1 });
    await expect(bodyRows.first()).toContainText(byName.rows[0]?.customerId ?? '?');
    await mrrHeader.getByRole('button').click();
    await expect(mrrHeader).toHaveAttribute('aria-sort', 'descending');
    const byMrr = await core(app, 'customers:list', { accountId, sort: { by: 'mrr', dir: 'desc' }, offset: 0, limit: 3 });
    const largest = byMrr.rows[0];
    if (!largest) throw new Error('no customers');
    expect(largest.mrr).toBe(Math.max(...all.rows.map((row) => row.mrr)));
    await expect(bodyRows.first()).toContainText(largest.customerId);
    await expect(bodyRows.nth(1)).toContainText(byMrr.rows[1]?.customerId ?? '?');

    // The keyboard: into the grid, down one row, Enter opens that customer; Escape comes back.
    await grid.focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowDown');
    await expect(grid).toHaveAttribute('aria-activedescendant', 'customer-row-1');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('navigation', { name: 'Breadcrumb' })).toContainText(byMrr.rows[1]?.customerId ?? '?');
    await page.keyboard.press('Escape');
    await expect(mrrHeader).toHaveAttribute('aria-sort', 'descending');
    await expect(grid).toBeFocused();
    await expect(grid).toHaveAttribute('aria-activedescendant', 'customer-row-1');
    // The sidebar's Customers is the list too, also from a customer's detail.
    await page.keyboard.press('Enter');
    await expect(page.getByRole('navigation', { name: 'Breadcrumb' })).toBeVisible();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Customers' }).click();
    await expect(mrrHeader).toBeVisible();

    // Scrolling far loads the windows on the way, never the whole list at once.
    await grid.locator('.customers-scroll').evaluate((element) => element.scrollTo(0, element.scrollHeight));
    const last = all.rows.length === all.total ? (await core(app, 'customers:list', { accountId, offset: all.total - 1, limit: 1 })).rows[0] : undefined;
    if (last) await expect(grid.getByText(last.customerId)).toBeVisible();
    await grid.locator('.customers-scroll').evaluate((element) => element.scrollTo(0, 0));

    // Open the largest customer: header, MRR timeline, movements, subscriptions.
    await bodyRows.first().click();
    const detail = await core(app, 'metrics:customer', { accountId, customerId: largest.customerId });
    const title = detail.name ?? detail.email ?? detail.customerId;
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
    await expect(page.getByRole('region', { name: 'MRR timeline' }).locator('.recharts-area-curve')).toBeVisible();
    const movements = page.getByRole('region', { name: /^Movements/ });
    await expect(movements.getByRole('listitem')).toHaveCount(Math.min(8, detail.movements.length));
    const subscriptions = page.getByRole('region', { name: /^Subscriptions/ });
    await expect(subscriptions.getByRole('row')).toHaveCount(1 + Math.min(8, detail.subscriptions.length));
    await expect(subscriptions).toContainText(detail.subscriptions[0]?.id ?? '?');
    await expect(page.getByText('MRR now')).toBeVisible();
    await app.screenshot('customer-detail-light');

    await page.emulateMedia({ colorScheme: 'dark' });
    await page.getByRole('region', { name: 'MRR timeline' }).locator('.recharts-surface').hover({ position: { x: 400, y: 120 } });
    await app.screenshot('customer-detail-dark');

    // A customer with a longer story, for the screenshots: the most MRR movements among the top 40.
    const stories = await Promise.all(byMrrTop(all.rows, 40).map((row) => core(app, 'metrics:customer', { accountId, customerId: row.customerId })));
    const richest = stories.sort((x, y) => y.movements.length - x.movements.length)[0];
    if (richest && richest.movements.length > 1) {
      await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('button', { name: 'Customers' }).click();
      await page.getByRole('searchbox', { name: 'Search customers' }).fill(richest.customerId);
      await expect(bodyRows).toHaveCount(1);
      await bodyRows.first().click();
      await expect(page.getByRole('region', { name: /^Movements/ }).getByRole('listitem')).toHaveCount(Math.min(8, richest.movements.length));
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        await app.screenshot(`customer-detail-history-${scheme}`);
      }
      // The page scrolls inside the app's main area: the invoices and payments below the fold.
      await page.getByRole('region', { name: /^Payments/ }).scrollIntoViewIfNeeded();
      await app.screenshot('customer-detail-records-dark');
      await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('button', { name: 'Customers' }).click();
      await page.getByRole('searchbox', { name: 'Search customers' }).fill('');
      await bodyRows.first().click();
    }

    // Back keeps the sort and the place in the list.
    await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('button', { name: 'Customers' }).click();
    await expect(mrrHeader).toHaveAttribute('aria-sort', 'descending');
    await expect(bodyRows.first()).toContainText(largest.customerId);
    await app.screenshot('customers-list-dark');
  });

  test('a data change refreshes the rows on screen and keeps the search', async ({ page, app }) => {
    const accountId = await openSyncedDemo(page, app);
    const grid = page.getByRole('grid', { name: 'Customers' });
    const bodyRows = grid.locator('.customers-body [role="row"]:not([aria-busy])');
    const { rows } = await core(app, 'customers:list', { accountId, offset: 0, limit: 1 });
    const customer = rows[0];
    if (!customer) throw new Error('no customers');

    await page.getByRole('searchbox', { name: 'Search customers' }).fill(customer.customerId);
    await expect(bodyRows).toHaveCount(1);

    // As a sync would: the data changes, the core drops its history, main says so.
    app.testCore.core.context.db.prepare('UPDATE customers SET name = ? WHERE account_id = ? AND id = ?').run('Renamed Live', accountId, customer.customerId);
    app.testCore.core.metrics.invalidate(accountId);
    await app.emit('data:changed', { scopes: ['sync', 'data'] });

    await expect(bodyRows.first()).toContainText('Renamed Live');
    await expect(page.getByRole('searchbox', { name: 'Search customers' })).toHaveValue(customer.customerId);
  });
});
