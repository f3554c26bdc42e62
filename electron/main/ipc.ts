import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import { channelNames, type ChannelName } from '../../src/shared/channels';
import { type ApiResult } from '../../src/shared/errors';
import { type Core } from '../../src/core/core';
import { type Logger } from '../../src/core/ports';
import { isTrustedSender, type AppLocation, type SenderFrame } from './sender-check';

/**
 * Channels libraries open on import. electron-log opens one for renderer-side logging, which Recur does not use (its
 * renderer logs nothing to main); closing it keeps main's IPC surface exactly the contract, all behind the check.
 */
const foreignChannels = ['__ELECTRON_LOG__'];

/**
 * The only place main listens to the renderer. Every channel in the contract gets one `ipcMain.handle`; each call is
 * first checked to come from the app's own page (Electron security checklist 17), then handed to the core, which
 * validates the input against the contract and never throws. Returns a function that removes the handlers.
 */
export function registerIpc(core: Pick<Core, 'dispatch'>, appLocation: AppLocation, logger: Logger): () => void {
  for (const channel of foreignChannels) {
    ipcMain.removeHandler(channel);
    ipcMain.removeAllListeners(channel);
  }
  for (const channel of channelNames) {
    ipcMain.handle(channel, async (event, input: unknown) => {
      const sender = describeSender(event);
      if (!isTrustedSender(sender, appLocation)) {
        logger.warn('IPC call from a frame that is not the app refused', { channel, url: sender?.url.slice(0, 200) ?? null });
        return forbidden(channel);
      }
      return core.dispatch(channel, input);
    });
  }
  return () => {
    for (const channel of channelNames) ipcMain.removeHandler(channel);
  };
}

/**
 * The sending frame as the check sees it. `senderFrame` is null when the frame navigated away or was destroyed
 * before the message arrived; Electron hands out one WebFrameMain object per frame, so identity tells the main frame.
 */
function describeSender(event: IpcMainInvokeEvent): SenderFrame | null {
  const frame = event.senderFrame;
  if (!frame) return null;
  return { url: frame.url, isMainFrame: frame === event.sender.mainFrame };
}

function forbidden(channel: ChannelName): ApiResult<never> {
  return {
    ok: false,
    error: { code: 'forbidden_sender', message: `Only Recur's own window may call ${channel}.` },
  };
}
