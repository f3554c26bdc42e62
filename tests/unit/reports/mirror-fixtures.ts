import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { ChargeRow, CustomerRow, InvoiceRow, RefundRow, SubscriptionRow } from '../../../src/core/db/tables';

/** Unix seconds of an ISO 8601 instant. */
export function utc(iso: string): number {
  return Date.parse(iso) / 1000;
}

/** The range most scenarios export: March 2025, [from, to). */
export const march2025 = { from: utc('2025-03-01T00:00:00Z'), to: utc('2025-04-01T00:00:00Z') };

const base = { accountId: 'acc_1', sourceTs: utc('2025-05-01T00:00:00Z'), livemode: true } as const;

export function customer(fields: Partial<CustomerRow> & { id: string }): CustomerRow {
  return {
    ...base,
    raw: JSON.stringify({ id: fields.id, object: 'customer' }),
    created: utc('2025-03-10T12:00:00Z'),
    email: null,
    name: null,
    currency: 'usd',
    metadata: {},
    discounts: [],
    deleted: false,
    ...fields,
  };
}

export function subscription(fields: Partial<SubscriptionRow> & { id: string }): SubscriptionRow {
  return {
    ...base,
    raw: JSON.stringify({ id: fields.id, object: 'subscription' }),
    created: utc('2025-03-10T12:00:00Z'),
    customer: 'cus_a',
    status: 'active',
    currency: 'usd',
    startDate: null,
    trialStart: null,
    trialEnd: null,
    cancelAtPeriodEnd: false,
    cancelAt: null,
    canceledAt: null,
    endedAt: null,
    currentPeriodStart: null,
    currentPeriodEnd: null,
    discounts: [],
    ...fields,
  };
}

export function invoice(fields: Partial<InvoiceRow> & { id: string }): InvoiceRow {
  return {
    ...base,
    raw: JSON.stringify({ id: fields.id, object: 'invoice' }),
    created: utc('2025-03-10T12:00:00Z'),
    customer: 'cus_a',
    subscription: null,
    status: 'paid',
    currency: 'usd',
    total: 0,
    subtotal: 0,
    amountPaid: 0,
    amountDue: 0,
    billingReason: 'subscription_cycle',
    periodStart: null,
    periodEnd: null,
    statusTransitionsPaidAt: null,
    discounts: [],
    deleted: false,
    ...fields,
  };
}

export function charge(fields: Partial<ChargeRow> & { id: string }): ChargeRow {
  return {
    ...base,
    raw: JSON.stringify({ id: fields.id, object: 'charge' }),
    created: utc('2025-03-10T12:00:00Z'),
    customer: 'cus_a',
    invoice: null,
    paymentIntent: null,
    amount: 0,
    amountRefunded: 0,
    currency: 'usd',
    status: 'succeeded',
    paid: true,
    refunded: false,
    failureCode: null,
    exchangeRate: null,
    settlementCurrency: null,
    ...fields,
  };
}

export function refund(fields: Partial<RefundRow> & { id: string }, stripeFields: Record<string, unknown> = {}): RefundRow {
  return {
    ...base,
    raw: JSON.stringify({ id: fields.id, object: 'refund', ...stripeFields }),
    created: utc('2025-03-10T12:00:00Z'),
    charge: null,
    paymentIntent: null,
    amount: 0,
    currency: 'usd',
    status: 'succeeded',
    reason: null,
    livemode: null,
    ...fields,
  };
}

export interface ParsedCsv {
  /** The header row as written. */
  header: string[];
  /** The data rows, by column name, as an RFC 4180 reader gives them back (text). */
  records: Record<string, string>[];
  text: string;
}

/**
 * Reads a written report back with csv-parse, the independent RFC 4180 reader. Told to end a record at any line break
 * outside quotes, as spreadsheets do: left to itself it would pick CRLF from the first line and accept a bare LF
 * inside an unquoted field, which Excel would not.
 */
export function readCsv(filePath: string): ParsedCsv {
  const text = fs.readFileSync(filePath, 'utf8');
  const options = { record_delimiter: ['\r\n', '\n', '\r'] };
  const [header = []] = parse(text, { ...options, to_line: 1 }) as string[][];
  const records = parse(text, { ...options, columns: true }) as Record<string, string>[];
  return { header, records, text };
}
