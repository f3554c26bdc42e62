import fs from 'node:fs';
import { defineConfig } from '@playwright/test';

/**
 * e2e runs the built renderer (out/renderer, served by `vite preview` on 127.0.0.1) in Chromium, with the real core
 * in the test process behind tests/support/bridge.ts. Debian's Chromium is used where installed (Playwright cannot
 * download browsers here); elsewhere Playwright's own.
 */
const debianChromium = '/usr/bin/chromium';
const port = 4173;

export default defineConfig({
  testDir: '.',
  testIgnore: ['electron/**'],
  outputDir: '../../test-results/e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  timeout: 30_000,
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    viewport: { width: 1280, height: 800 },
    launchOptions: fs.existsSync(debianChromium)
      ? {
          executablePath: debianChromium,
          args: [
            '--headless',
            '--no-sandbox',
            '--disable-gpu',
            '--disable-quic',
            '--no-first-run',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
          ],
        }
      : {},
  },
  webServer: {
    command: `npx vite preview --outDir out/renderer --host 127.0.0.1 --port ${port} --strictPort`,
    cwd: '../..',
    url: `http://127.0.0.1:${port}`,
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
