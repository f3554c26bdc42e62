import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../../src/core/api/dispatch';
import { type HandlerTable } from '../../../src/core/api/handler-table';
import { AppError } from '../../../src/core/app-error';
import { channelNames } from '../../../src/shared/channels';
import { type ApiResult } from '../../../src/shared/errors';
import { sampleInputs, sampleStripeKey } from '../../support/sample-inputs';
import { createTestCore, type TestCore } from '../../support/test-core';

/** Inputs no channel accepts: wrong types, hostile shapes, oversized strings. */
const malformedInputs: unknown[] = [
  null,
  42,
  'accounts',
  [],
  [{ apiKey: sampleStripeKey }],
  { apiKey: 12 },
  { accountId: "acc_1' OR 1=1 --" },
  { accountId: 'acc_' + 'x'.repeat(10_000) },
  { appearance: 'neon' },
  { lastPage: '../../etc/passwd' },
  { apiKey: 'sk_live_' + 'A'.repeat(1_000_000) },
  JSON.parse('{"__proto__": {"isAdmin": true}, "displayName": "x"}'),
  { displayName: 'x', unexpected: true },
];

function expectError(result: ApiResult<unknown>, code: string): string {
  expect(result.ok).toBe(false);
  if (result.ok) return '';
  expect(result.error.code).toBe(code);
  expect(result.error.message.length).toBeGreaterThan(10);
  return result.error.message;
}

describe('dispatch', () => {
  let testCore: TestCore;
  beforeEach(() => {
    testCore = createTestCore();
  });
  afterEach(() => testCore.dispose());

  it('refuses an unknown channel by name', async () => {
    const message = expectError(await testCore.core.dispatch('accounts:drop-all', undefined), 'unknown_channel');
    expect(message).toContain('accounts:drop-all');
    expectError(await testCore.core.dispatch({ toString: 'evil' }, undefined), 'unknown_channel');
  });

  it.each(channelNames)('rejects every malformed input to %s with invalid_input, and never throws', async (channel) => {
    for (const input of malformedInputs) {
      const result = await testCore.core.dispatch(channel, input);
      expectError(result, 'invalid_input');
    }
  });

  it('says which field is wrong and why, without echoing the value', async () => {
    const hostile = 'pk_live_51SecretLookingValue0000000000';
    const message = expectError(await testCore.core.dispatch('accounts:connect', { apiKey: hostile }), 'invalid_input');
    expect(message).toBe(
      'The request to accounts:connect was not valid: apiKey: That is a publishable key (pk_…), which cannot read your data. Use a restricted key (rk_…) or a secret key (sk_…).',
    );
    expect(message).not.toContain(hostile);
  });

  it('answers valid input for every channel', async () => {
    const demo = await testCore.core.dispatch('accounts:connect-demo', undefined);
    expect(demo.ok).toBe(true);
    const accountId = demo.ok ? (demo.value as { id: string }).id : '';
    // Disconnecting removes the account the other channels name, so it goes last.
    const lastly = (channel: string) => (channel === 'accounts:disconnect' ? 1 : 0);
    // Nothing is synced here, so the sample customer does not exist, and no file has been exported to be revealed: those
    // channels refuse as not_found, by design.
    const refusedAsNotFound = new Set(['metrics:customer', 'reports:reveal']);
    const expected = (channel: string) => (refusedAsNotFound.has(channel) ? { ok: false, error: { code: 'not_found' } } : { ok: true });
    for (const channel of [...channelNames].sort((a, b) => lastly(a) - lastly(b))) {
      const result = await testCore.core.dispatch(channel, sampleInputs[channel](accountId));
      expect(result, channel).toMatchObject(expected(channel));
    }
  });

  describe('with a handler table that misbehaves', () => {
    const broken = (overrides: Partial<HandlerTable>): HandlerTable => ({ ...testCore.core.handlers, ...overrides });

    it('turns an AppError into its code and message', async () => {
      const handlers = broken({ 'settings:get': () => { throw new AppError('unavailable', 'The database is busy. Try again in a moment.'); } });
      const result = await dispatch(handlers, testCore.logger, 'settings:get', undefined);
      expect(result).toEqual({ ok: false, error: { code: 'unavailable', message: 'The database is busy. Try again in a moment.' } });
    });

    it('hides an unexpected exception behind internal and logs it, redacted', async () => {
      const handlers = broken({ 'settings:get': () => { throw new TypeError(`cannot read ${sampleStripeKey}`); } });
      const result = await dispatch(handlers, testCore.logger, 'settings:get', undefined);
      expect(result).toEqual({
        ok: false,
        error: { code: 'internal', message: 'Recur hit an unexpected problem answering settings:get. The details are in the log.' },
      });
      expect(testCore.logger.text()).toContain('IPC handler failed');
      expect(testCore.logger.text()).not.toContain(sampleStripeKey);
    });

    it('strips fields a handler returns beyond its output schema', async () => {
      const handlers = broken({
        'app:info': () => ({ ...testCore.core.context.app, apiKey: sampleStripeKey }) as ReturnType<HandlerTable['app:info']>,
      });
      const result = await dispatch(handlers, testCore.logger, 'app:info', undefined);
      expect(result.ok).toBe(true);
      expect(JSON.stringify(result)).not.toContain(sampleStripeKey);
    });

    it('refuses to answer with output that breaks the contract', async () => {
      const handlers = broken({ 'settings:get': () => ({ appearance: 'neon', lastPage: 'overview' }) as never });
      expectError(await dispatch(handlers, testCore.logger, 'settings:get', undefined), 'internal');
      expect(testCore.logger.text()).toContain('Handler answered outside its contract');
    });
  });
});

describe('secrets never leave the core', () => {
  it('no channel answers with the Stripe key, and no log line contains it', async () => {
    const testCore = createTestCore();
    try {
      const connected = await testCore.core.dispatch('accounts:connect', { apiKey: sampleStripeKey, displayName: 'Acme' });
      expect(connected.ok).toBe(true);
      const accountId = connected.ok ? (connected.value as { id: string }).id : '';
      const answers: unknown[] = [connected];
      for (const channel of channelNames) {
        if (channel === 'accounts:disconnect') continue;
        answers.push(await testCore.core.dispatch(channel, sampleInputs[channel](accountId)));
      }
      answers.push(await testCore.core.dispatch('accounts:disconnect', { accountId }));
      const everything = JSON.stringify(answers) + testCore.logger.text();
      expect(everything).not.toContain(sampleStripeKey);
      expect(everything).not.toContain(sampleStripeKey.slice(8, -4));
      expect(everything).toContain('4242');
    } finally {
      testCore.dispose();
    }
  });
});
