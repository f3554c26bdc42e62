import { type Locator, type Page } from '@playwright/test';
import { expect, test } from '../support/bridge';

/** "$8,383.30" → 838330 (minor units of a two-decimal currency, which the demo's main currency, usd, is). */
function minorUnits(text: string): number {
  const major = Number(text.replace(/[^0-9.-]/g, ''));
  return Math.round(major * 100);
}

/** The shell scrolls inside <main>, so a full-page screenshot needs a window as tall as the dashboard. */
async function screenshotWhole(page: Page, app: { screenshot(name: string): Promise<string> }, name: string): Promise<void> {
  const height = await page.evaluate(() => document.querySelector('main')?.scrollHeight ?? 800);
  await page.setViewportSize({ width: 1280, height: Math.max(800, height) });
  await app.screenshot(name);
  await page.setViewportSize({ width: 1280, height: 800 });
}

async function openDemoAndWaitForFigures(page: Page): Promise<Locator> {
  await page.goto('/');
  await page.getByRole('button', { name: 'Open the demo account' }).click();
  const kpis = page.getByRole('region', { name: 'Key figures' });
  // The first sync runs as the demo opens; the dashboard fills in when it finishes, without a reload.
  await expect(kpis).toBeVisible({ timeout: 45_000 });
  return kpis;
}

async function coreOverview(app: { testCore: { core: { dispatch(channel: string, input: unknown): Promise<unknown> } } }) {
  const accounts = (await app.testCore.core.dispatch('accounts:list', undefined)) as { ok: true; value: { id: string }[] };
  const accountId = accounts.value[0]!.id;
  const overview = (await app.testCore.core.dispatch('metrics:overview', { accountId })) as {
    ok: true;
    value: { at: string; byCurrency: Record<string, { mrr: number; payingCustomers: number; arr: number }> };
  };
  return { accountId, overview: overview.value };
}

test.describe('the overview dashboard', () => {
  test('after the first sync it shows KPIs and charts, and MRR opens the customers that add up to it, in light and in dark', async ({ page, app }) => {
    test.setTimeout(120_000);
    await page.emulateMedia({ colorScheme: 'light' });
    const kpis = await openDemoAndWaitForFigures(page);

    // The main currency is the one with the most paying customers; its figures are the core's.
    const { overview } = await coreOverview(app);
    const currency = await page.getByLabel('Currency').inputValue();
    const mainCurrency = Object.entries(overview.byCurrency).sort((a, b) => b[1].payingCustomers - a[1].payingCustomers)[0]![0];
    expect(currency).toBe(mainCurrency);
    const figures = overview.byCurrency[currency]!;

    const mrrCard = kpis.getByRole('button', { name: /^MRR:/ });
    expect(minorUnits(await mrrCard.getByTestId('kpi-value').innerText())).toBe(figures.mrr);
    expect(minorUnits(await kpis.getByRole('button', { name: /^ARR:/ }).getByTestId('kpi-value').innerText())).toBe(figures.arr);
    expect(Number((await kpis.getByRole('button', { name: /^Paying customers:/ }).getByTestId('kpi-value').innerText()).replace(/\D/g, ''))).toBe(figures.payingCustomers);
    for (const name of ['ARPA', 'Customer churn', 'Net MRR churn', 'Net revenue retention', 'LTV', 'Quick ratio']) {
      await expect(kpis.getByRole('button', { name: new RegExp(`^${name}:`) })).toBeVisible();
    }
    // Every card but the rate ones draws a sparkline.
    const sparklines = kpis.locator('.kpi-spark .sparkline path[fill="none"]');
    expect(await sparklines.count()).toBeGreaterThanOrEqual(4);
    expect(((await sparklines.first().getAttribute('d')) ?? '').split('L').length).toBeGreaterThanOrEqual(3);

    // Charts are drawn: the MRR area has a path, the movements chart has bars, churn has bars.
    const mrrChart = page.getByRole('region', { name: 'MRR', exact: true });
    await expect(mrrChart.locator('.recharts-area-curve')).toHaveCount(1);
    expect(((await mrrChart.locator('.recharts-area-curve').getAttribute('d')) ?? '').length).toBeGreaterThan(100);
    const movements = page.getByRole('region', { name: 'MRR movements' });
    expect(await movements.locator('.recharts-bar-rectangle path').count()).toBeGreaterThan(5);
    await expect(movements.locator('.recharts-line-curve')).toHaveCount(1);
    expect(await page.getByRole('region', { name: 'Paying customers' }).locator('.recharts-area-curve').count()).toBe(1);
    expect(await page.getByRole('region', { name: 'Churn rates' }).locator('.recharts-bar-rectangle path').count()).toBeGreaterThan(3);
    await screenshotWhole(page, app, 'overview-light');

    // MRR → the paying customers, each with their MRR; the rows add up to the figure shown, which is the core's.
    await mrrCard.click();
    const dialog = page.getByRole('dialog', { name: /^MRR on / });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByTestId('drilldown-amount').first()).toBeVisible();
    const amounts = (await dialog.getByTestId('drilldown-amount').allInnerTexts()).map(minorUnits);
    expect(amounts.length).toBe(figures.payingCustomers);
    expect(amounts.reduce((sum, amount) => sum + amount, 0)).toBe(figures.mrr);
    expect(minorUnits(await dialog.getByTestId('drilldown-headline').innerText())).toBe(figures.mrr);
    expect(minorUnits(await dialog.getByTestId('drilldown-total').innerText())).toBe(figures.mrr);
    await expect(dialog.getByRole('button', { name: 'Close' })).toBeFocused();
    await app.screenshot('overview-drilldown-light');
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(mrrCard).toBeFocused();

    // Every chart is a named stop for the keyboard; the sparklines inside the KPI buttons are not.
    for (const name of ['MRR chart', 'MRR movements chart', 'Paying customers chart', 'Churn rates chart']) {
      await expect(page.getByRole('application', { name, exact: true })).toHaveAttribute('tabindex', '0');
    }
    expect(await kpis.locator('.kpi-spark [tabindex]:not([tabindex="-1"])').count()).toBe(0);
    // The MRR chart by keyboard: focus shows its first point, ArrowRight the next, and Enter opens that point's
    // customers, as a click on it does.
    const mrrSurface = mrrChart.getByRole('application', { name: 'MRR chart' });
    await mrrSurface.focus();
    const tooltipTitle = mrrChart.locator('.chart-tooltip-title');
    await expect(tooltipTitle).toBeVisible();
    const firstPoint = await tooltipTitle.innerText();
    await page.keyboard.press('ArrowRight');
    await expect(tooltipTitle).not.toHaveText(firstPoint);
    const pointValue = minorUnits(await mrrChart.locator('.chart-tooltip-value').innerText());
    await page.keyboard.press('Enter');
    const pointDialog = page.getByRole('dialog', { name: /^MRR on / });
    await expect(pointDialog).toBeVisible();
    expect(minorUnits(await pointDialog.getByTestId('drilldown-headline').innerText())).toBe(pointValue);
    await page.keyboard.press('Escape');
    await expect(pointDialog).toBeHidden();
    await expect(mrrSurface).toBeFocused();

    // Dark, as chosen in Settings: the dashboard is still there when coming back, without skeletons.
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('group', { name: 'Appearance' }).getByRole('button', { name: 'Dark' }).click();
    await expect(page.locator('html')).toHaveAttribute('data-appearance', 'dark');
    await nav.getByRole('button', { name: 'Overview' }).click();
    await expect(kpis).toBeVisible();
    await expect(page.getByLabel('Loading the figures')).toHaveCount(0);
    await expect(page.getByRole('region', { name: 'MRR movements' }).locator('.recharts-bar-rectangle path').first()).toBeVisible();
    await screenshotWhole(page, app, 'overview-dark');

    // A movement bar opens that month's movements of its type.
    await page.getByRole('region', { name: 'MRR movements' }).getByRole('button', { name: /^New MRR movements/ }).click();
    const movementsDialog = page.getByRole('dialog', { name: /^New MRR, / });
    await expect(movementsDialog).toBeVisible();
    await expect(movementsDialog.getByTestId('drilldown-total')).toBeVisible();
    const movementAmounts = (await movementsDialog.getByTestId('drilldown-amount').allInnerTexts()).map(minorUnits);
    expect(movementAmounts.reduce((sum, amount) => sum + amount, 0)).toBe(minorUnits(await movementsDialog.getByTestId('drilldown-total').innerText()));
    await app.screenshot('overview-drilldown-dark');
    await movementsDialog.getByRole('button', { name: 'Close' }).click();
    await expect(movementsDialog).toBeHidden();

    // A row opens its customer: the panel closes and the app moves to the Customers page, showing that customer.
    await kpis.getByRole('button', { name: /^MRR:/ }).click();
    const topCustomer = page.getByRole('dialog', { name: /^MRR on / }).getByRole('button', { name: /^Open / }).first();
    const topName = ((await topCustomer.getAttribute('aria-label')) ?? '').replace(/^Open /, '');
    await topCustomer.click();
    await expect(page.getByRole('dialog')).toHaveCount(0);
    await expect(page.getByRole('navigation', { name: 'Breadcrumb' })).toBeVisible();
    await expect(page.getByLabel('Customer detail').getByRole('heading', { name: topName })).toBeVisible();
    await expect
      .poll(async () => ((await app.testCore.core.dispatch('settings:get', undefined)) as { value: { lastPage: string } }).value.lastPage)
      .toBe('customers');
  });

  test('the range and currency are remembered, and a sync refreshes the figures in place', async ({ page, app }) => {
    test.setTimeout(120_000);
    const kpis = await openDemoAndWaitForFigures(page);
    const { accountId } = await coreOverview(app);

    await page.getByLabel('Date range').selectOption('last30');
    await expect(page.getByRole('region', { name: 'MRR movements' })).toContainText('Per day');
    const currencySelect = page.getByLabel('Currency');
    const options = await currencySelect.locator('option').allInnerTexts();
    expect(options.length).toBeGreaterThan(1);
    const other = options[1]!.toLowerCase();
    await currencySelect.selectOption(other);
    await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();
    await expect(page.getByText(`· ${other.toUpperCase()} ·`)).toBeVisible();
    await expect
      .poll(async () => ((await app.testCore.core.dispatch('settings:get', undefined)) as { value: { overviewRange: unknown; overviewCurrency: unknown } }).value)
      .toMatchObject({ overviewRange: { preset: 'last30' }, overviewCurrency: other });

    // A sync (Sync Now from the menu, the CLI or the poller) ends with data:changed and sync:finished: the figures are
    // fetched again and stay on screen meanwhile.
    await page.evaluate(() => {
      document.querySelector('[data-kpi="mrr"]')?.setAttribute('data-marker', 'kept');
      // Count the calls the page makes from here on (window.api calls through this binding at call time).
      const host = window as unknown as { __recurDispatch(channel: string, input: unknown): Promise<unknown>; __calls: { channel: string; input: unknown }[] };
      const dispatch = host.__recurDispatch.bind(host);
      host.__calls = [];
      host.__recurDispatch = (channel, input) => {
        host.__calls.push({ channel, input });
        return dispatch(channel, input);
      };
    });
    const synced = (await app.testCore.core.dispatch('sync:run', { accountId })) as { ok: boolean };
    expect(synced.ok).toBe(true);
    const calls = () => page.evaluate(() => (window as unknown as { __calls: { channel: string; input: { currency?: string } }[] }).__calls);
    await expect.poll(async () => (await calls()).filter((call) => call.channel === 'metrics:series').length, { timeout: 20_000 }).toBeGreaterThan(0);
    await expect(page.getByRole('status').filter({ hasText: 'Updating…' })).toHaveCount(0, { timeout: 20_000 });
    // Only the Overview's data was fetched again, for the same currency; the page was not reloaded or re-mounted.
    const channels = new Set((await calls()).map((call) => call.channel));
    expect([...channels].every((channel) => channel.startsWith('metrics:') || channel.startsWith('sync:'))).toBe(true);
    expect((await calls()).filter((call) => call.channel === 'metrics:series').every((call) => call.input.currency === other)).toBe(true);
    await expect(kpis.locator('[data-kpi="mrr"][data-marker="kept"]')).toHaveCount(1);
    await expect(page.getByLabel('Loading the figures')).toHaveCount(0);
    await expect(page.getByLabel('Date range')).toHaveValue('last30');

    await page.reload();
    await expect(kpis).toBeVisible({ timeout: 20_000 });
    await expect(page.getByLabel('Date range')).toHaveValue('last30');
    await expect(page.getByLabel('Currency')).toHaveValue(other);
    await screenshotWhole(page, app, 'overview-last-30-days');

    // All time, in a zero-decimal currency: yen have no minor unit, so 83760 is ¥83,760.
    await page.getByLabel('Date range').selectOption('all');
    await page.getByLabel('Currency').selectOption('jpy');
    await expect(page.getByText('· JPY ·')).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: 'Updating…' })).toHaveCount(0, { timeout: 20_000 });
    const { overview } = await coreOverview(app);
    const yen = await kpis.getByRole('button', { name: /^MRR:/ }).getByTestId('kpi-value').innerText();
    expect(yen).toMatch(/^¥[\d,]+$/);
    expect(Number(yen.replace(/\D/g, ''))).toBe(overview.byCurrency.jpy!.mrr);
    await screenshotWhole(page, app, 'overview-all-time-jpy');
  });
});
