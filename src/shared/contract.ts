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

export const settingsSchema = z.object({
  appearance: appearanceSchema,
  lastPage: pageIdSchema,
});
export type Settings = z.infer<typeof settingsSchema>;

export const defaultSettings: Settings = { appearance: 'system', lastPage: 'overview' };

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
} satisfies Record<ChannelName, ChannelSpec>;

export type Contract = typeof contract;
export type ChannelInput<C extends ChannelName> = z.input<Contract[C]['input']>;
export type ChannelOutput<C extends ChannelName> = z.output<Contract[C]['output']>;
