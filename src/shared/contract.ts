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
export const pageIds = ['overview', 'customers', 'sync', 'reports', 'settings'] as const;
export const pageIdSchema = z.enum(pageIds);
export type PageId = z.infer<typeof pageIdSchema>;

const accountIdSchema = z.string().regex(/^acc_[A-Za-z0-9]{8,40}$/, 'Expected an account id like acc_…');
const displayNameSchema = z.string().trim().min(1, 'Give the account a name.').max(80, 'Keep the name under 80 characters.');

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
  /** Stripe's own id (`acct_…`), known after the first successful sync. */
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

export const settingsSchema = z.object({
  appearance: appearanceSchema,
  lastPage: pageIdSchema,
  /** MRR setting: subtract `once` and `repeating` coupons too. Off by default, as in Stripe: only `forever` coupons are. */
  subtractFiniteDiscounts: z.boolean(),
  /** MRR setting: MRR ends when cancellation is `requested` (the default, as in Stripe) or at the paid `period_end`. */
  cancellation: cancellationTimingSchema,
});
export type Settings = z.infer<typeof settingsSchema>;

/** The MRR settings default to Stripe's own (the core's `stripeDefaultMrrSettings`; a test keeps the two equal). */
export const defaultSettings: Settings = { appearance: 'system', lastPage: 'overview', subtractFiniteDiscounts: false, cancellation: 'requested' };

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
});
export type CurrencyOverviewDto = z.infer<typeof currencyOverviewSchema>;

export const overviewSchema = z.object({
  /** The day the figures are for. */
  at: isoDaySchema,
  /** One entry per currency the account has subscriptions in; empty before the first one. */
  byCurrency: z.record(z.string(), currencyOverviewSchema),
});
export type OverviewDto = z.infer<typeof overviewSchema>;

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

export const reportSummarySchema = z.object({ id: z.string(), name: z.string() });
export type ReportSummary = z.infer<typeof reportSummarySchema>;

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

  /** Changes some settings; answers all of them. */
  'settings:update': { input: settingsSchema.partial().strict(), output: settingsSchema },

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

  /** The CSV reports Recur can export, in the order the UI lists them. */
  'reports:list': { input: noInput, output: z.array(reportSummarySchema) },
} satisfies Record<ChannelName, ChannelSpec>;

export type Contract = typeof contract;
export type ChannelInput<C extends ChannelName> = z.input<Contract[C]['input']>;
export type ChannelOutput<C extends ChannelName> = z.output<Contract[C]['output']>;
