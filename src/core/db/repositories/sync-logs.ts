import type Database from 'better-sqlite3';

export type SyncTrigger = 'launch' | 'manual' | 'schedule' | 'cli' | 'gap';
export type SyncKind = 'full' | 'incremental';
export type SyncStatus = 'running' | 'succeeded' | 'partial' | 'failed' | 'interrupted';

export interface SyncLogRow {
  id: number;
  accountId: string;
  startedAt: string;
  finishedAt: string | null;
  trigger: SyncTrigger;
  kind: SyncKind;
  status: SyncStatus;
  /** Per resource: objects fetched and written. */
  counts: Record<string, { fetched: number; written: number }>;
  requests: number;
  rateLimitWaits: number;
  error: string | null;
}

interface SyncLogRecord {
  id: number;
  account_id: string;
  started_at: string;
  finished_at: string | null;
  trigger: SyncTrigger;
  kind: SyncKind;
  status: SyncStatus;
  counts: string | null;
  requests: number;
  rate_limit_waits: number;
  error: string | null;
}

function fromRecord(record: SyncLogRecord): SyncLogRow {
  return {
    id: record.id,
    accountId: record.account_id,
    startedAt: record.started_at,
    finishedAt: record.finished_at,
    trigger: record.trigger,
    kind: record.kind,
    status: record.status,
    counts: record.counts ? (JSON.parse(record.counts) as SyncLogRow['counts']) : {},
    requests: record.requests,
    rateLimitWaits: record.rate_limit_waits,
    error: record.error,
  };
}

export function startSyncLog(db: Database.Database, entry: { accountId: string; startedAt: string; trigger: SyncTrigger; kind: SyncKind }): number {
  const result = db
    .prepare('INSERT INTO sync_logs (account_id, started_at, "trigger", kind, status) VALUES (?, ?, ?, ?, \'running\')')
    .run(entry.accountId, entry.startedAt, entry.trigger, entry.kind);
  return Number(result.lastInsertRowid);
}

export function finishSyncLog(
  db: Database.Database,
  id: number,
  outcome: { finishedAt: string; status: Exclude<SyncStatus, 'running'>; counts: SyncLogRow['counts']; requests: number; rateLimitWaits: number; error: string | null },
): void {
  db.prepare('UPDATE sync_logs SET finished_at = ?, status = ?, counts = ?, requests = ?, rate_limit_waits = ?, error = ? WHERE id = ?').run(
    outcome.finishedAt,
    outcome.status,
    JSON.stringify(outcome.counts),
    outcome.requests,
    outcome.rateLimitWaits,
    outcome.error,
    id,
  );
}

/**
 * Runs left `running` by a process that died are marked `interrupted`: those of one account (`accountId`), or of
 * every account, except the ones `isStillRunning` vouches for (another live process is running them).
 */
export function markInterruptedSyncLogs(
  db: Database.Database,
  finishedAt: string,
  options: { accountId?: string; isStillRunning?: (row: { id: number; accountId: string }) => boolean } = {},
): number {
  const running = db
    .prepare<[], { id: number; accountId: string }>("SELECT id, account_id AS accountId FROM sync_logs WHERE status = 'running'")
    .all()
    .filter((row) => options.accountId === undefined || row.accountId === options.accountId);
  const stale = running.filter((row) => !options.isStillRunning?.(row));
  const mark = db.prepare("UPDATE sync_logs SET status = 'interrupted', finished_at = ?, error = COALESCE(error, 'The sync stopped before it finished (Recur quit or was stopped). It resumes where it left off.') WHERE id = ?");
  db.transaction(() => stale.forEach((row) => mark.run(finishedAt, row.id)))();
  return stale.length;
}

export function listSyncLogs(db: Database.Database, accountId: string, limit = 100): SyncLogRow[] {
  return db
    .prepare<[string, number], SyncLogRecord>('SELECT * FROM sync_logs WHERE account_id = ? ORDER BY started_at DESC, id DESC LIMIT ?')
    .all(accountId, limit)
    .map(fromRecord);
}

/** The newest finished full sync that succeeded (or partly did), to decide whether launch needs another. */
export function lastCompletedFullSync(db: Database.Database, accountId: string): SyncLogRow | undefined {
  const record = db
    .prepare<[string], SyncLogRecord>("SELECT * FROM sync_logs WHERE account_id = ? AND kind = 'full' AND status IN ('succeeded', 'partial') ORDER BY finished_at DESC LIMIT 1")
    .get(accountId);
  return record ? fromRecord(record) : undefined;
}
