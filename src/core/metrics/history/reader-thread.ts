import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import { type PackedRows, type SnapshotRow, type SnapshotRows, type SubscriptionRow, type SubscriptionRows, subscriptionRows } from './subscription-rows';

/**
 * A full recompute reads a whole account from SQLite — for 100,000 subscriptions about two seconds of SQLite work
 * (a third of the recompute) — and then parses and computes on what it read. The reading is done on a second thread,
 * with its own read-only connection to the same file, while this thread parses and computes on what came before: the
 * recompute then takes about as long as the computing alone.
 *
 * The thread sends each batch of subscriptions' rows as they were read (strings and numbers, which the message copies
 * cheaply) and stays at most a few batches ahead, so memory holds a few batches, not the account. This thread waits for
 * a batch with Atomics.wait: the history is built synchronously.
 *
 * The thread's program is sent as source text (subscription-rows.ts's merge, and `readerProgram` below), not as a
 * module file: the app's main process is bundled into one file, and this needs no entry point of its own there.
 */

export interface ReaderQueries {
  subscriptions: string;
  invoices: string;
  lines: string;
  snapshots: string;
}

export interface ReaderThread {
  /**
   * The subscriptions' rows in id order, as subscriptionRows would yield them on this thread. Returns false, having
   * yielded nothing, when the thread failed before sending any (the caller then reads on this thread); a failure after
   * that is thrown.
   */
  rows(): Generator<SubscriptionRows, boolean>;
}

interface ReaderThreadData {
  sqlite: string;
  file: string;
  queries: ReaderQueries;
  parameters: Record<string, string>;
  port: MessagePort;
  /** [0]: messages posted by the thread; [1]: messages taken by this thread. */
  progress: Int32Array;
  batchSize: number;
  batchesAhead: number;
}

/**
 * What the thread posts, in order: batches, then `done` — or `failed`, at once if it could not open the database. A
 * batch is flat (one array of strings, numbers and nulls: the cheapest message to copy), laid out per subscription as
 * its row's columns, its packed invoices and lines (null for none), its snapshot count, then each snapshot's
 * `valid_from` and JSON.
 */
type ReaderMessage = { batch: unknown[] } | { done: true } | { failed: 'open' | 'read'; message: string };

const batchSize = 500;
const batchesAhead = 8;
/** A thread that sends nothing for this long has stopped (killed, out of memory): waiting longer would hang the app. */
const silenceLimitMs = 120_000;

/**
 * Starts reading on a second thread, or returns undefined when it cannot: a database in memory (another connection
 * would see another database), a connection inside a transaction (another would not see its uncommitted writes), or
 * no CommonJS `require` to locate better-sqlite3 with.
 */
export function startReaderThread(
  db: Database.Database,
  queries: ReaderQueries,
  parameters: Record<string, string>,
  options: { batchSize?: number } = {},
): ReaderThread | undefined {
  if (db.memory || db.name === '' || db.name === ':memory:' || db.inTransaction) return undefined;
  const sqlite = betterSqlite3Path();
  if (sqlite === undefined) return undefined;
  const { port1, port2 } = new MessageChannel();
  const progress = new Int32Array(new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT));
  const data: ReaderThreadData = { sqlite, file: db.name, queries, parameters, port: port2, progress, batchSize: options.batchSize ?? batchSize, batchesAhead };
  const source = `"use strict";\n(${readerProgram.toString()})(${subscriptionRows.toString()});`;
  // No execArgv: the program is plain JavaScript and needs none of this process's loaders.
  const worker = new Worker(source, { eval: true, execArgv: [], workerData: data, transferList: [port2] });
  worker.unref();
  let taken = 0;
  const take = (): ReaderMessage => {
    const started = Date.now();
    for (;;) {
      const received = receiveMessageOnPort(port1);
      if (received) {
        Atomics.store(progress, 1, ++taken);
        Atomics.notify(progress, 1);
        return received.message as ReaderMessage;
      }
      if (Date.now() - started > silenceLimitMs) throw new Error('The MRR history reader thread stopped sending rows');
      waitForPost(progress, taken);
    }
  };
  const stop = () => {
    // Let a thread waiting for room go on, to be stopped.
    Atomics.store(progress, 1, 2 ** 30);
    Atomics.notify(progress, 1);
    void worker.terminate();
    port1.close();
  };
  return {
    *rows() {
      try {
        for (let message = take(); ; message = take()) {
          if ('failed' in message) {
            // Nothing read yet (the file would not open, or the program itself failed): read on this thread instead.
            if (taken === 1) return false;
            throw new Error(`Reading the MRR history inputs failed: ${message.message}`);
          }
          if ('done' in message) return true;
          for (const rows of decodeBatch(message.batch)) yield rows;
        }
      } finally {
        stop();
      }
    },
  };
}

/** Where this process loads better-sqlite3 from, for the thread to load the same; undefined without CommonJS. */
function betterSqlite3Path(): string | undefined {
  try {
    return typeof require === 'function' ? require.resolve('better-sqlite3') : undefined;
  } catch {
    return undefined;
  }
}

/** Blocks until the thread has posted more than `taken` messages (or a little while has passed). */
function waitForPost(progress: Int32Array, taken: number): void {
  if (mainThreadMayWait) {
    try {
      Atomics.wait(progress, 0, taken, 100);
      return;
    } catch {
      // An embedder may forbid blocking this thread (a browser's main thread does): then it polls, which costs
      // little, as the thread is rarely behind.
      mainThreadMayWait = false;
    }
  }
  const until = Date.now() + 1;
  while (Atomics.load(progress, 0) === taken && Date.now() < until);
}

/** Whether Atomics.wait may block this thread: found out on the first wait. */
let mainThreadMayWait = true;

/** The columns of a SubscriptionRow: what the subscriptions query selects. */
const subscriptionColumns = 12;

/** The rows of a batch (see ReaderMessage). */
function decodeBatch(batch: unknown[]): SubscriptionRows[] {
  const decoded: SubscriptionRows[] = [];
  for (let at = 0; at < batch.length; ) {
    const subscription = batch.slice(at, (at += subscriptionColumns)) as SubscriptionRow;
    const invoices = batch[at++] as string | null;
    const lines = batch[at++] as string | null;
    const count = batch[at++] as number;
    const snapshots: SnapshotRow[] = [];
    for (let index = 0; index < count; index++, at += 2) snapshots.push({ validFrom: batch[at] as number, json: batch[at + 1] as string });
    decoded.push({ subscription, invoices: invoices ?? undefined, lines: lines ?? undefined, snapshots });
  }
  return decoded;
}

/**
 * The reader thread's whole program, run from source text (see the top of this file): it uses only its argument
 * (subscriptionRows) and what it requires, and names no function inside it. It opens its own read-only connection,
 * merges the four reads as this thread would, and posts the rows in batches (laid out as ReaderMessage says), waiting
 * whenever it is `batchesAhead` messages ahead of what was taken.
 */
function readerProgram(merge: typeof subscriptionRows): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- source text run by the worker: no imports there
  const { workerData } = require('node:worker_threads') as { workerData: unknown };
  const data = workerData as ReaderThreadData;
  const { port, progress } = data;
  // Everything that can fail is inside: a failure is posted, so the waiting thread hears of it at once.
  try {
    const channel = {
      post(message: ReaderMessage): void {
        port.postMessage(message);
        const posted = Atomics.add(progress, 0, 1) + 1;
        Atomics.notify(progress, 0);
        for (let taken = Atomics.load(progress, 1); posted - taken > data.batchesAhead; taken = Atomics.load(progress, 1)) Atomics.wait(progress, 1, taken);
      },
    };
    let db: Database.Database;
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- the same better-sqlite3 the app's connection uses
      const Sqlite = require(data.sqlite) as typeof Database;
      db = new Sqlite(data.file, { readonly: true });
    } catch (error) {
      channel.post({ failed: 'open', message: String(error) });
      return;
    }
    const { queries, parameters } = data;
    const reads: IterableIterator<unknown>[] = [];
    try {
      for (const sql of [queries.subscriptions, queries.invoices, queries.lines, queries.snapshots]) reads.push(db.prepare(sql).raw().iterate(parameters));
      const rows = merge(reads[0] as IterableIterator<SubscriptionRow>, reads[1] as PackedRows, reads[2] as PackedRows, reads[3] as SnapshotRows);
      let batch: unknown[] = [];
      let count = 0;
      for (const { subscription, invoices, lines, snapshots } of rows) {
        for (const value of subscription) batch.push(value);
        batch.push(invoices ?? null, lines ?? null, snapshots.length);
        for (const { validFrom, json } of snapshots) batch.push(validFrom, json);
        if (++count === data.batchSize) {
          channel.post({ batch });
          batch = [];
          count = 0;
        }
      }
      if (count > 0) channel.post({ batch });
      channel.post({ done: true });
    } finally {
      // Reads not run to their end (rows past the last subscription, or a failure) are finished before closing.
      for (const read of reads) read.return?.();
      db.close();
    }
  } catch (error) {
    port.postMessage({ failed: 'read', message: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies ReaderMessage);
    Atomics.add(progress, 0, 1);
    Atomics.notify(progress, 0);
  }
}
