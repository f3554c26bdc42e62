import path from 'node:path';
import { app, type BrowserWindow, dialog, shell } from 'electron';
import { type FileDialogs } from '../../src/core/ports';

/**
 * The core's file dialogs, as Electron's native ones. The save dialog opens in the folder the user last saved to this
 * session (Documents at first), sheet-attached to the window on macOS.
 */
export function createFileDialogs(window: () => BrowserWindow | undefined): FileDialogs {
  let lastFolder: string | undefined;
  return {
    async chooseSaveLocation({ title, suggestedName, filterName, extensions }) {
      const options: Electron.SaveDialogOptions = {
        title,
        defaultPath: path.join(lastFolder ?? app.getPath('documents'), suggestedName),
        filters: [{ name: filterName, extensions }],
        properties: ['createDirectory', 'showOverwriteConfirmation'],
      };
      const parent = window();
      const result = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
      if (result.canceled || !result.filePath) return null;
      lastFolder = path.dirname(result.filePath);
      return result.filePath;
    },
    revealInFolder(filePath) {
      shell.showItemInFolder(filePath);
    },
  };
}
