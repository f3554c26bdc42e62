import { expect, test } from '../support/bridge';

test.describe('syncing', () => {
  test('the demo account syncs as soon as it opens, and Sync Now adds a run to the log', async ({ page, app }) => {
    await page.goto('/');
    await page.getByRole('button', { name: 'Open the demo account' }).click();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Sync' }).click();

    const log = page.getByRole('region', { name: 'Sync log' });
    await expect(log.getByRole('row')).toHaveCount(2, { timeout: 20_000 }); // the header and the first sync
    await expect(log.getByText('succeeded')).toBeVisible({ timeout: 20_000 });
    await expect(page.getByRole('region', { name: 'Sync status' }).getByText(/Last synced/)).toBeVisible();
    await app.screenshot('sync-after-first-sync');

    await page.getByRole('button', { name: 'Sync Now' }).click();
    await expect(log.getByRole('row')).toHaveCount(3, { timeout: 20_000 });
    await expect(log.getByRole('cell', { name: 'Sync Now' })).toHaveCount(2); // opening the demo was a Sync Now too
    await expect(page.getByRole('button', { name: 'Sync Now' })).toBeEnabled();

    const synced = app.testCore.core.context.db.prepare('SELECT count(*) FROM customers').pluck().get() as number;
    expect(synced).toBeGreaterThan(100);
    await app.screenshot('sync-after-sync-now');
  });
});
