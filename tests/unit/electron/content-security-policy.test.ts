import { describe, expect, it } from 'vitest';
import {
  developmentContentSecurityPolicy,
  productionContentSecurityPolicy,
} from '../../../electron/main/content-security-policy';

/** Directive name → its sources. */
function parse(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(';')
      .map((directive) => directive.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name = '', ...sources]) => [name, sources]),
  );
}

describe('productionContentSecurityPolicy', () => {
  const policy = parse(productionContentSecurityPolicy);

  it('denies everything by default and allows scripts only from the app itself', () => {
    expect(policy.get('default-src')).toEqual(["'none'"]);
    expect(policy.get('script-src')).toEqual(["'self'"]);
  });

  it('never allows inline code or eval', () => {
    expect(productionContentSecurityPolicy).not.toContain('unsafe-inline');
    expect(productionContentSecurityPolicy).not.toContain('unsafe-eval');
    expect(productionContentSecurityPolicy).not.toContain('unsafe-hashes');
  });

  it('is exactly the agreed policy', () => {
    expect(productionContentSecurityPolicy).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'self'; base-uri 'none'; form-action 'none'; object-src 'none'; frame-src 'none'; " +
        "worker-src 'none'; media-src 'none'",
    );
  });

  it('lets the page reach nothing on the network but its own files', () => {
    for (const sources of policy.values()) {
      expect(sources.filter((source) => /^(https?|wss?):/.test(source) || source === '*')).toEqual([]);
    }
  });
});

describe('developmentContentSecurityPolicy', () => {
  const policy = parse(developmentContentSecurityPolicy('http://localhost:5173/'));

  it('allows the dev server and its hot-reload websocket', () => {
    expect(policy.get('script-src')).toContain('http://localhost:5173');
    expect(policy.get('connect-src')).toEqual(["'self'", 'http://localhost:5173', 'ws://localhost:5173']);
  });

  it('allows the inline styles Vite injects and the inline React Refresh preamble', () => {
    expect(policy.get('style-src')).toContain("'unsafe-inline'");
    expect(policy.get('script-src')).toContain("'unsafe-inline'");
  });

  it('still never allows eval, plugins or frames', () => {
    expect(policy.get('script-src')).not.toContain("'unsafe-eval'");
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('frame-src')).toEqual(["'none'"]);
    expect(policy.get('default-src')).toEqual(["'none'"]);
  });
});
