import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { acquireSyncLease, readSyncLease, releaseSyncLease, renewSyncLease, type SyncLease } from '../../../src/core/db/repositories/sync-leases';
import { leaseStands, leaseTtlMs, SyncBusyError, thisProcess, withAccountLease } from '../../../src/core/stripe/sync/account-lease';
import { createMemoryLogger } from '../../support/memory-logger';
import { addStripeAccount, useTempDatabases } from './temp-database';

const here = thisProcess('the Recur app');
const now = Date.now();

function lease(overrides: Partial<SyncLease> = {}): SyncLease {
  return { accountId: 'acc_1', token: 'token-a', holder: 'the sync:stripe command', pid: process.pid, host: here.host, acquiredAt: new Date(now).toISOString(), expiresAt: now + leaseTtlMs, ...overrides };
}

/** The pid of a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  return child.pid ?? 0;
}

describe('sync leases', () => {
  const databases = useTempDatabases();

  it('the first process takes the lease; a second one gets the standing lease back, and takes it once released', () => {
    const db = databases.open();
    addStripeAccount(db, 'acc_1');
    expect(acquireSyncLease(db, lease(), () => true)).toMatchObject({ acquired: true });
    const second = acquireSyncLease(db, lease({ token: 'token-b', holder: 'the Recur app' }), () => true);
    expect(second).toMatchObject({ acquired: false, current: { token: 'token-a', holder: 'the sync:stripe command' } });

    releaseSyncLease(db, 'acc_1', 'token-b'); // not its lease: nothing happens
    expect(readSyncLease(db, 'acc_1')?.token).toBe('token-a');
    releaseSyncLease(db, 'acc_1', 'token-a');
    expect(acquireSyncLease(db, lease({ token: 'token-b' }), () => true)).toMatchObject({ acquired: true });
  });

  it('only the holder renews; a lease that no longer stands is replaced, and the replaced one is reported', () => {
    const db = databases.open();
    addStripeAccount(db, 'acc_1');
    acquireSyncLease(db, lease(), () => true);
    expect(renewSyncLease(db, 'acc_1', 'token-b', now + 2 * leaseTtlMs)).toBe(false);
    expect(renewSyncLease(db, 'acc_1', 'token-a', now + 2 * leaseTtlMs)).toBe(true);
    expect(readSyncLease(db, 'acc_1')?.expiresAt).toBe(now + 2 * leaseTtlMs);

    const takeover = acquireSyncLease(db, lease({ token: 'token-b' }), () => false);
    expect(takeover).toMatchObject({ acquired: true, replaced: { token: 'token-a' } });
  });

  it.each([
    ['held by a live process on this machine', lease(), true],
    ['expired, whoever held it', lease({ expiresAt: now - 1 }), false],
    ['held by a process on this machine that has exited', lease({ pid: deadPid() }), false],
    ['held on another machine (its process cannot be checked): until it expires', lease({ host: `${here.host}-elsewhere`, pid: deadPid() }), true],
  ])('a lease %s stands: %s', (_, candidate, stands) => {
    expect(leaseStands(candidate, here, now)).toBe(stands);
  });

  it('withAccountLease refuses while another process holds the account, and releases its own lease even when the sync throws', async () => {
    const db = databases.open();
    addStripeAccount(db, 'acc_1');
    const logger = createMemoryLogger();
    acquireSyncLease(db, lease({ pid: process.ppid }), () => true);
    let ran = false;
    const refused = await withAccountLease(db, 'acc_1', here, logger, async () => (ran = true)).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(SyncBusyError);
    expect(ran).toBe(false);

    releaseSyncLease(db, 'acc_1', 'token-a');
    const failed = await withAccountLease(db, 'acc_1', here, logger, () => Promise.reject(new Error('boom'))).catch((error: unknown) => error);
    expect((failed as Error).message).toBe('boom');
    expect(readSyncLease(db, 'acc_1')).toBeUndefined();
  });
});
