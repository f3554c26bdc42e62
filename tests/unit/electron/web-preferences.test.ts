import { describe, expect, it } from 'vitest';
import { mainWindowWebPreferences } from '../../../electron/main/web-preferences';

describe('mainWindowWebPreferences', () => {
  it('locks the renderer down exactly as the Electron security checklist asks', () => {
    expect(mainWindowWebPreferences('/app/out/preload/index.js')).toEqual({
      preload: '/app/out/preload/index.js',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      navigateOnDragDrop: false,
    });
  });

  it('sets nothing it has not been asked to (no experimental features, no remote module, no extra preload)', () => {
    expect(Object.keys(mainWindowWebPreferences('/p.js')).sort()).toEqual(
      [
        'allowRunningInsecureContent',
        'contextIsolation',
        'navigateOnDragDrop',
        'nodeIntegration',
        'nodeIntegrationInSubFrames',
        'nodeIntegrationInWorker',
        'preload',
        'sandbox',
        'spellcheck',
        'webSecurity',
        'webviewTag',
      ].sort(),
    );
  });
});
