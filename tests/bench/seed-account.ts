import { openDatabase } from '../../src/core/db/connection';
import { insertAccount } from '../../src/core/db/repositories/accounts';
import { generateAccount } from '../../src/sim/account/generated-account';
import { benchAccount } from './bench-account';
import { seedFromTruth } from './seed-from-truth';

/**
 * `node --expose-gc --import tsx tests/bench/seed-account.ts <customers> <database>` → one JSON line.
 * Writes a simulated account of 24 months into `<database>` as a full sync leaves it (seed-from-truth.ts: page by
 * page through writePage, the sync's own writer), and reports the ingest rate.
 */
const customers = Number(process.argv[2] ?? '10000');
const databasePath = process.argv[3];
if (!databasePath) throw new Error('Usage: seed-account.ts <customers> <database>');
const mib = (bytes: number) => Math.round(bytes / 1048576);

const account = generateAccount({ seed: benchAccount.seed, customers, now: benchAccount.now });
const db = openDatabase(databasePath);
insertAccount(db, { id: benchAccount.id, displayName: 'Bench', source: 'stripe', stripeAccountId: null, keyMode: 'test', keyKind: 'secret', keyLast4: 'xxxx', createdAt: new Date(benchAccount.now * 1000).toISOString() });
const seeded = seedFromTruth(db, benchAccount.id, account, benchAccount.now);
const count = (table: string) => db.prepare<[string], number>(`SELECT count(*) FROM ${table} WHERE account_id = ?`).pluck().get(benchAccount.id) ?? 0;
process.stdout.write(
  `${JSON.stringify({
    customers,
    subscriptions: count('subscriptions'),
    invoices: count('invoices'),
    seededRows: seeded.rows,
    seedSeconds: Number(seeded.seconds.toFixed(1)),
    ingestRowsPerSecond: Math.round(seeded.rows / seeded.seconds),
    peakRssMiB: mib(process.resourceUsage().maxRSS * 1024),
  })}\n`,
);
db.close();
