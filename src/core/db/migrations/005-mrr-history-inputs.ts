import { subscriptionMrrInputsJson } from '../../stripe/rows/subscription-mrr-inputs';
import type { Migration } from '../migrate';

/*
 * What a full MRR recompute reads, made cheap to read (the same reasoning as 003-metrics-indexes.ts).
 *
 * `subscription_snapshots.mrr_inputs` (in the schema since version 1, unused until now) holds each snapshot's
 * subscription cut down to what MRR reads (src/core/stripe/rows/subscription-mrr-inputs.ts): ~600 bytes instead of the
 * ~3 KB `raw`. The sync writes it with every snapshot from this version on; snapshots recorded before are filled here,
 * so an existing file recomputes as fast as a fresh sync. A `raw` that is not JSON is left without inputs: MRR history
 * reads `raw` for such a row (found through the partial index) and reports it as before.
 *
 * A subscription or snapshot row holds its raw JSON and fills about a page, so reading the few columns the history
 * needs from 100,000 rows read 100,000 pages: the covering indexes hold just those columns.
 *
 * The cut is computed by today's code, not a copy frozen here: a later change to what MRR reads needs its own migration
 * to recompute the column anyway.
 */
const sql = `
CREATE INDEX subscriptions_for_mrr_history ON subscriptions
  (account_id, id, customer, currency, status, start_date, created, trial_start, trial_end, cancel_at_period_end, cancel_at, canceled_at, ended_at);
CREATE INDEX subscription_snapshots_for_mrr_history ON subscription_snapshots (account_id, subscription_id, valid_from, mrr_inputs);
CREATE INDEX subscription_snapshots_without_mrr_inputs ON subscription_snapshots (account_id, subscription_id, valid_from) WHERE mrr_inputs IS NULL;
`;

export const mrrHistoryInputs = {
  version: 5,
  name: 'mrr history inputs',
  up(db) {
    fillSnapshotMrrInputs(db);
    db.exec(sql);
  },
} satisfies Migration;

function fillSnapshotMrrInputs(db: Parameters<Migration['up']>[0]): void {
  // In batches by rowid: a statement cannot run while another's rows are being iterated, and reading every raw at
  // once would hold a few hundred MB of JSON for a large account.
  const batch = db.prepare<[number], [number, string]>('SELECT rowid, raw FROM subscription_snapshots WHERE rowid > ? AND mrr_inputs IS NULL ORDER BY rowid LIMIT 1000').raw();
  const update = db.prepare<[string, number]>('UPDATE subscription_snapshots SET mrr_inputs = ? WHERE rowid = ?');
  for (let after = 0, rows = batch.all(after); rows.length > 0; rows = batch.all(after)) {
    for (const [rowid, raw] of rows) {
      const inputs = mrrInputsOf(raw);
      if (inputs !== undefined) update.run(inputs, rowid);
      after = rowid;
    }
  }
}

function mrrInputsOf(raw: string): string | undefined {
  try {
    return subscriptionMrrInputsJson(JSON.parse(raw) as unknown);
  } catch {
    return undefined;
  }
}
