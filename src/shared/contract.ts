import { z } from 'zod';
import { type ChannelName } from './channels';
import { checkStripeKey } from './stripe-key';

/**
 * The one declaration of Recur's renderer↔main API. Every channel has an input schema (parsed in main before any
 * handler runs) and an output schema (parsed before the answer leaves main, so a field a handler should not have
 * returned is stripped, never sent).
 */
export interface ChannelSpec {
  input: z.ZodType;
  output: z.ZodType;
}

/** Input of channels that take none. */
const noInput = z.undefined();

/** The pages of the app, in navigation order. */
export const pageIds = ['overview', 'customers', 'cohorts', 'insights', 'sync', 'reports', 'settings'] as const;
export const pageIdSchema = z.enum(pageIds);
export type PageId = z.infer<typeof pageIdSchema>;

const accountIdSchema = z.string().regex(/^acc_[A-Za-z0-9]{8,40}$/, 'Expected an account id like acc_…');
const displayNameSchema = z
  .string()
  .trim()
  .min(1, 'Give the account a name.')
  .max(80, 'Keep the name under 80 characters.')
  // A name is stored and shown in the clear: a key pasted into the wrong field must not end up there.
  .refine((name) => !/(sk|rk|pk)_(live|test)_|whsec_/.test(name), 'That looks like a Stripe key or webhook secret. Give the account a name instead, like "Acme".');

/** A pasted Stripe key. The format check's message never echoes the key. */
const stripeKeyInputSchema = z
  .string()
  .max(300, 'That is too long to be a Stripe API key.')
  .superRefine((value, ctx) => {
    const check = checkStripeKey(value);
    if (!check.ok) ctx.addIssue({ code: 'custom', message: check.reason });
  });

/** What the renderer may know about a stored key: never the key itself. */
export const keySummarySchema = z.object({
  mode: z.enum(['live', 'test']),
  kind: z.enum(['secret', 'restricted']),
  last4: z.string().length(4),
  /** `stored`: encrypted on disk; `session`: held in memory until Recur quits; `missing`: needs to be entered again. */
  persistence: z.enum(['stored', 'session', 'missing']),
});
export type KeySummary = z.infer<typeof keySummarySchema>;

export const accountSummarySchema = z.object({
  id: accountIdSchema,
  displayName: z.string(),
  /** `demo` accounts are served by the built-in Stripe simulator, never by Stripe. */
  source: z.enum(['stripe', 'demo']),
  /** Stripe's own id (`acct_…`): known at connect when the key may read the account, else after the first full sync. */
  stripeAccountId: z.string().nullable(),
  key: keySummarySchema.nullable(),
  createdAt: z.iso.datetime(),
});
export type AccountSummary = z.infer<typeof accountSummarySchema>;

export const keyStorageSchema = z.object({
  backend: z.enum(['os-keychain', 'basic-text', 'environment', 'memory']),
  /** True when keys at rest are protected by the operating system (Keychain, DPAPI, libsecret, KWallet). */
  isEncryptedAtRest: z.boolean(),
  /** False when keys can only be kept in memory for the session (no way to write them to disk here). */
  canStore: z.boolean(),
  /** True when a key is kept only for this session unless the user explicitly agrees to store it. */
  requiresConsentToStore: z.boolean(),
  /** One sentence for the connect screen. */
  explanation: z.string(),
});
export type KeyStorage = z.infer<typeof keyStorageSchema>;

export const appearanceSchema = z.enum(['system', 'light', 'dark']);
export type Appearance = z.infer<typeof appearanceSchema>;

/** When a cancelled subscription stops counting as MRR (METRICS.md, "MRR of one subscription at an instant"). */
export const cancellationTimingSchema = z.enum(['requested', 'period_end']);

/** A threshold that is a count or a number of days: a whole number from 1 to `max`. */
const wholeThreshold = (what: string, max: number) =>
  z
    .number({ error: `Give ${what} as a number.` })
    .int(`Give ${what} as a whole number.`)
    .min(1, `Give ${what} of at least 1.`)
    .max(max, `Give ${what} of at most ${max}.`);
/** A threshold that is a positive amount (a multiple, a percentage, hours): above 0, at most `max`. */
const positiveThreshold = (what: string, max: number) =>
  z.number({ error: `Give ${what} as a number.` }).positive(`Give ${what} above 0.`).max(max, `Give ${what} of at most ${max}.`);

/**
 * What each insight is held to (METRICS.md, "Insights"). Every threshold is a setting of its own: `settings:update`
 * takes any of them alone, and a stored value that no longer parses falls back to its default without the others.
 */
export const insightThresholdsSchema = z.object({
  /** Churn this month fires at this multiple of the trailing monthly average (1.5 = 50% above it). */
  churnSpikeMultiple: positiveThreshold('the churn multiple', 10),
  /** Complete months the churn average looks back over. */
  churnTrailingMonths: wholeThreshold('the churn months', 12),
  /** Failed payments fire when the last 30 days failed this many percent more than the 30 days before. */
  failedPaymentsRisePercent: positiveThreshold('the failed-payments rise in percent', 1000),
  /** …and at least this many payments failed in the last 30 days (fewer is noise). */
  failedPaymentsMinimum: wholeThreshold('the fewest failed payments', 10_000),
  /** MRR of `past_due` subscriptions, as a percentage of MRR, from which it is called at risk. */
  mrrAtRiskPercent: positiveThreshold('the MRR-at-risk percentage', 100),
  /** How many of the largest customers the concentration rule adds up. */
  concentrationTopCustomers: wholeThreshold('the number of top customers', 100),
  /** Their share of MRR, in percent, from which revenue is called concentrated. */
  concentrationPercent: positiveThreshold('the concentration percentage', 100),
  /** Days ahead in which finite coupons ending are shown. */
  couponsEndingDays: wholeThreshold('the coupon days ahead', 365),
  /** Days ahead in which annual renewals are shown. */
  renewalsDays: wholeThreshold('the renewal days ahead', 365),
  /** Days ahead in which trials ending are shown. */
  trialsEndingDays: wholeThreshold('the trial days ahead', 90),
  /** The quick ratio this month below which growth is not replacing what is lost. */
  quickRatioMinimum: positiveThreshold('the quick ratio', 10),
  /** Percentage points GRR must have fallen over 90 days, with NRR not falling, to call it expansion hiding churn. */
  grrFallPoints: positiveThreshold('the GRR fall in points', 100),
  /** Hours after the last successful sync from which the data is called stale. */
  staleSyncHours: positiveThreshold('the hours before data is stale', 720),
});
export type InsightThresholds = z.infer<typeof insightThresholdsSchema>;

export const defaultInsightThresholds: InsightThresholds = {
  churnSpikeMultiple: 1.5,
  churnTrailingMonths: 3,
  failedPaymentsRisePercent: 50,
  failedPaymentsMinimum: 3,
  mrrAtRiskPercent: 2,
  concentrationTopCustomers: 10,
  concentrationPercent: 50,
  couponsEndingDays: 30,
  renewalsDays: 30,
  trialsEndingDays: 7,
  quickRatioMinimum: 1,
  grrFallPoints: 5,
  staleSyncHours: 24,
};

/** A currency code as settings store it: three lower-case letters (`usd`). */
const currencyCodeSchema = z.string().regex(/^[a-z]{3}$/, 'Use a three-letter lower-case currency code like usd.');

/** The Overview's date ranges: presets count back from today (so they move with it); `custom` keeps its own days. */
export const overviewRangePresets = ['last30', 'last3m', 'last6m', 'last12m', 'ytd', 'all', 'custom'] as const;
export const overviewRangeSchema = z.object({
  preset: z.enum(overviewRangePresets),
  /** `custom` only: UTC days, both included. */
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
});
export type OverviewRange = z.infer<typeof overviewRangeSchema>;

export const settingsSchema = z.object({
  appearance: appearanceSchema,
  lastPage: pageIdSchema,
  /** MRR setting: subtract `once` and `repeating` coupons too. Off by default, as in Stripe: only `forever` coupons are. */
  subtractFiniteDiscounts: z.boolean(),
  /** MRR setting: MRR ends when cancellation is `requested` (the default, as in Stripe) or at the paid `period_end`. */
  cancellation: cancellationTimingSchema,
  /** What the insights are held to. */
  insightThresholds: insightThresholdsSchema,
  /** The currency converted totals are shown in; null: the account's most-used currency (usd when it has none). */
  reportingCurrency: currencyCodeSchema.nullable(),
  /**
   * The user's fixed exchange rates, currency → units of the reporting currency per unit of it (major units: 1 eur =
   * 1.08 usd is `{ eur: 1.08 }`). One rate per currency for the whole report; a currency without one here uses the
   * rate seen in the account's balance transactions (METRICS.md, "Money").
   */
  exchangeRates: z.record(currencyCodeSchema, z.number({ error: 'Give the exchange rate as a number.' }).positive('Give an exchange rate above 0.').max(1_000_000, 'Give an exchange rate of at most 1,000,000.')),
  /** The Overview's date range, remembered between launches. */
  overviewRange: overviewRangeSchema,
  /** The Overview's currency; null lets the Overview pick the account's main one (the most paying customers). */
  overviewCurrency: currencyCodeSchema.nullable(),
  /**
   * How often Recur asks Stripe for changes while its window is in front, in minutes; in the background it asks 5×
   * less often, and with a live webhook relay at most every 15 minutes (see sync-service.ts).
   */
  pollIntervalMinutes: z.number().int('Give a whole number of minutes.').min(1, 'Poll at most once a minute.').max(60, 'Poll at least once an hour.'),
});
export type Settings = z.infer<typeof settingsSchema>;

/** The MRR settings default to Stripe's own (the core's `stripeDefaultMrrSettings`; a test keeps the two equal). */
export const defaultSettings: Settings = {
  appearance: 'system',
  lastPage: 'overview',
  subtractFiniteDiscounts: false,
  cancellation: 'requested',
  insightThresholds: defaultInsightThresholds,
  reportingCurrency: null,
  exchangeRates: {},
  overviewRange: { preset: 'last12m' },
  overviewCurrency: null,
  pollIntervalMinutes: 1,
};

/** A change to some settings; any insight threshold can be changed alone (the others keep their values). */
export const settingsUpdateSchema = settingsSchema.partial().extend({ insightThresholds: insightThresholdsSchema.partial().strict().optional() }).strict();

export const appInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  platform: z.string(),
  dataDir: z.string(),
  databasePath: z.string(),
});
export type AppInfo = z.infer<typeof appInfoSchema>;

export const syncTriggerSchema = z.enum(['launch', 'manual', 'schedule', 'cli', 'gap']);
export const syncRunStatusSchema = z.enum(['running', 'succeeded', 'partial', 'failed', 'interrupted']);

const resourceCountsSchema = z.record(z.string(), z.object({ fetched: z.number().int(), written: z.number().int() }));

/** One row of the sync log. */
export const syncLogSchema = z.object({
  id: z.number().int(),
  accountId: z.string(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  trigger: syncTriggerSchema,
  kind: z.enum(['full', 'incremental']),
  status: syncRunStatusSchema,
  counts: resourceCountsSchema,
  requests: z.number().int(),
  rateLimitWaits: z.number().int(),
  /** What went wrong and what to do, in plain words; never a key. */
  error: z.string().nullable(),
});
export type SyncLog = z.infer<typeof syncLogSchema>;

/** Where an account's sync stands right now. */
export const syncStatusSchema = z.object({
  accountId: z.string(),
  state: z.enum(['idle', 'syncing']),
  /** When another process (e.g. the cron CLI) is the one syncing: who, in words. */
  syncingElsewhere: z.string().nullable(),
  lastRun: syncLogSchema.nullable(),
  /** When data was last brought fully up to date (the end of the newest succeeded or partial run). */
  lastSucceededAt: z.string().nullable(),
});
export type SyncStatus = z.infer<typeof syncStatusSchema>;

export const webhookEventSchema = z.object({
  eventId: z.string(),
  type: z.string(),
  source: z.enum(['poll', 'webhook']),
  status: z.enum(['processing', 'processed', 'failed', 'ignored']),
  receivedAt: z.string(),
  processedAt: z.string().nullable(),
  error: z.string().nullable(),
  attempts: z.number().int(),
});
export type WebhookEvent = z.infer<typeof webhookEventSchema>;

/** The local webhook relay of one account (for `stripe listen --forward-to`). The secret itself never leaves main. */
export const relaySettingsSchema = z.object({
  accountId: z.string(),
  enabled: z.boolean(),
  port: z.number().int().min(1024).max(65535),
  path: z.string(),
  hasSecret: z.boolean(),
  /** Listening right now on 127.0.0.1. */
  listening: z.boolean(),
  /** The command to paste into a terminal. */
  listenCommand: z.string(),
  /** Why the relay is not listening although enabled (port in use, no secret). */
  problem: z.string().nullable(),
});
export type RelaySettings = z.infer<typeof relaySettingsSchema>;

const optionalAccountInput = z.strictObject({ accountId: accountIdSchema }).optional();

/** A UTC calendar day, `YYYY-MM-DD`: metrics count whole UTC days (a figure "on" a day is its state at the day's end). */
const isoDaySchema = z.iso.date('Use a date like 2026-01-31.');
/** A Stripe currency code; any case is accepted, lower case is what the core uses. */
const currencySchema = z.string().trim().toLowerCase().regex(/^[a-z]{3}$/, 'Use a three-letter currency code like usd.');
const customerIdSchema = z.string().regex(/^cus_[A-Za-z0-9]{1,250}$/, 'Expected a Stripe customer id like cus_…');
/** Stripe's unix seconds, as ISO 8601; null where Stripe has none. */
const stripeTimeSchema = z.iso.datetime().nullable();
/** Money: whole minor units of the currency it is given with (cents for usd, yen for jpy), rounded half-even. */
const minorUnitsSchema = z.number().int();
/** A plain fraction (0.05 = 5%); null when its denominator is 0 (shown as "—"). */
const ratioSchema = z.number().nullable();

/** The longest range a metrics channel answers for (about ten years of days). */
export const maxMetricsRangeDays = 3700;

/** [from, to] in whole UTC days, both included, from ≤ to, at most `maxMetricsRangeDays` days long. */
const dayRangeInput = {
  from: isoDaySchema,
  to: isoDaySchema,
};
function checkDayRange(range: { from: string; to: string }, ctx: z.RefinementCtx): void {
  const days = (Date.parse(`${range.to}T00:00:00Z`) - Date.parse(`${range.from}T00:00:00Z`)) / 86_400_000 + 1;
  if (days < 1) ctx.addIssue({ code: 'custom', path: ['to'], message: 'The range ends before it starts: pick a "to" date on or after "from".' });
  else if (days > maxMetricsRangeDays) ctx.addIssue({ code: 'custom', path: ['to'], message: `The range is ${days} days long; pick one of at most ${maxMetricsRangeDays} days.` });
}

export const movementTypeSchema = z.enum(['new', 'reactivation', 'expansion', 'contraction', 'churn']);
export type MovementTypeName = z.infer<typeof movementTypeSchema>;

/** The overview figures of one currency: money in minor units, for the calendar month to date where a period applies. */
export const currencyOverviewSchema = z.object({
  mrr: minorUnitsSchema,
  arr: minorUnitsSchema,
  payingCustomers: z.number().int(),
  /** MRR ÷ paying customers; null with no paying customer. */
  arpa: minorUnitsSchema.nullable(),
  /** The period the movement figures and rates cover: the first of the month through `at`. */
  month: z.object({ from: isoDaySchema, to: isoDaySchema }),
  newMrr: minorUnitsSchema,
  reactivationMrr: minorUnitsSchema,
  expansionMrr: minorUnitsSchema,
  contractionMrr: minorUnitsSchema,
  churnedMrr: minorUnitsSchema,
  /** new + reactivation + expansion − contraction − churn, rounded once. */
  netNewMrr: minorUnitsSchema,
  newCustomers: z.number().int(),
  churnedCustomers: z.number().int(),
  customerChurnRate: ratioSchema,
  grossMrrChurnRate: ratioSchema,
  netMrrChurnRate: ratioSchema,
  quickRatio: ratioSchema,
  /** Net and gross revenue retention over the last 12 months; null when nobody paid 12 months ago. */
  nrr: ratioSchema,
  grr: ratioSchema,
  /** ARPA ÷ average monthly customer churn of the last six complete months; null when that churn is 0. */
  ltv: minorUnitsSchema.nullable(),
  /**
   * MRR of the subscriptions `past_due` at the end of `at` (part of `mrr`: their last payment failed and is being
   * retried). Known from what Stripe sent since Recur was connected; history rebuilt from invoices has none.
   */
  mrrAtRisk: minorUnitsSchema,
  /**
   * Trials that ended in `month` (a subscription's `trial_end`, or its end if it was cancelled during the trial) and
   * those of them whose subscription had MRR above 0 at the end of some day from the trial's end through `at`.
   */
  trialsEnded: z.number().int(),
  trialsConverted: z.number().int(),
  /** trialsConverted ÷ trialsEnded; null when no trial ended. */
  trialConversion: ratioSchema,
});
export type CurrencyOverviewDto = z.infer<typeof currencyOverviewSchema>;

/** Where a conversion rate comes from: the account's balance transactions, the user's settings, or nowhere. */
export const rateSourceSchema = z.enum(['account', 'user', 'missing']);

/**
 * The headline money figures of every currency summed in one reporting currency, each currency at one fixed rate for
 * the whole report (METRICS.md, "Money"); summed at full precision and rounded once. The per-currency figures are the
 * exact ones: this is a view of them, never a source of movements.
 */
export const convertedOverviewSchema = z.object({
  /** The reporting currency. */
  currency: z.string(),
  /** `user`: chosen in settings; `account`: the account's most-used currency (usd when it has none). */
  currencySource: z.enum(['user', 'account']),
  /**
   * Per currency of the account other than the reporting one: units of the reporting currency per unit of it (major
   * units, as Stripe's `exchange_rate`), and where it came from. `missing` currencies are left out of the sums.
   */
  rates: z.record(z.string(), z.object({ rate: z.number().nullable(), source: rateSourceSchema })),
  /** Every currency had a rate: nothing was left out. */
  isComplete: z.boolean(),
  mrr: minorUnitsSchema,
  arr: minorUnitsSchema,
  newMrr: minorUnitsSchema,
  reactivationMrr: minorUnitsSchema,
  expansionMrr: minorUnitsSchema,
  contractionMrr: minorUnitsSchema,
  churnedMrr: minorUnitsSchema,
  netNewMrr: minorUnitsSchema,
  mrrAtRisk: minorUnitsSchema,
});
export type ConvertedOverviewDto = z.infer<typeof convertedOverviewSchema>;

export const overviewSchema = z.object({
  /** The day the figures are for. */
  at: isoDaySchema,
  /** One entry per currency the account has subscriptions in; empty before the first one. */
  byCurrency: z.record(z.string(), currencyOverviewSchema),
  /** Every currency's figures in the reporting currency (settings `reportingCurrency`, `exchangeRates`). */
  converted: convertedOverviewSchema,
});
export type OverviewDto = z.infer<typeof overviewSchema>;

/** Which share a cohort table is read for: customers still paying, or starting MRR still recurring. */
export const cohortKindSchema = z.enum(['customers', 'mrr']);
export type CohortKind = z.infer<typeof cohortKindSchema>;

/** One cohort in one later month (offset 0 = the cohort's own month), read at that month's end (or today). */
export const cohortMonthSchema = z.object({
  offset: z.number().int(),
  /** `YYYY-MM`. */
  month: z.string(),
  /** The day the figures are read: the month's last day, or today for the month still running. */
  asOf: isoDaySchema,
  payingCustomers: z.number().int(),
  mrr: minorUnitsSchema,
  /** payingCustomers ÷ the cohort's customers. */
  customerRetention: z.number(),
  /** MRR ÷ the cohort's starting MRR, at full precision (above 1 when expansion outweighs churn); null when that is 0. */
  mrrRetention: ratioSchema,
  /** The share the table is read for: `customerRetention` or `mrrRetention`, as `kind` asks. */
  share: ratioSchema,
});

export const cohortSchema = z.object({
  /** `YYYY-MM`: the month of the customers' first MRR. */
  month: z.string(),
  /** Customers whose first day with MRR above 0 (in this currency) is in the month. */
  customers: z.number().int(),
  /** The cohort's MRR at the end of its first month (customers who left within it count in `customers`, not here). */
  startingMrr: minorUnitsSchema,
  months: z.array(cohortMonthSchema),
});

export const cohortTableSchema = z.object({
  currency: z.string(),
  kind: cohortKindSchema,
  /** The last day the table reads (today). */
  at: isoDaySchema,
  /** Oldest first; months in which no customer started paying are left out. */
  cohorts: z.array(cohortSchema),
});
export type CohortTable = z.infer<typeof cohortTableSchema>;

/**
 * Cash in one calendar month and currency, as Stripe recorded it (minor units, no normalising): charges that
 * succeeded, refunds that succeeded (in the month of the refund, not of the charge), the net, and failed payments.
 */
export const cashMonthSchema = z.object({
  /** `YYYY-MM`. */
  month: z.string(),
  currency: z.string(),
  charged: minorUnitsSchema,
  charges: z.number().int(),
  refunded: minorUnitsSchema,
  refunds: z.number().int(),
  /** charged − refunded. */
  net: minorUnitsSchema,
  failedAmount: minorUnitsSchema,
  failedPayments: z.number().int(),
});

export const cashSchema = z.object({
  /** The range answered, both days included (`to` cut to today). */
  from: isoDaySchema,
  to: isoDaySchema,
  /** Months with any charge or refund, oldest first, then by currency; the first and last may be cut to the range. */
  months: z.array(cashMonthSchema),
});
export type Cash = z.infer<typeof cashSchema>;

/**
 * One point of a series: a day, or a calendar month cut to the range. `mrr` and `payingCustomers` are at the end of its
 * last day; movements are summed over its days, each type as a positive amount; `netNew` is their signed sum, rounded
 * once, so it equals the change in `mrr` from the previous point to within one minor unit (both are rounded).
 */
export const seriesPointSchema = z.object({
  /** The point's first day. */
  date: isoDaySchema,
  /** The point's last day (= `date` for days; the month's last day, or the range's end, for months). */
  endDate: isoDaySchema,
  mrr: minorUnitsSchema,
  payingCustomers: z.number().int(),
  new: minorUnitsSchema,
  reactivation: minorUnitsSchema,
  expansion: minorUnitsSchema,
  contraction: minorUnitsSchema,
  churn: minorUnitsSchema,
  netNew: minorUnitsSchema,
});
export type SeriesPoint = z.infer<typeof seriesPointSchema>;

export const seriesSchema = z.object({
  currency: z.string(),
  interval: z.enum(['day', 'month']),
  /** The range answered: as asked, except that a `to` after today is read as today. */
  from: isoDaySchema,
  to: isoDaySchema,
  points: z.array(seriesPointSchema),
});
export type Series = z.infer<typeof seriesSchema>;

export const drilldownFigureSchema = z.enum(['mrr', 'payingCustomers', 'new', 'reactivation', 'expansion', 'contraction', 'churn']);
export type DrilldownFigure = z.infer<typeof drilldownFigureSchema>;

export const drilldownRowSchema = z.object({
  customerId: z.string(),
  email: z.string().nullable(),
  name: z.string().nullable(),
  /** The customer's MRR (mrr, payingCustomers) or the movement's size, always positive, in minor units. */
  amount: minorUnitsSchema,
  /** The movement's day; absent for mrr and payingCustomers. */
  date: isoDaySchema.optional(),
});
export type DrilldownRow = z.infer<typeof drilldownRowSchema>;

/**
 * The rows behind one figure. For `mrr` and `payingCustomers`: the customers paying at the end of `to`, each with their
 * MRR. For a movement type: that type's movements in [from, to], one row per movement. Largest amount first.
 */
export const drilldownSchema = z.object({
  figure: drilldownFigureSchema,
  currency: z.string(),
  from: isoDaySchema,
  to: isoDaySchema,
  /**
   * The figure as the overview and the series show it: rounded once from full precision (a count for
   * `payingCustomers`).
   */
  value: z.number().int(),
  /**
   * What the rows add up to, exactly: their amounts are apportioned (each floored, the units left over to the largest
   * remainders), so for money figures it equals `value`; for `payingCustomers` it is the number of rows.
   */
  total: z.number().int(),
  rows: z.array(drilldownRowSchema),
});
export type Drilldown = z.infer<typeof drilldownSchema>;

export const customerMovementSchema = z.object({
  date: isoDaySchema,
  currency: z.string(),
  type: movementTypeSchema,
  /** Signed: positive for new, reactivation and expansion; negative for contraction and churn. */
  amount: minorUnitsSchema,
  mrrAfter: minorUnitsSchema,
});

/** One customer as the metrics see them, with the rows behind: lists are the newest 500 of each kind. */
export const customerDetailSchema = z.object({
  customerId: z.string(),
  email: z.string().nullable(),
  name: z.string().nullable(),
  /** Deleted in Stripe (their subscriptions and invoices remain, and so does their history). */
  deleted: z.boolean(),
  /** The currencies the customer has subscriptions in. */
  currencies: z.array(z.string()),
  /** MRR today, per currency, in minor units. */
  mrrNow: z.record(z.string(), minorUnitsSchema),
  /** Newest first. */
  movements: z.array(customerMovementSchema),
  subscriptions: z.array(
    z.object({ id: z.string(), status: z.string(), currency: z.string(), created: stripeTimeSchema, canceledAt: stripeTimeSchema, endedAt: stripeTimeSchema }),
  ),
  invoices: z.array(z.object({ id: z.string(), status: z.string().nullable(), total: minorUnitsSchema.nullable(), currency: z.string().nullable(), created: stripeTimeSchema })),
  /** Charges. */
  payments: z.array(z.object({ id: z.string(), amount: minorUnitsSchema, amountRefunded: minorUnitsSchema, currency: z.string(), status: z.string(), created: stripeTimeSchema })),
});
export type CustomerDetail = z.infer<typeof customerDetailSchema>;

/**
 * Where a customer stands today, across all their subscriptions:
 * `paying` — MRR above 0 today (an `active` or `past_due` subscription that counts);
 * `trialing` — not paying, with a subscription in `trialing` now;
 * `churned` — not paying nor trialing, but paid before;
 * `never_paid` — never had MRR (no subscription, only free plans, or trials that did not convert).
 */
export const customerStatuses = ['paying', 'trialing', 'churned', 'never_paid'] as const;
export const customerStatusSchema = z.enum(customerStatuses);
export type CustomerStatus = z.infer<typeof customerStatusSchema>;

export const customerSortKeys = ['mrr', 'name', 'email', 'since', 'status'] as const;
export type CustomerSortKey = (typeof customerSortKeys)[number];

/** The largest window `customers:list` answers at once. */
export const maxCustomerWindow = 500;

export const customerListRowSchema = z.object({
  customerId: z.string(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  /**
   * The currency `mrr` is in: the one the customer pays most in today; when not paying, the one they last had MRR in,
   * else the customer's Stripe currency; null when unknown (no subscription ever).
   */
  currency: z.string().nullable(),
  /** MRR today in `currency`, whole minor units (0 when not paying). */
  mrr: minorUnitsSchema,
  status: customerStatusSchema,
  /** The first day the customer had MRR (their cohort); null if they never paid. */
  since: isoDaySchema.nullable(),
  /** Subscriptions of every status, cancelled ones included. */
  subscriptions: z.number().int(),
  /** Deleted in Stripe; listed while they have subscriptions, since their history remains. */
  deleted: z.boolean(),
});
export type CustomerListRow = z.infer<typeof customerListRowSchema>;

export const customerListSchema = z.object({
  /** Customers matching the search (all of them without one). */
  total: z.number().int(),
  /** Customers in the account, whatever the search. */
  accountTotal: z.number().int(),
  /** The index of `rows[0]` in the sorted, searched list (as asked). */
  offset: z.number().int(),
  rows: z.array(customerListRowSchema),
});
export type CustomerList = z.infer<typeof customerListSchema>;

/** The CSV reports of METRICS.md, by id (a test keeps this list equal to the core's report catalogue). */
export const reportIds = ['summary', 'movements', 'customers', 'subscriptions', 'invoices', 'payments', 'churned'] as const;
export const reportIdSchema = z.enum(reportIds, { error: `Pick one of the reports: ${reportIds.join(', ')}.` });
export type ReportIdName = z.infer<typeof reportIdSchema>;

export const reportSummarySchema = z.object({ id: reportIdSchema, name: z.string() });
export type ReportSummary = z.infer<typeof reportSummarySchema>;

/** The outcome of an export: the file written, or the user closed the save dialog. */
export const reportExportSchema = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('saved'),
    /** Where the file is, for the UI to show (the user chose it in the save dialog). */
    path: z.string(),
    /** Data rows written, the header not counted. */
    rows: z.number().int(),
  }),
  z.object({ status: z.literal('cancelled') }),
]);
export type ReportExport = z.infer<typeof reportExportSchema>;

/** The insight rules, in the order insights of the same severity are listed. */
export const insightRuleIds = [
  'stale-data',
  'churn-spike',
  'mrr-at-risk',
  'failed-payments-rising',
  'quick-ratio-below-one',
  'expansion-hiding-churn',
  'revenue-concentration',
  'trials-ending',
  'coupons-ending',
  'annual-renewals',
] as const;
export const insightRuleIdSchema = z.enum(insightRuleIds);
export type InsightRuleId = z.infer<typeof insightRuleIdSchema>;

export const insightSeverities = ['critical', 'warning', 'info'] as const;
export const insightSeveritySchema = z.enum(insightSeverities);
export type InsightSeverity = z.infer<typeof insightSeveritySchema>;

/** A figure an insight quotes: money in whole minor units of the insight's currency, ratios as fractions (0.05 = 5%). */
export const insightFigureSchema = z.object({
  key: z.string(),
  label: z.string(),
  value: z.number().nullable(),
  unit: z.enum(['money', 'ratio', 'count', 'days', 'hours']),
});
export type InsightFigure = z.infer<typeof insightFigureSchema>;

/** A threshold the insight was held to: the setting's name (in `insightThresholds`), its value, and the test in words. */
export const insightThresholdSchema = z.object({
  setting: insightThresholdsSchema.keyof(),
  value: z.number(),
  description: z.string(),
});

/** One row behind an insight: a customer, a subscription, a movement or a failed charge, with its amount. */
export const insightRowSchema = z.object({
  customerId: z.string().nullable(),
  email: z.string().nullable(),
  name: z.string().nullable(),
  /** The subscription (subscription rows) or the charge (charge rows); absent for customer and movement rows. */
  objectId: z.string().optional(),
  /** Whole minor units of the insight's currency, never negative. */
  amount: minorUnitsSchema,
  /** The movement's day, the charge's day, or when the trial, coupon or period ends. */
  date: isoDaySchema.optional(),
  /** What the row is in words: a movement type, a coupon's name. */
  note: z.string().optional(),
});
export type InsightRow = z.infer<typeof insightRowSchema>;

/** The rows behind an insight's main money figure: apportioned (money.ts), they add up to `total` exactly. */
export const insightRowsSchema = z.object({
  kind: z.enum(['customers', 'subscriptions', 'movements', 'charges']),
  /** What each row's amount is, in words ("MRR", "monthly discount ending"). */
  amountLabel: z.string(),
  /** The figure the rows make up, as the insight quotes it. */
  total: minorUnitsSchema,
  /** Largest amount first. */
  rows: z.array(insightRowSchema),
});
export type InsightRows = z.infer<typeof insightRowsSchema>;

/** A figure and period the renderer can open with `metrics:drilldown`. */
export const insightDrilldownSchema = z.object({ figure: drilldownFigureSchema, currency: z.string(), from: isoDaySchema, to: isoDaySchema });

export const insightSchema = z.object({
  /** Stable across evaluations: the rule, and the currency where the rule is per currency (`churn-spike:usd`). */
  id: z.string(),
  rule: insightRuleIdSchema,
  severity: insightSeveritySchema,
  /** The currency the figures are in; null for insights about no money (stale data). */
  currency: z.string().nullable(),
  title: z.string(),
  /** One plain-English sentence with the figures that triggered it. */
  sentence: z.string(),
  figures: z.array(insightFigureSchema),
  thresholds: z.array(insightThresholdSchema),
  rows: insightRowsSchema.nullable(),
  drilldown: insightDrilldownSchema.nullable(),
});
export type Insight = z.infer<typeof insightSchema>;

export const insightListSchema = z.object({
  /** The day the insights are for. */
  at: isoDaySchema,
  /**
   * False when `at` is before today: the rules about the present (past-due subscriptions, trials, coupons and renewals
   * coming up, sync freshness) read the mirror as it is now, so they answer for today only and were not run.
   */
  presentStateChecked: z.boolean(),
  /** Critical first, then warnings, then information; within a severity, in `insightRuleIds` order, then by currency. */
  insights: z.array(insightSchema),
});
export type InsightList = z.infer<typeof insightListSchema>;

export const contract = {
  /** Name, version and where the data lives (shown in Settings). */
  'app:info': { input: noInput, output: appInfoSchema },

  /** Every connected account, demo included, oldest first. */
  'accounts:list': { input: noInput, output: z.array(accountSummarySchema) },

  /** How keys are kept on this machine, so the connect screen can say so before the user pastes one. */
  'accounts:key-storage': { input: noInput, output: keyStorageSchema },

  /**
   * Connects a Stripe account with a secret or restricted key. The key travels renderer→main once, here, and is
   * never sent back. `rememberKey` is the user's explicit consent to store it when the OS offers no encryption.
   * The key is checked with Stripe first (a read of every resource the sync needs): a key Stripe rejects or that lacks
   * a read permission is refused with `invalid_key`, Stripe out of reach with `unavailable`, and nothing is stored.
   * A key for a Stripe account already connected in the same mode replaces that account's key (and renames it when a
   * name is given): the answer is that account, its synced data kept.
   */
  'accounts:connect': {
    input: z.strictObject({
      apiKey: stripeKeyInputSchema,
      displayName: displayNameSchema.optional(),
      rememberKey: z.boolean().optional(),
    }),
    output: accountSummarySchema,
  },

  /** Adds the demo account (served by the built-in simulator), or returns it when it already exists. */
  'accounts:connect-demo': { input: noInput, output: accountSummarySchema },

  /** Renames an account. */
  'accounts:rename': {
    input: z.strictObject({ accountId: accountIdSchema, displayName: displayNameSchema }),
    output: accountSummarySchema,
  },

  /** Removes an account, its key and every row synced from it. */
  'accounts:disconnect': {
    input: z.strictObject({ accountId: accountIdSchema }),
    output: z.object({ accountId: accountIdSchema }),
  },

  /** The user's settings, defaults filled in. */
  'settings:get': { input: noInput, output: settingsSchema },

  /** Changes some settings (any insight threshold alone, the others kept); answers all of them. */
  'settings:update': { input: settingsUpdateSchema, output: settingsSchema },

  /**
   * Sync Now: syncs one account (or every account), joining a sync already running. `full` forces a full sync;
   * otherwise it is incremental when a full one is recent. Answers when done; progress arrives as `sync:progress`.
   */
  'sync:run': {
    input: z.strictObject({ accountId: accountIdSchema.optional(), full: z.boolean().optional() }).optional(),
    output: z.array(syncLogSchema),
  },

  /** Per account: syncing or idle, the last run, and when data was last complete. */
  'sync:status': { input: optionalAccountInput, output: z.array(syncStatusSchema) },

  /** The sync log of an account, newest first. */
  'sync:logs': {
    input: z.strictObject({ accountId: accountIdSchema, limit: z.number().int().min(1).max(500).optional() }),
    output: z.array(syncLogSchema),
  },

  /** Events received by polling or by the webhook relay, newest first. */
  'sync:webhook-events': {
    input: z.strictObject({ accountId: accountIdSchema, limit: z.number().int().min(1).max(1000).optional() }),
    output: z.array(webhookEventSchema),
  },

  /** The webhook relay settings of an account. */
  'relay:get': { input: z.strictObject({ accountId: accountIdSchema }), output: relaySettingsSchema },

  /** Turns the relay on or off, moves it to another port, or sets its signing secret (`whsec_…` from `stripe listen`). */
  'relay:update': {
    input: z.strictObject({
      accountId: accountIdSchema,
      enabled: z.boolean().optional(),
      port: z.number().int().min(1024, 'Use a port from 1024 to 65535.').max(65535, 'Use a port from 1024 to 65535.').optional(),
      secret: z
        .string()
        .regex(/^whsec_[A-Za-z0-9+/=]{8,200}$/, 'A webhook signing secret starts with whsec_ (stripe listen prints it).')
        .optional(),
    }),
    output: relaySettingsSchema,
  },

  /** The overview figures on day `at` (today when absent; a later day is read as today), per currency. */
  'metrics:overview': {
    input: z.strictObject({ accountId: accountIdSchema, at: isoDaySchema.optional() }),
    output: overviewSchema,
  },

  /** MRR, paying customers and movements of one currency, per day or per calendar month of [from, to]. */
  'metrics:series': {
    input: z.strictObject({ accountId: accountIdSchema, currency: currencySchema, ...dayRangeInput, interval: z.enum(['day', 'month']) }).superRefine(checkDayRange),
    output: seriesSchema,
  },

  /** The customers or movements behind one figure of one currency; the rows add up to `total`. */
  'metrics:drilldown': {
    input: z.strictObject({ accountId: accountIdSchema, currency: currencySchema, figure: drilldownFigureSchema, ...dayRangeInput }).superRefine(checkDayRange),
    output: drilldownSchema,
  },

  /** One customer: MRR now, movements, subscriptions, invoices and payments. */
  'metrics:customer': {
    input: z.strictObject({ accountId: accountIdSchema, customerId: customerIdSchema }),
    output: customerDetailSchema,
  },

  /**
   * Cohorts of one currency: customers grouped by the month of their first MRR, and for each month since, how many
   * still pay and how much of the starting MRR still recurs. `kind` (default `customers`) picks the `share` shown.
   */
  'metrics:cohorts': {
    input: z.strictObject({ accountId: accountIdSchema, currency: currencySchema, kind: cohortKindSchema.optional() }),
    output: cohortTableSchema,
  },

  /** Cash per calendar month and currency in [from, to]: charges, refunds, net and failed payments. */
  'metrics:cash': {
    input: z.strictObject({ accountId: accountIdSchema, ...dayRangeInput }).superRefine(checkDayRange),
    output: cashSchema,
  },

  /**
   * A window of the account's customers, searched and sorted: `search` matches name, email or customer id (any case,
   * anywhere in them); `sort` defaults to MRR, largest first (ties by customer id; customers with no name, email or
   * first paid day sort last either way). MRR is compared in minor units whatever the currency.
   */
  'customers:list': {
    input: z.strictObject({
      accountId: accountIdSchema,
      search: z.string().max(200, 'Keep the search under 200 characters.').optional(),
      sort: z
        .strictObject({
          by: z.enum(customerSortKeys, { error: `Sort by one of: ${customerSortKeys.join(', ')}.` }),
          dir: z.enum(['asc', 'desc'], { error: 'Sort direction is asc or desc.' }),
        })
        .optional(),
      offset: z.number({ error: 'Give the offset of the first row as a whole number.' }).int('The offset is a whole number.').min(0, 'The offset cannot be negative.'),
      limit: z
        .number({ error: 'Give how many rows to answer as a whole number.' })
        .int('The limit is a whole number.')
        .min(1, 'Ask for at least one row.')
        .max(maxCustomerWindow, `Ask for at most ${maxCustomerWindow} rows at once.`),
    }),
    output: customerListSchema,
  },

  /**
   * The insights of an account on day `at` (today when absent; a later day is read as today): rules over the metrics,
   * each with the figures that triggered it, the thresholds it was held to (settings) and the rows behind it.
   */
  'insights:list': {
    input: z.strictObject({ accountId: accountIdSchema, at: isoDaySchema.optional() }),
    output: insightListSchema,
  },

  /** The CSV reports Recur can export, in the order the UI lists them. */
  'reports:list': { input: noInput, output: z.array(reportSummarySchema) },

  /**
   * Asks where to save (main's save dialog), then writes one CSV report of the account for [from, to], both days
   * included. The renderer never names the file: only the user, in the dialog.
   */
  'reports:export': {
    input: z.strictObject({ accountId: accountIdSchema, reportId: reportIdSchema, ...dayRangeInput }).superRefine(checkDayRange),
    output: reportExportSchema,
  },

  /** Shows a file exported in this session in the system's file manager; other paths are refused. */
  'reports:reveal': {
    input: z.strictObject({ path: z.string().min(1).max(4096, 'That path is too long.') }),
    output: z.object({ revealed: z.literal(true) }),
  },
} satisfies Record<ChannelName, ChannelSpec>;

export type Contract = typeof contract;
export type ChannelInput<C extends ChannelName> = z.input<Contract[C]['input']>;
export type ChannelOutput<C extends ChannelName> = z.output<Contract[C]['output']>;
