import { describe, expect, it } from 'vitest';
import { channelNames, eventNames } from '../../../src/shared/channels';
import { contract } from '../../../src/shared/contract';
import { createTestCore } from '../../support/test-core';

describe('the IPC contract', () => {
  it('declares every channel once, with an input and an output schema', () => {
    expect(Object.keys(contract).sort()).toEqual([...channelNames].sort());
    expect(new Set(channelNames).size).toBe(channelNames.length);
    for (const name of channelNames) {
      expect(typeof contract[name].input.safeParse, name).toBe('function');
      expect(typeof contract[name].output.safeParse, name).toBe('function');
    }
  });

  it('names channels and events domain:verb', () => {
    for (const name of [...channelNames, ...eventNames]) expect(name).toMatch(/^[a-z]+:[a-z-]+$/);
  });

  it('has a handler in the core for every channel, and no handler without a channel', () => {
    const { core, dispose } = createTestCore();
    try {
      expect(Object.keys(core.handlers).sort()).toEqual([...channelNames].sort());
      for (const name of channelNames) expect(typeof core.handlers[name], name).toBe('function');
    } finally {
      dispose();
    }
  });
});
