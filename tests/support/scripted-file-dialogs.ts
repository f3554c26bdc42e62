import fs from 'node:fs';
import path from 'node:path';
import { type FileDialogs, type SaveLocationRequest } from '../../src/core/ports';

/** File dialogs that answer as a user would, scripted by the test, and remember what they were asked. */
export interface ScriptedFileDialogs extends FileDialogs {
  /** Every save dialog shown, oldest first. */
  readonly requests: SaveLocationRequest[];
  /** Every file shown in its folder. */
  readonly revealed: string[];
  /** The next dialog is cancelled instead of answered. */
  cancelNext(): void;
  /** The next dialog answers this path instead of `<folder>/<suggested name>`. */
  answerNext(filePath: string): void;
}

/** Save dialogs answer `folder/<suggested name>` (the folder is created), unless scripted otherwise. */
export function createScriptedFileDialogs(folder: string): ScriptedFileDialogs {
  const requests: SaveLocationRequest[] = [];
  const revealed: string[] = [];
  let next: { kind: 'cancel' } | { kind: 'path'; filePath: string } | undefined;
  return {
    requests,
    revealed,
    cancelNext: () => (next = { kind: 'cancel' }),
    answerNext: (filePath) => (next = { kind: 'path', filePath }),
    async chooseSaveLocation(request) {
      requests.push(request);
      const scripted = next;
      next = undefined;
      if (scripted?.kind === 'cancel') return null;
      if (scripted?.kind === 'path') return scripted.filePath;
      fs.mkdirSync(folder, { recursive: true });
      return path.join(folder, request.suggestedName);
    },
    revealInFolder(filePath) {
      revealed.push(filePath);
    },
  };
}
