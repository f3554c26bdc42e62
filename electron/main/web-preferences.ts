import type { WebPreferences } from 'electron';

/**
 * The main window's web preferences. Each line comes from Electron's security checklist
 * (https://www.electronjs.org/docs/latest/tutorial/security); most restate Electron's defaults on purpose, so a
 * future default change or a careless edit shows up in web-preferences.test.ts rather than in production.
 */
export function mainWindowWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    // Checklist 3: the preload's world and the page's world never share objects; window.api crosses by contextBridge.
    contextIsolation: true,
    // Checklist 4: the renderer runs in Chromium's OS-level sandbox, and the preload can reach only a few Electron APIs.
    sandbox: true,
    // Checklist 2: no Node.js in the page, its workers or any frame it might contain.
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    // Checklist 6: keep the same-origin policy.
    webSecurity: true,
    // Checklist 8: no http content inside the app's page.
    allowRunningInsecureContent: false,
    // Checklist 12: <webview> would let the page embed arbitrary content with its own preferences.
    webviewTag: false,
    // The app has no free text worth checking, and on Windows and Linux Chromium downloads dictionaries from Google.
    spellcheck: false,
    // A file dropped on the window must not replace the app with that file.
    navigateOnDragDrop: false,
  };
}
