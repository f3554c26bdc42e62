import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { createCore } from '../../src/core/core';
import { createMemorySecretStore } from '../../src/core/secrets/memory-secret-store';
import { installBridge } from '../support/bridge';
import { createMemoryLogger } from '../support/memory-logger';
import { makeTempDir } from '../support/temp-dir';
import { benchAccount } from './bench-account';
import { serveStatic } from './static-server';

/**
 * `node --import tsx tests/bench/ui-performance.ts <database>` → one JSON line. Needs the built renderer
 * (`npm run build`). The renderer runs in Chromium against the real core on the database seed-account.ts wrote (a
 * full sync's worth of a large account), as the app runs on its cached data with no network:
 * - first paint: from navigation until the Overview shows its MRR figure. `firstEver` is the very first screen on this
 *   file (nothing computed yet: the MRR history is built from the mirror); `relaunch` the first screen of a new core
 *   and a new page on the same file, as when the app is opened again on unchanged data (the dashboard's answers were
 *   kept: src/core/db/migrations/006-metrics-answers.ts); `reload` the page reloaded once the core has everything;
 * - the longest task (Long Tasks API, tasks over 50 ms) while scrolling the Customers table top to bottom in steps,
 *   typing a search letter by letter, clearing it and re-sorting.
 */
const databasePath = process.argv[2];
if (!databasePath) throw new Error('Usage: ui-performance.ts <database>');
// Midday of the account's day, so the renderer's "today" and the core's agree.
const now = benchAccount.now + 12 * 3600;
const rendererDir = path.resolve('out/renderer');
const chromiumPath = '/usr/bin/chromium';
const mib = (bytes: number) => Math.round(bytes / 1048576);

if (!fs.existsSync(path.join(rendererDir, 'index.html'))) throw new Error('No built renderer in out/renderer: run `npm run build` first.');

async function main(): Promise<void> {
  const temp = makeTempDir('recur-bench-ui-');
  const server = await serveStatic(rendererDir);
  const browser = await chromium.launch({
    ...(fs.existsSync(chromiumPath) ? { executablePath: chromiumPath } : {}),
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const launch = () =>
      createCore({ dataDir: temp.dir, databasePath, secrets: createMemorySecretStore(), logger: createMemoryLogger(), clock: { now: () => new Date(now * 1000) } });
    let core = launch();
    const customers = core.context.db.prepare<[string], number>('SELECT count(*) FROM customers WHERE account_id = ?').pluck().get(benchAccount.id) ?? 0;

    const openPage = async () => {
      const opened = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await installBridge(opened, core);
      return opened;
    };
    /**
     * Milliseconds from asking the page to navigate until the MRR figure was painted (Chromium's Element Timing API:
     * the KPI value carries `elementtiming`), and until the Overview's four charts are drawn.
     */
    const paint = async (target: Page): Promise<{ figures: number; charts: number }> => {
      const started = Date.now();
      await target.goto(server.url);
      const painted = await target.evaluate(
        () =>
          new Promise<{ origin: number; renderTime: number }>((resolve) => {
            new PerformanceObserver((list, observer) => {
              const entry = list.getEntries().find((candidate) => (candidate as PerformanceEntry & { identifier: string }).identifier === 'kpi-mrr') as
                | (PerformanceEntry & { renderTime: number; loadTime: number })
                | undefined;
              if (!entry) return;
              observer.disconnect();
              resolve({ origin: performance.timeOrigin, renderTime: entry.renderTime || entry.loadTime || entry.startTime });
            }).observe({ type: 'element', buffered: true });
          }),
      );
      await target.waitForFunction(() => document.querySelectorAll('.overview-content .chart-card .recharts-surface').length >= 4, undefined, { timeout: 120_000 });
      return { figures: Math.round(painted.origin + painted.renderTime - started), charts: Math.round(Date.now() - started) };
    };
    const firstEverPage = await openPage();
    const firstEver = await paint(firstEverPage);
    await firstEverPage.close();
    core.close();
    core = launch();
    const page = await openPage();
    const relaunch = await paint(page);
    const reload = await paint(page);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Customers' }).click();
    const grid = page.getByRole('grid', { name: 'Customers' });
    await grid.getByRole('row').nth(2).waitFor({ timeout: 120_000 });
    await page.evaluate(() => {
      const host = window as unknown as { longTasks: number[] };
      host.longTasks = [];
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) host.longTasks.push(entry.duration);
      }).observe({ type: 'longtask' });
    });
    const scroller = grid.locator('.customers-scroll');
    const scrollSteps = 40;
    for (let step = 1; step <= scrollSteps; step++) {
      await scroller.evaluate((element, fraction) => element.scrollTo(0, element.scrollHeight * fraction), step / scrollSteps);
      await page.waitForTimeout(60);
    }
    await scroller.evaluate((element) => element.scrollTo(0, 0));
    const search = page.getByRole('searchbox', { name: 'Search customers' });
    for (const text of ['m', 'ma', 'mar', 'mari']) {
      await search.fill(text);
      await page.waitForTimeout(120);
    }
    await page.waitForTimeout(1000);
    await search.fill('');
    await page.waitForTimeout(1000);
    await grid.getByRole('columnheader', { name: 'Customer', exact: true }).getByRole('button').click();
    await page.waitForTimeout(1500);
    const longTasks = await page.evaluate(() => (window as unknown as { longTasks: number[] }).longTasks);

    process.stdout.write(
      `${JSON.stringify({
        customers,
        firstEverPaintMs: firstEver.figures,
        relaunchPaintMs: relaunch.figures,
        relaunchChartsMs: relaunch.charts,
        reloadPaintMs: reload.figures,
        longestTaskMs: Math.round(Math.max(0, ...longTasks)),
        longTasks: longTasks.length,
        peakRssMiB: mib(process.resourceUsage().maxRSS * 1024),
      })}\n`,
    );
    core.close();
  } finally {
    await browser.close();
    await server.close();
    temp.remove();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
