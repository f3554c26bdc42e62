import { describe, expect, it } from 'vitest';
import { pollIntervals } from '../../../src/core/stripe/sync/sync-service';

const minute = 60_000;

describe('poll intervals', () => {
  it.each([
    [1, { focused: minute, background: 5 * minute, relayLive: 15 * minute }],
    [5, { focused: 5 * minute, background: 25 * minute, relayLive: 15 * minute }],
    [20, { focused: 20 * minute, background: 60 * minute, relayLive: 20 * minute }],
    [60, { focused: 60 * minute, background: 60 * minute, relayLive: 60 * minute }],
  ])('every %i min in front: %j', (minutes, expected) => {
    expect(pollIntervals(minutes)).toEqual(expected);
  });
});
