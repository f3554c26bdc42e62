import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { dispatch } from '../../src/core/api/dispatch';
import { type HandlerTable } from '../../src/core/api/handler-table';
import { createDemoStripe } from '../../src/sim/demo-stripe';
import { type ChannelName, channelNames } from '../../src/shared/channels';
import { contract } from '../../src/shared/contract';
import { type ApiResult, errorCodes } from '../../src/shared/errors';
import { sampleInputs, sampleStripeKey } from '../support/sample-inputs';
import { createTestCore, type TestCore } from '../support/test-core';
import {
  deeplyNested,
  deeplyNestedArray,
  hostileLeaves,
  hostileStrings,
  hugeString,
  prototypePollutionObjects,
  randomHostileValue,
  seededRandom,
} from './support/hostile';

/**
 * IPC fuzzing: every channel in `channelNames` (iterated, so a channel added to the contract is fuzzed without touching
 * this file) gets a corpus of malformed, oversized and hostile inputs plus seeded random combinations of them. Every
 * answer must be a structured ApiResult; no call may throw or leave an unhandled rejection; a handler must never see an
 * input that did not come out of its channel's schema; and no answer may carry the Stripe key or webhook secret that
 * the core holds.
 *
 * tests/unit/core/dispatch.test.ts checks a fixed list of malformed inputs per channel and one valid input each; this
 * suite adds the generated corpus, the spy on the handler table and the secret scan over every answer.
 */

const seed = 20_261_127;
const randomCasesPerChannel = 40;
/** Longest error message an answer may carry: a hostile input must not be able to make answers (and log lines) huge. */
const maxMessageLength = 2_000;

/**
 * Made-up but well-formed. The demo simulator accepts the key long enough for connect's check with Stripe, then
 * revokes it, so the syncs the fuzzed calls start take the failure path too.
 */
const stripeKey = 'sk_test_51FuzzSecretKeyQwErTyUiOpAsDfGhJkL9876';
const webhookSecret = 'whsec_FuzzWebhookSecretZxCvBnMqWeRtYuIoP1234';
/** The samples connect accounts with `sampleStripeKey` too: it must not come back either. */
const secretFragments = [stripeKey, webhookSecret, sampleStripeKey, stripeKey.slice(8, -4), webhookSecret.slice(6, -4), sampleStripeKey.slice(8, -4)];

interface HandlerCall {
  channel: string;
  input: unknown;
}

/** The channel's input schema as an object schema, when it is one (optional wrappers removed). */
function objectShapeKeys(schema: z.ZodType): string[] {
  let inner: z.ZodType = schema;
  while (inner instanceof z.ZodOptional || inner instanceof z.ZodNullable) inner = inner.unwrap() as z.ZodType;
  return inner instanceof z.ZodObject ? Object.keys(inner.shape) : [];
}

const samples = sampleInputs as Partial<Record<string, (accountId: string) => unknown>>;

/** The corpus for one channel: fixed hostile shapes, each field of its valid sample broken in turn, then random ones. */
function inputsFor(channel: ChannelName, accountId: string): unknown[] {
  const keys = objectShapeKeys(contract[channel].input);
  const sample = samples[channel]?.(accountId);
  const base = typeof sample === 'object' && sample !== null ? (sample as Record<string, unknown>) : {};
  const inputs: unknown[] = [
    ...hostileLeaves,
    ...hostileStrings,
    hugeString(),
    hugeString(2 * 1024 * 1024, 'sk_live_'),
    deeplyNested(5_000),
    deeplyNestedArray(5_000),
    Object.fromEntries(keys.map((key) => [key, deeplyNested(2_000)])),
    Object.fromEntries(keys.map((key) => [key, hugeString(64_000)])),
    // Thousands of unknown keys, and one enormous key name: the error must stay short.
    Object.fromEntries(Array.from({ length: 5_000 }, (_, index) => [`field${index}`, index])),
    { [hugeString(200_000, 'k')]: 1 },
    { ...base, [stripeKey]: stripeKey, [webhookSecret]: webhookSecret },
    ...prototypePollutionObjects(base),
    [base],
    { ...base, extra: true },
  ];
  for (const key of keys) {
    inputs.push(Object.fromEntries(Object.entries(base).filter(([name]) => name !== key)));
    for (const value of [...hostileLeaves, ...hostileStrings, hugeString(16_000), stripeKey, webhookSecret, deeplyNested(1_000)]) {
      inputs.push({ ...base, [key]: value });
    }
  }
  const random = seededRandom(seed ^ channelNames.indexOf(channel));
  for (let index = 0; index < randomCasesPerChannel; index++) {
    const value = randomHostileValue(random, keys);
    // Half the random cases start from the valid sample, so some reach the handler with hostile-but-valid fields.
    inputs.push(random() < 0.5 && typeof value === 'object' && value !== null && !Array.isArray(value) ? { ...base, ...value } : value);
  }
  return inputs;
}

describe('IPC fuzzing: every channel, generated hostile input', () => {
  let testCore: TestCore;
  let accountId = '';
  const calls: HandlerCall[] = [];
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
  let spied: HandlerTable;

  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled);
    const demoStripe = createDemoStripe({ customers: 5, speed: 0, server: { extraApiKeys: [stripeKey] } });
    testCore = createTestCore({ demoStripe });
    const connected = await testCore.core.dispatch('accounts:connect', { apiKey: stripeKey, displayName: 'Fuzzed' });
    if (!connected.ok) throw new Error(connected.error.message);
    const simulator = await demoStripe.simulator();
    simulator.server.setOptions({ apiKeys: [simulator.apiKey] });
    accountId = (connected.value as { id: string }).id;
    const relay = await testCore.core.dispatch('relay:update', { accountId, secret: webhookSecret });
    if (!relay.ok) throw new Error(relay.error.message);
    // The spy stands between dispatch and the real handlers: it records what each handler is called with, then calls it.
    const real = testCore.core.handlers as Record<string, (input: unknown) => unknown>;
    const table = Object.fromEntries(
      channelNames.map((channel) => [
        channel,
        (input: unknown) => {
          calls.push({ channel, input });
          return real[channel]?.(input);
        },
      ]),
    );
    // Any lookup of a name that is not a channel (`__proto__`, `constructor`…) would show up here.
    spied = new Proxy(table, {
      get(target, property, receiver) {
        if (typeof property === 'string' && !(channelNames as readonly string[]).includes(property)) calls.push({ channel: `(lookup) ${property}`, input: undefined });
        return Reflect.get(target, property, receiver) as unknown;
      },
    }) as unknown as HandlerTable;
  });

  afterAll(() => {
    process.off('unhandledRejection', onUnhandled);
    testCore.dispose();
  });

  function expectStructured(result: ApiResult<unknown>, label: string): void {
    expect(typeof result === 'object' && result !== null, label).toBe(true);
    if (result.ok) return;
    expect(errorCodes, label).toContain(result.error.code);
    expect(typeof result.error.message, label).toBe('string');
    expect(result.error.message.length, label).toBeGreaterThan(0);
    expect(result.error.message.length, `${label}: message of ${result.error.message.length} characters`).toBeLessThanOrEqual(maxMessageLength);
  }

  /**
   * A secret the caller itself put in an accepted free-text field (an account named after a key) comes back as that
   * field; that is the caller's own text, not a leak, so only fragments absent from the input are checked then.
   */
  function expectNoSecret(result: ApiResult<unknown>, raw: unknown, accepted: boolean, label: string): void {
    const text = JSON.stringify(result);
    const sent = accepted ? (JSON.stringify(raw) ?? '') : '';
    for (const fragment of secretFragments) {
      if (sent.includes(fragment)) continue;
      expect(text.includes(fragment), `${label} answered a secret`).toBe(false);
    }
  }

  /**
   * Disconnecting removes the account every other channel names, so it goes last; Sync Now goes first, before the
   * accounts that hostile-but-valid `accounts:connect` cases add, each of which it would otherwise try to sync.
   */
  const rank = (channel: string): number => (channel === 'sync:run' ? -1 : channel === 'accounts:disconnect' ? 1 : 0);
  const ordered = [...channelNames].sort((a, b) => rank(a) - rank(b));

  it.each(ordered)('%s: structured answers only, handler reached only with parsed input, no secret in any answer', { timeout: 60_000 }, async (channel) => {
    const inputs = inputsFor(channel, accountId);
    let reached = 0;
    for (const [index, raw] of inputs.entries()) {
      const label = `${channel} case ${index} (seed ${seed})`;
      const before = calls.length;
      const expected = contract[channel].input.safeParse(raw);
      const result = await dispatch(spied, testCore.logger, channel, raw);
      const made = calls.slice(before);

      expectStructured(result, label);
      expectNoSecret(result, raw, expected.success, label);
      if (!expected.success) {
        expect(result, label).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
        expect(made, `${label}: a handler ran on input its schema refuses`).toEqual([]);
      } else {
        reached++;
        expect(made.map((call) => call.channel), label).toEqual([channel]);
        // The handler got the schema's output, never the raw object the renderer sent.
        expect(made[0]?.input, label).toEqual(expected.data);
        if (typeof raw === 'object' && raw !== null) expect(made[0]?.input, label).not.toBe(raw);
      }
      // Nothing leaked onto every object's prototype.
      expect(Object.prototype, label).not.toHaveProperty('polluted');
      expect(({} as Record<string, unknown>).isAdmin, label).toBeUndefined();
    }
    // The corpus must be mostly refusals; a channel where every case passed would mean the generator lost its teeth.
    expect(reached).toBeLessThan(inputs.length / 2);
    expect(unhandled).toEqual([]);
  });

  it('refuses names that are not channels without touching the handler table', async () => {
    const before = calls.length;
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'accounts:list\u0000', 'ACCOUNTS:LIST', ' accounts:list', hugeString(100_000), '', null, undefined, 42, {}, ['accounts:list'], { toString: () => 'accounts:list' }]) {
      const result = await dispatch(spied, testCore.logger, name, undefined);
      expectStructured(result, String(typeof name === 'string' ? name.slice(0, 40) : typeof name));
      expect(result).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
    }
    expect(calls.slice(before)).toEqual([]);
  });

  it('never wrote either secret to the log, whatever it was sent', () => {
    const text = testCore.logger.text();
    for (const fragment of secretFragments) expect(text.includes(fragment)).toBe(false);
    expect(unhandled).toEqual([]);
  });
});
