import { useEffect, useRef } from 'react';
import { subscribe } from './api';

/**
 * Keeps a page's figures current while it is on screen: new data (`data:changed` with scope `data`) and every
 * finished sync of the account call `refresh`, which refetches quietly (what is on screen stays until the answer is
 * in). Settings changes arrive as `data:changed` with scope `settings`, which the app store answers by re-reading the
 * settings; `settingsKey` is the part of them this page's figures depend on, so the page refetches when that part
 * changes and not when, say, the last page visited is remembered.
 */
export function useLiveRefresh(accountId: string | undefined, refresh: (accountId: string) => void, settingsKey: string): void {
  useEffect(() => {
    if (!accountId) return;
    const stopData = subscribe('data:changed', ({ scopes }) => {
      if (scopes.includes('data')) refresh(accountId);
    });
    const stopFinished = subscribe('sync:finished', ({ run }) => {
      if (run.accountId === accountId) refresh(accountId);
    });
    return () => {
      stopData();
      stopFinished();
    };
  }, [accountId, refresh]);

  const shownKey = useRef(settingsKey);
  useEffect(() => {
    if (!accountId || shownKey.current === settingsKey) return;
    shownKey.current = settingsKey;
    refresh(accountId);
  }, [accountId, settingsKey, refresh]);
}
