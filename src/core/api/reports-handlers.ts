import path from 'node:path';
import { AppError } from '../app-error';
import { type CoreContext } from '../core-context';
import { findAccount } from '../db/repositories/accounts';
import { dayOfIso, startOfDay } from '../metrics/history/days';
import { reportCatalogue, writeReport } from '../reports/reports';
import { type DomainHandlers } from './handler-table';

type ReportsChannel = 'reports:list' | 'reports:export' | 'reports:reveal';

/**
 * The CSV report channels. An export asks main's save dialog where to write, so the only paths the core ever writes to
 * are ones the user picked; `reports:reveal` likewise only shows files exported in this session, so a compromised
 * renderer cannot use it to probe or open arbitrary paths.
 */
export function reportsHandlers(context: CoreContext): DomainHandlers<ReportsChannel> {
  const { db, logger } = context;
  const exported = new Set<string>();

  return {
    'reports:list': () => reportCatalogue.map(({ id, name }) => ({ id, name })),

    'reports:export': async ({ accountId, reportId, from, to }) => {
      const account = findAccount(db, accountId);
      if (!account) throw new AppError('not_found', 'That account is no longer connected. Reload the list of accounts.');
      const dialogs = context.fileDialogs;
      if (!dialogs) throw new AppError('unavailable', 'Exporting from here needs the desktop app. From a terminal, use `npm run report`.');
      const name = reportCatalogue.find((report) => report.id === reportId)?.name ?? reportId;
      const chosen = await dialogs.chooseSaveLocation({
        title: `Export ${name}`,
        suggestedName: `recur-${reportId}-${from}-to-${to}.csv`,
        filterName: 'CSV (comma-separated values)',
        extensions: ['csv'],
      });
      if (chosen === null) return { status: 'cancelled' as const };
      const outPath = path.resolve(chosen);
      try {
        // [from, to] are whole days, both included; a report range is [start, end) in unix seconds.
        const written = await writeReport(db, { accountId, reportId, from: startOfDay(dayOfIso(from)), to: startOfDay(dayOfIso(to) + 1), outPath });
        exported.add(written.path);
        logger.info('Report exported', { accountId, reportId, from, to, rows: written.rows });
        return { status: 'saved' as const, path: written.path, rows: written.rows };
      } catch (error) {
        const reason = fileErrorReason(error);
        if (!reason) throw error;
        logger.warn('Report export failed', { accountId, reportId, reason });
        throw new AppError('unavailable', `Recur could not write ${outPath}: ${reason}. Nothing was saved; pick another folder and export again.`);
      }
    },

    'reports:reveal': ({ path: filePath }) => {
      if (!exported.has(filePath)) throw new AppError('not_found', 'Recur can only show files it exported in this session. Export the report again.');
      if (!context.fileDialogs) throw new AppError('unavailable', 'Showing files needs the desktop app.');
      context.fileDialogs.revealInFolder(filePath);
      return { revealed: true as const };
    },
  };
}

/** Plain words for the file-system errors a user can fix by choosing another place; undefined for anything else. */
function fileErrorReason(error: unknown): string | undefined {
  const code = error instanceof Error && 'code' in error ? (error as NodeJS.ErrnoException).code : undefined;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return 'Recur is not allowed to write there';
    case 'ENOSPC':
      return 'the disk is full';
    case 'EROFS':
      return 'that disk is read-only';
    case 'ENOENT':
      return 'that folder no longer exists';
    case 'EISDIR':
      return 'a folder of that name is in the way';
    default:
      return undefined;
  }
}
