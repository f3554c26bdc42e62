import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertAccount } from '../../../src/core/db/repositories/accounts';
import { upsertStripeObjects } from '../../../src/core/db/repositories/stripe-objects';
import { customersTable } from '../../../src/core/db/tables';
import { reportCatalogue, reportColumns } from '../../../src/core/reports/reports';
import { type ChannelName } from '../../../src/shared/channels';
import { type ChannelInput, reportIds } from '../../../src/shared/contract';
import { stripeAccount } from '../db/temp-database';
import { customer, readCsv, utc } from '../reports/mirror-fixtures';
import { createTestCore, type TestCore } from '../../support/test-core';
import { answerOf, refusalOf } from '../../support/channel-calls';

/**
 * reports:export asks the save dialog (scripted here as the user would answer it) and writes the report there;
 * reports:reveal shows only files exported in this session.
 */
const accountId = 'acc_reportsunit01';

describe('reports channels', () => {
  let testCore: TestCore;

  beforeEach(() => {
    testCore = createTestCore();
    const { db } = testCore.core.context;
    insertAccount(db, stripeAccount(accountId));
    upsertStripeObjects(
      db,
      customersTable,
      [
        customer({ id: 'cus_jan1', email: 'ada@example.com', created: utc('2025-01-01T00:00:00Z') }),
        customer({ id: 'cus_jan31', name: '=HYPERLINK("http://x")', created: utc('2025-01-31T23:59:59Z') }),
        customer({ id: 'cus_feb1', created: utc('2025-02-01T00:00:00Z') }),
      ].map((row) => ({ ...row, accountId })),
    );
  });
  afterEach(() => testCore.dispose());

  const call = <C extends ChannelName>(channel: C, input: ChannelInput<C>) => answerOf(testCore.core, channel, input);

  const refusal = (channel: ChannelName, input: unknown) => refusalOf(testCore.core, channel, input);

  const january = { accountId, reportId: 'customers', from: '2025-01-01', to: '2025-01-31' } as const;

  it('lists the same reports, by the same ids, as the core writes', async () => {
    expect(await call('reports:list', undefined)).toEqual(reportCatalogue.map(({ id, name }) => ({ id, name })));
    expect(reportCatalogue.map((report) => report.id)).toEqual([...reportIds]);
  });

  it('writes the report where the user chose, both days of the range included', async () => {
    const answer = await call('reports:export', january);
    const expectedPath = path.join(testCore.dataDir, 'exports', 'recur-customers-2025-01-01-to-2025-01-31.csv');
    expect(answer).toEqual({ status: 'saved', path: expectedPath, rows: 2 });
    expect(testCore.fileDialogs.requests).toEqual([
      { title: 'Export Customers', suggestedName: 'recur-customers-2025-01-01-to-2025-01-31.csv', filterName: 'CSV (comma-separated values)', extensions: ['csv'] },
    ]);
    const csv = readCsv(expectedPath);
    expect(csv.header).toEqual(reportColumns('customers'));
    expect(csv.records.map((record) => record.customer_id)).toEqual(['cus_jan1', 'cus_jan31']);
    expect(csv.records[1]?.name).toBe(`'=HYPERLINK("http://x")`);
  });

  it('writes nothing when the user cancels the dialog', async () => {
    testCore.fileDialogs.cancelNext();
    expect(await call('reports:export', january)).toEqual({ status: 'cancelled' });
    expect(fs.existsSync(path.join(testCore.dataDir, 'exports'))).toBe(false);
  });

  it('says, in plain words, when the chosen folder cannot be written, and leaves no partial file', async () => {
    const gone = path.join(testCore.dataDir, 'no-such-folder', 'report.csv');
    testCore.fileDialogs.answerNext(gone);
    const error = await refusal('reports:export', january);
    expect(error).toEqual({ code: 'unavailable', message: `Recur could not write ${gone}: that folder no longer exists. Nothing was saved; pick another folder and export again.` });
    expect(fs.existsSync(path.dirname(gone))).toBe(false);
  });

  it('shows exported files in their folder, and refuses any other path', async () => {
    const answer = await call('reports:export', january);
    if (answer.status !== 'saved') throw new Error('expected a saved export');
    expect(await call('reports:reveal', { path: answer.path })).toEqual({ revealed: true });
    expect(testCore.fileDialogs.revealed).toEqual([answer.path]);
    expect(await refusal('reports:reveal', { path: '/etc/passwd' })).toMatchObject({ code: 'not_found' });
    expect(testCore.fileDialogs.revealed).toHaveLength(1);
  });

  it.each([
    [{ ...january, reportId: 'secrets' }, 'Pick one of the reports'],
    [{ ...january, from: '2025-02-01' }, 'ends before it starts'],
    [{ ...january, outPath: '/tmp/x.csv' }, 'Unrecognized key'],
  ])('refuses a bad request before asking where to save: %j', async (input, message) => {
    const error = await refusal('reports:export', input);
    expect(error.code).toBe('invalid_input');
    expect(error.message).toContain(message);
    expect(testCore.fileDialogs.requests).toEqual([]);
  });

  it('refuses an account that is not connected', async () => {
    expect(await refusal('reports:export', { ...january, accountId: 'acc_notconnected1' })).toMatchObject({ code: 'not_found' });
    expect(testCore.fileDialogs.requests).toEqual([]);
  });
});
