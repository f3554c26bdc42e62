import fs from 'node:fs';
import path from 'node:path';
import { test as base, type Page } from '@playwright/test';
import { channelNames, eventNames } from '../../src/shared/channels';
import { createDemoStripe, type DemoStripeOptions } from '../../src/sim/demo-stripe';
import { type Simulator } from '../../src/sim/start-simulator';
import { createTestCore, type TestCore } from './test-core';

/**
 * The e2e bridge: the built renderer runs in Chromium, the real core runs in the test process, and `window.api` is
 * built in the page from the same channel and event lists the preload uses. Calls cross through one exposed binding,
 * exactly where IPC would be; events come back through `page.evaluate`, as webContents.send would deliver them.
 */
export async function installBridge(page: Page, core: Pick<TestCore['core'], 'dispatch'>): Promise<void> {
  await page.exposeBinding('__recurDispatch', (_source, channel: unknown, input: unknown) => core.dispatch(channel, input));
  await page.addInitScript(
    ({ channels, events }: { channels: string[]; events: string[] }) => {
      type Listener = (payload: unknown) => void;
      const listeners = new Map<string, Set<Listener>>();
      const host = window as unknown as {
        __recurDispatch(channel: string, input: unknown): Promise<unknown>;
        __recurEmit(event: string, payload: unknown): void;
        api: Record<string, unknown>;
      };
      const api: Record<string, unknown> = {};
      for (const channel of channels) api[channel] = (input: unknown) => host.__recurDispatch(channel, input);
      api.on = (event: string, listener: Listener) => {
        if (!events.includes(event)) throw new Error(`Unknown event ${event}`);
        const set = listeners.get(event) ?? new Set<Listener>();
        set.add(listener);
        listeners.set(event, set);
        return () => set.delete(listener);
      };
      host.__recurEmit = (event, payload) => listeners.get(event)?.forEach((listener) => listener(payload));
      host.api = Object.freeze(api);
    },
    { channels: [...channelNames], events: [...eventNames] },
  );
}

export interface AppFixture {
  testCore: TestCore;
  /** The demo account's simulator (its clock can be moved, as the business lives on). */
  simulator(): Promise<Simulator>;
  /** Sends a main→renderer event, as the Electron notifier would. */
  emit(event: (typeof eventNames)[number], payload: unknown): Promise<void>;
  /** Saves a full-page screenshot under test-results/screenshots/. */
  screenshot(name: string): Promise<string>;
}

export const screenshotDir = path.join('test-results', 'screenshots');

export const test = base.extend<{ app: AppFixture; demo: DemoStripeOptions }>({
  /** How the demo simulator is made (`test.use({ demo: … })`): a small account, its clock still unless moved. */
  demo: [{}, { option: true }],
  app: async ({ page, demo }, use) => {
    let pageReady = false;
    const demoStripe = createDemoStripe({ customers: 200, speed: 0, ...demo });
    // As in the app, a newly connected account starts syncing at once.
    const testCore = createTestCore({
      demoStripe,
      syncOnConnect: true,
      notifier: {
        emit(event, payload) {
          if (!pageReady) return;
          void page.evaluate(([name, body]) => (window as unknown as { __recurEmit(e: string, p: unknown): void }).__recurEmit(name, body), [event, payload] as const).catch(() => undefined);
        },
      },
    });
    await installBridge(page, testCore.core);
    pageReady = true;
    fs.mkdirSync(screenshotDir, { recursive: true });
    await use({
      testCore,
      simulator: () => demoStripe.simulator(),
      emit: async (event, payload) => {
        await page.evaluate(([name, body]) => (window as unknown as { __recurEmit(e: string, p: unknown): void }).__recurEmit(name, body), [event, payload] as const);
      },
      screenshot: async (name) => {
        const file = path.join(screenshotDir, `${name}.png`);
        await page.screenshot({ path: file, fullPage: true });
        return file;
      },
    });
    testCore.dispose();
  },
});

export { expect } from '@playwright/test';
