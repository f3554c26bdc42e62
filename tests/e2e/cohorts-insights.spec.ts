import { type Page } from '@playwright/test';
import { type CohortTable, type InsightList } from '../../src/shared/contract';
import { type AppFixture, expect, test } from '../support/bridge';

/** The shell scrolls inside <main>, so a full-page screenshot needs a window as tall as the page. */
async function screenshotWhole(page: Page, app: AppFixture, name: string): Promise<void> {
  const height = await page.evaluate(() => document.querySelector('main')?.scrollHeight ?? 800);
  await page.setViewportSize({ width: 1280, height: Math.max(800, height) });
  await app.screenshot(name);
  await page.setViewportSize({ width: 1280, height: 800 });
}

async function dispatch<T>(app: AppFixture, channel: string, input: unknown): Promise<T> {
  const result = (await app.testCore.core.dispatch(channel, input)) as { ok: true; value: T } | { ok: false; error: { message: string } };
  if (!result.ok) throw new Error(`${channel}: ${result.error.message}`);
  return result.value;
}

/** Opens the demo account and waits for its first sync to finish. */
async function openDemo(page: Page, app: AppFixture, options: { opened?: boolean } = {}): Promise<string> {
  if (!options.opened) {
    await page.goto('/');
    await page.getByRole('button', { name: 'Open the demo account' }).click();
  }
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  const [account] = await dispatch<{ id: string }[]>(app, 'accounts:list', undefined);
  const accountId = account!.id;
  await expect
    .poll(async () => (await dispatch<{ lastSucceededAt: string | null }[]>(app, 'sync:status', { accountId }))[0]?.lastSucceededAt ?? null, { timeout: 60_000 })
    .not.toBeNull();
  return accountId;
}

/** Every threshold at its loosest. */
const loosest = {
  churnSpikeMultiple: 10,
  failedPaymentsRisePercent: 1000,
  failedPaymentsMinimum: 10_000,
  mrrAtRiskPercent: 100,
  concentrationTopCustomers: 1,
  concentrationPercent: 100,
  couponsEndingDays: 1,
  renewalsDays: 1,
  trialsEndingDays: 1,
  quickRatioMinimum: 0.001,
  grrFallPoints: 100,
  staleSyncHours: 720,
};

/** "83%" → 83. */
function percent(text: string): number {
  return Number(text.replace(/[^0-9-]/g, ''));
}

test.describe('cohorts and insights', () => {
  test('the cohort heatmap shows the core’s retention, by customers and by revenue, in light and in dark', async ({ page, app }) => {
    test.setTimeout(120_000);
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto('/');
    await page.getByRole('button', { name: 'Open the demo account' }).click();
    // Straight to Cohorts while the first sync runs: the page says so, and fills in when the sync ends, without a reload.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Cohorts' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Cohorts' })).toBeVisible();
    const firstSync = page.getByRole('heading', { name: 'Your first sync is running' });
    if (await firstSync.isVisible()) await app.screenshot('cohorts-first-sync-light');
    const accountId = await openDemo(page, app, { opened: true });

    const heatmap = page.getByRole('table', { name: /^Customer retention by cohort/ });
    await expect(heatmap).toBeVisible({ timeout: 30_000 });
    const rows = heatmap.getByTestId('cohort-row');
    expect(await rows.count()).toBeGreaterThan(0);
    // Every cohort starts with all its customers paying: month 0 is 100% wherever the cohort kept them to its month's end.
    const firstCells = await rows.locator('td[data-offset="0"]').allInnerTexts();
    expect(firstCells.some((text) => text.startsWith('100%'))).toBe(true);

    // One cell against the core's answer for the currency shown.
    const currency = await page.getByLabel('Currency').inputValue();
    const customers = await dispatch<CohortTable>(app, 'metrics:cohorts', { accountId, currency, kind: 'customers' });
    expect(await rows.count()).toBe(customers.cohorts.length);
    const cohort = customers.cohorts.find((candidate) => candidate.months.length >= 3) ?? customers.cohorts[0]!;
    const offset = Math.min(2, cohort.months.length - 1);
    const cell = heatmap.locator(`tr[data-month="${cohort.month}"] td[data-offset="${offset}"]`);
    expect(percent((await cell.innerText()).split(',')[0]!)).toBe(Math.round(cohort.months[offset]!.share! * 100));
    await expect(heatmap.locator(`tr[data-month="${cohort.month}"] th[scope="row"]`)).toBeVisible();
    await expect(heatmap.locator(`tr[data-month="${cohort.month}"] td.col-size`)).toHaveText(String(cohort.customers));

    // Hovering a cell shows its counts and MRR.
    await cell.hover();
    const tooltip = page.locator('.cohort-tooltip');
    await expect(tooltip).toContainText(`month ${offset}`);
    await expect(tooltip).toContainText(`${cohort.months[offset]!.payingCustomers} of ${cohort.customers}`);
    await page.mouse.move(5, 5);
    await screenshotWhole(page, app, 'cohorts-light');

    // Revenue: the same cohorts read as starting MRR still recurring.
    await page.getByRole('group', { name: 'Retention of' }).getByRole('button', { name: 'Revenue' }).click();
    const revenueMap = page.getByRole('table', { name: /^Revenue retention by cohort/ });
    await expect(revenueMap).toBeVisible();
    const revenue = await dispatch<CohortTable>(app, 'metrics:cohorts', { accountId, currency, kind: 'mrr' });
    const revenueCohort = revenue.cohorts.find((candidate) => candidate.month === cohort.month)!;
    const share = revenueCohort.months[offset]!.share;
    const revenueCell = revenueMap.locator(`tr[data-month="${cohort.month}"] td[data-offset="${offset}"]`);
    if (share === null) await expect(revenueCell).toHaveText(/^—/);
    else expect(percent((await revenueCell.innerText()).split(',')[0]!)).toBe(Math.round(share * 100));

    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshotWhole(page, app, 'cohorts-revenue-dark');
    await page.getByRole('group', { name: 'Retention of' }).getByRole('button', { name: 'Customers' }).click();
    await expect(page.getByRole('table', { name: /^Customer retention by cohort/ })).toBeVisible();
    await screenshotWhole(page, app, 'cohorts-dark');
    await page.getByRole('region', { name: 'Customer retention' }).screenshot({ path: 'test-results/screenshots/cohorts-heatmap-dark.png' });
  });

  test('the insights page lists the core’s insights with their figures, thresholds and rows, and follows threshold changes live', async ({ page, app }) => {
    test.setTimeout(120_000);
    await page.emulateMedia({ colorScheme: 'light' });
    const accountId = await openDemo(page, app);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Insights' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Insights' })).toBeVisible();

    const expected = await dispatch<InsightList>(app, 'insights:list', { accountId });
    const cards = page.getByTestId('insight');
    if (expected.insights.length === 0) {
      await expect(page.getByRole('heading', { name: 'Nothing needs your attention' })).toBeVisible();
      await screenshotWhole(page, app, 'insights-light');
      return;
    }
    await expect(cards).toHaveCount(expected.insights.length, { timeout: 30_000 });
    expect(await cards.locator('h2').allInnerTexts()).toEqual(expected.insights.map((insight) => insight.title));
    expect(await cards.getByTestId('severity').allInnerTexts()).toEqual(expected.insights.map((insight) => ({ critical: 'Critical', warning: 'Warning', info: 'Info' })[insight.severity]));

    // The rows behind an insight add up to its total.
    const withRows = expected.insights.find((insight) => insight.rows && insight.rows.rows.length > 0 && insight.rows.rows.length <= 50);
    if (withRows) {
      const card = page.locator(`[data-insight="${withRows.id}"]`);
      await expect(card.getByText(withRows.sentence)).toBeVisible();
      await card.getByRole('button', { name: /^Show / }).click();
      await expect(card.getByRole('button', { name: /^Hide / })).toHaveAttribute('aria-expanded', 'true');
      await expect(card.getByTestId('insight-row-amount')).toHaveCount(withRows.rows!.rows.length);
      const amounts = (await card.getByTestId('insight-row-amount').allInnerTexts()).map((text) => Number(text.replace(/[^0-9]/g, '')));
      const total = Number((await card.getByTestId('insight-rows-total').innerText()).replace(/[^0-9]/g, ''));
      expect(amounts.reduce((sum, amount) => sum + amount, 0)).toBe(total);
      expect(total).toBe(withRows.rows!.total);
      await card.screenshot({ path: 'test-results/screenshots/insights-card-light.png' });
    }
    await screenshotWhole(page, app, 'insights-light');

    // An insight with a drill-down opens the Overview's panel.
    const withDrill = expected.insights.find((insight) => insight.drilldown);
    if (withDrill) {
      await page.locator(`[data-insight="${withDrill.id}"]`).getByTestId('insight-drilldown').click();
      const dialog = page.getByRole('dialog');
      await expect(dialog).toBeVisible();
      await expect(dialog.getByTestId('drilldown-total').first()).toBeVisible();
      await app.screenshot('insights-drilldown-light');
      await page.keyboard.press('Escape');
      await expect(dialog).toBeHidden();
    }

    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshotWhole(page, app, 'insights-dark');

    // "Change threshold" goes to Settings, to the threshold's own field where Settings has one.
    await cards.first().getByRole('button', { name: /^Change threshold/ }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
    const field = page.locator(`#threshold-${expected.insights[0]!.thresholds[0]!.setting}`);
    if ((await field.count()) > 0) await expect(field).toBeFocused();

    // Thresholds changed elsewhere re-evaluate the insights in place, without a reload or a skeleton: at their loosest,
    // nothing in the demo needs attention.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Insights' }).click();
    await expect(cards).toHaveCount(expected.insights.length);
    await dispatch(app, 'settings:update', { insightThresholds: loosest });
    const after = await dispatch<InsightList>(app, 'insights:list', { accountId });
    await expect(cards).toHaveCount(after.insights.length);
    await expect(page.getByLabel('Loading the insights')).toHaveCount(0);
    if (after.insights.length === 0) {
      await expect(page.getByRole('heading', { name: 'Nothing needs your attention' })).toBeVisible();
      await app.screenshot('insights-empty-dark');
      await page.emulateMedia({ colorScheme: 'light' });
      await app.screenshot('insights-empty-light');
    }
  });
});
