import type { BrowserWindow } from 'electron';
import { type Notifier } from '../../src/core/ports';

/**
 * Main→renderer events, delivered to the main window's page. Events raised while there is no window (macOS keeps the
 * app running with none) are dropped: the page asks for fresh data when it loads.
 */
export function createWindowNotifier(getWindow: () => BrowserWindow | undefined): Notifier {
  return {
    emit(event, payload) {
      const window = getWindow();
      if (!window || window.isDestroyed() || window.webContents.isDestroyed()) return;
      window.webContents.send(event, payload);
    },
  };
}
