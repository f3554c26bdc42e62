import { defineConfig } from '@playwright/test';

/**
 * The Electron smoke suite: launches the built app (`electron-vite build` first; see the `test:electron` script) and
 * checks the few things only a real Electron can show: the window, the preload's window.api, the sandbox and the
 * IPC round trip. It needs the Electron binary, which this project's CI machines cannot download, so it is not part
 * of `npm test`; globalSetup stops the run with an explanation when the binary is missing.
 */
export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  globalSetup: './electron-binary.ts',
  outputDir: '../../../test-results/electron',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  timeout: 60_000,
});
