import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type Database from 'better-sqlite3';
import { acquireSyncLease, readSyncLease, releaseSyncLease, renewSyncLease, type SyncLease } from '../../db/repositories/sync-leases';
import { type Logger } from '../../ports';

/**
 * One sync per account across processes: the app and a cron job may share a database file, and each takes the
 * account's lease (a row in `sync_leases`) before syncing it. Leases coordinate real processes, so they run on the
 * wall clock (`Date.now()`), never on a test's or the simulator's clock.
 */

/** Who is syncing, for the lease row and for the message another process shows. */
export interface ProcessIdentity {
  /** What the user knows this process as: "the Recur app", "the sync:stripe command". */
  holder: string;
  pid: number;
  host: string;
}

export function thisProcess(holder: string): ProcessIdentity {
  return { holder, pid: process.pid, host: os.hostname() };
}

/** A lease lasts this long unless renewed; its holder renews it four times as often. */
export const leaseTtlMs = 60_000;
const renewEveryMs = leaseTtlMs / 4;

export class SyncBusyError extends Error {
  constructor(readonly lease: SyncLease) {
    super(`This account is already being synced by ${lease.holder} (process ${lease.pid}). This sync was skipped; the data will update when that one finishes.`);
    this.name = 'SyncBusyError';
  }
}

/**
 * Whether a lease still stands: not expired and, when taken on this machine, its process still alive. A SIGKILLed
 * sync cannot release its lease; waiting out the expiry would hold the next sync back for nothing.
 */
export function leaseStands(lease: SyncLease, identity: ProcessIdentity, now = Date.now()): boolean {
  if (lease.expiresAt <= now) return false;
  return lease.host !== identity.host || processIsAlive(lease.pid);
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The lease another process holds on the account right now, if any. */
export function heldElsewhere(db: Database.Database, accountId: string, identity: ProcessIdentity): SyncLease | undefined {
  const lease = readSyncLease(db, accountId);
  return lease && leaseStands(lease, identity) ? lease : undefined;
}

/**
 * Runs `sync` holding the account's lease, renewed while it runs and released after. Throws SyncBusyError, without
 * running anything, when another process holds it. `onAcquired` runs once the lease is ours (a lease taken over from
 * a dead process leaves its `running` log rows to mark interrupted).
 */
export async function withAccountLease<T>(db: Database.Database, accountId: string, identity: ProcessIdentity, logger: Logger, sync: () => Promise<T>, onAcquired?: () => void): Promise<T> {
  const token = randomUUID();
  const now = Date.now();
  const outcome = acquireSyncLease(db, { accountId, token, ...identity, acquiredAt: new Date(now).toISOString(), expiresAt: now + leaseTtlMs }, (current) => leaseStands(current, identity, now));
  if (!outcome.acquired) throw new SyncBusyError(outcome.current);
  if (outcome.replaced) logger.warn('Took over the sync lease of a process that stopped', { accountId, holder: outcome.replaced.holder, pid: outcome.replaced.pid });
  onAcquired?.();
  const renewal = setInterval(() => {
    if (!renewSyncLease(db, accountId, token, Date.now() + leaseTtlMs)) {
      logger.warn('Another process took over this sync lease (this one was unresponsive for a minute); both may now be syncing', { accountId });
    }
  }, renewEveryMs);
  renewal.unref();
  try {
    return await sync();
  } finally {
    clearInterval(renewal);
    releaseSyncLease(db, accountId, token);
  }
}
