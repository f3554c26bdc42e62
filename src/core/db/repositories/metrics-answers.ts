import type Database from 'better-sqlite3';

/**
 * Answers to metrics questions as JSON, per account, key and the day they were computed on
 * (006-metrics-answers.ts). Any write to the data they were computed from removes an account's answers (the schema's
 * triggers do it), so a stored answer is current for its day. Today's answers are kept, and those of the latest day
 * before it: shown while today's are computed (metrics-service.ts).
 */
export function readMetricsAnswer(db: Database.Database, accountId: string, key: string, day: number): string | undefined {
  return db
    .prepare<[string, string, number], string>('SELECT answer FROM metrics_answers WHERE account_id = ? AND key = ? AND day = ?')
    .pluck()
    .get(accountId, key, day);
}

/** The latest day before `day` with stored answers, if any. */
export function latestEarlierAnswerDay(db: Database.Database, accountId: string, day: number): number | undefined {
  return db.prepare<[string, number], number | null>('SELECT max(day) FROM metrics_answers WHERE account_id = ? AND day < ?').pluck().get(accountId, day) ?? undefined;
}

export function writeMetricsAnswer(db: Database.Database, accountId: string, key: string, day: number, answer: string, computedAt: string): void {
  db.transaction(() => {
    const earlier = latestEarlierAnswerDay(db, accountId, day);
    if (earlier !== undefined) db.prepare<[string, number]>('DELETE FROM metrics_answers WHERE account_id = ? AND day < ?').run(accountId, earlier);
    db.prepare<[string, string, number, string, string]>(
      'INSERT INTO metrics_answers (account_id, key, day, answer, computed_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (account_id, key) DO UPDATE SET day = excluded.day, answer = excluded.answer, computed_at = excluded.computed_at',
    ).run(accountId, key, day, answer, computedAt);
  })();
}

/** For changes the triggers do not see: data this process wrote but has not yet folded into its cached history. */
export function deleteMetricsAnswers(db: Database.Database, accountId?: string): void {
  if (accountId === undefined) db.prepare('DELETE FROM metrics_answers').run();
  else db.prepare<[string]>('DELETE FROM metrics_answers WHERE account_id = ?').run(accountId);
}
