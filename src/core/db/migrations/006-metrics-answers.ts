import type { Migration } from '../migrate';

/*
 * The dashboard's answers, kept between launches (src/core/db/repositories/metrics-answers.ts). Computing them needs the
 * account's MRR history, which takes seconds to build for a large account; a launch that finds the data unchanged
 * shows the answers it computed last time instead of waiting for that build.
 *
 * An answer is only as good as the data it was computed from, so every write to a table metrics read removes the
 * account's answers in the same transaction: whoever writes (this app's sync, the cron CLI, a webhook) and however the
 * process ends afterwards, an answer that survives was computed from the data now in the file. Settings are part of
 * each answer's key instead: the renderer writes UI preferences there too, which change no figure.
 *
 * The trigger's DELETE finds nothing on all but the first row a transaction writes, but each row written still runs
 * it: a few microseconds a row, which took SQLite ingest from about 9,900 to 8,000–8,600 rows/s in the benchmark. A
 * sync is held back by Stripe's rate limits, far below either; a delete per page in each writer would be cheaper, but
 * a writer that forgot it would leave stale answers.
 */
const metricsTables = [
  'products',
  'prices',
  'coupons',
  'customers',
  'subscriptions',
  'subscription_items',
  'subscription_snapshots',
  'invoices',
  'invoice_lines',
  'charges',
  'refunds',
] as const;

const triggers = metricsTables
  .flatMap((table) =>
    (['INSERT', 'UPDATE', 'DELETE'] as const).map((operation) => {
      const row = operation === 'DELETE' ? 'OLD' : 'NEW';
      return `CREATE TRIGGER ${table}_${operation.toLowerCase()}_drops_metrics_answers AFTER ${operation} ON ${table}
  BEGIN DELETE FROM metrics_answers WHERE account_id = ${row}.account_id; END;`;
    }),
  )
  .join('\n');

const sql = `
CREATE TABLE metrics_answers (
  account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  day INTEGER NOT NULL,
  answer TEXT NOT NULL,
  computed_at TEXT NOT NULL,
  PRIMARY KEY (account_id, key)
) STRICT;
${triggers}
`;

export const metricsAnswers = {
  version: 6,
  name: 'metrics answers',
  up(db) {
    db.exec(sql);
  },
} satisfies Migration;
