import { type ChannelName } from '../../src/shared/channels';
import { type ChannelInput, type ChannelOutput } from '../../src/shared/contract';
import { readCsv } from '../unit/reports/mirror-fixtures';
import { expect, test } from '../support/bridge';

/** The Reports page exports every report through main's save dialog; each file's rows match the core's own figures. */
test.describe('reports', () => {
  test('exporting each report writes a file whose rows match the core', async ({ page, app }) => {
    test.setTimeout(90_000);
    const { core } = app.testCore;
    const call = async <C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> => {
      const result = await core.dispatch(channel, input);
      if (!result.ok) throw new Error(`${channel}: ${result.error.message}`);
      return result.value as ChannelOutput<C>;
    };

    await page.goto('/');
    await page.getByRole('button', { name: 'Open the demo account' }).click();
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('button', { name: 'Sync' }).click();
    await expect(page.getByRole('region', { name: 'Sync log' }).getByText('succeeded')).toBeVisible({ timeout: 30_000 });
    await nav.getByRole('button', { name: 'Reports' }).click();
    await page.getByLabel('Date range').selectOption('all');

    const [account] = await call('accounts:list', undefined);
    if (!account) throw new Error('the demo account is not connected');
    const accountId = account.id;

    const files: Record<string, ReturnType<typeof readCsv>> = {};
    const paths: string[] = [];
    for (const { id, name } of await call('reports:list', undefined)) {
      const tile = page.getByRole('region', { name, exact: true });
      await tile.getByRole('button', { name: `Export ${name} as CSV` }).click();
      const status = tile.getByRole('status');
      await expect(status).toContainText('Saved');
      const path = (await status.locator('code').textContent()) ?? '';
      const file = readCsv(path);
      const shownRows = Number((await status.textContent())?.match(/Saved ([\d,]+) row/)?.[1]?.replace(/,/g, ''));
      expect(file.records.length, id).toBe(shownRows);
      files[id] = file;
      paths.push(path);
    }
    // The range the page exported, as the file names say it (recur-<report>-<from>-to-<to>.csv).
    const [, from = '', to = ''] = /-(\d{4}-\d{2}-\d{2})-to-(\d{4}-\d{2}-\d{2})\.csv$/.exec(paths[0] ?? '') ?? [];
    expect(paths.every((path) => path.endsWith(`-${from}-to-${to}.csv`))).toBe(true);
    await app.screenshot('reports-after-export');

    const count = (sql: string) => core.context.db.prepare(sql).pluck().get(accountId) as number;
    expect(files.customers?.records.length).toBe(count('SELECT count(*) FROM customers WHERE account_id = ? AND created IS NOT NULL'));
    expect(files.subscriptions?.records.length).toBe(count('SELECT count(*) FROM subscriptions WHERE account_id = ? AND created IS NOT NULL'));
    expect(files.invoices?.records.length).toBe(count('SELECT count(*) FROM invoices WHERE account_id = ? AND created IS NOT NULL'));
    expect(files.payments?.records.length).toBe(count('SELECT count(*) FROM charges WHERE account_id = ?') + count('SELECT count(*) FROM refunds WHERE account_id = ?'));

    const overview = await call('metrics:overview', { accountId });
    const currencies = Object.keys(overview.byCurrency);
    expect(currencies.length).toBeGreaterThan(0);
    for (const currency of currencies) {
      const figures = overview.byCurrency[currency];
      if (!figures) continue;
      // The summary's last month of each currency is this month: its MRR is the overview's.
      const months = files.summary?.records.filter((row) => row.currency === currency) ?? [];
      const thisMonth = months.at(-1);
      expect(thisMonth?.to, currency).toBe(overview.at);
      const minorPerMajor = currency === 'jpy' ? 1 : 100;
      expect(Math.round(Number(thisMonth?.mrr) * minorPerMajor), currency).toBe(figures.mrr);

      // One movements row per movement the drill-downs list, and one churned row per churn.
      for (const figure of ['new', 'reactivation', 'expansion', 'contraction', 'churn'] as const) {
        const drilldown = await call('metrics:drilldown', { accountId, currency, figure, from, to });
        const rows = files.movements?.records.filter((row) => row.currency === currency && row.type === figure) ?? [];
        expect(rows.length, `${currency} ${figure}`).toBe(drilldown.rows.length);
        if (figure === 'churn') expect(files.churned?.records.filter((row) => row.currency === currency).length).toBe(drilldown.rows.length);
      }
    }
  });
});
