import { describe, expect, it } from 'vitest';
import { isSafeExternalUrl, openExternalSafely } from '../../../electron/main/external-links';

describe('isSafeExternalUrl', () => {
  it.each([
    ['an https page', 'https://stripe.com/docs/keys'],
    ['an http page', 'http://example.com/'],
    ['a page with a query and hash', 'https://dashboard.stripe.com/test/subscriptions?status=active#top'],
    ['a page on a port', 'https://localhost:8443/path'],
  ])('opens %s', (_name, url) => {
    expect(isSafeExternalUrl(url)).toBe(true);
  });

  it.each([
    ['a local file', 'file:///etc/passwd'],
    ['a Windows file', 'file:///C:/Windows/System32/calc.exe'],
    ['javascript:', 'javascript:alert(1)'],
    ['JAVASCRIPT: in capitals', 'JAVASCRIPT:alert(1)'],
    ['javascript: after leading whitespace', '  javascript:alert(1)'],
    ['an https URL after leading whitespace', ' https://stripe.com'],
    ['data:', 'data:text/html,<script>alert(1)</script>'],
    ['vbscript:', 'vbscript:msgbox(1)'],
    ['blob:', 'blob:https://stripe.com/2f1d7a52-8a1e-4d3e-9d7e-0b7f2f1c9e11'],
    ['about:', 'about:blank'],
    ['a custom app scheme', 'slack://open'],
    ['another custom app scheme', 'ms-msdt:/id PCWDiagnostic'],
    ['a smb share', 'smb://attacker.example/share'],
    ['credentials in the URL', 'https://user:pass@stripe.com/'],
    ['a username alone', 'https://user@stripe.com/'],
    ['a relative path', '/settings'],
    ['a bare relative path', 'docs/keys.html'],
    ['a protocol-relative URL', '//stripe.com/docs'],
    ['an empty string', ''],
    ['only whitespace', '   '],
    ['an unparseable string', 'https://'],
    ['an overlong URL', `https://stripe.com/${'a'.repeat(2_048)}`],
  ])('refuses %s', (_name, url) => {
    expect(isSafeExternalUrl(url)).toBe(false);
  });

  it.each([
    ['undefined', undefined],
    ['null', null],
    ['a number', 42],
    ['a URL object', new URL('https://stripe.com')],
  ])('refuses %s, which is not a string', (_name, value) => {
    expect(isSafeExternalUrl(value)).toBe(false);
  });

  it('accepts a URL of exactly 2,048 characters', () => {
    const base = 'https://stripe.com/';
    expect(isSafeExternalUrl(base + 'a'.repeat(2_048 - base.length))).toBe(true);
  });
});

describe('openExternalSafely', () => {
  const recordingShell = () => {
    const opened: string[] = [];
    return { opened, shell: { openExternal: async (url: string) => void opened.push(url) } };
  };

  it('hands a safe URL to the shell', () => {
    const { opened, shell } = recordingShell();
    expect(openExternalSafely(shell, 'https://docs.stripe.com/keys')).toBe(true);
    expect(opened).toEqual(['https://docs.stripe.com/keys']);
  });

  it('never hands a dangerous URL to the shell', () => {
    const { opened, shell } = recordingShell();
    expect(openExternalSafely(shell, 'file:///etc/passwd')).toBe(false);
    expect(openExternalSafely(shell, 'javascript:alert(1)')).toBe(false);
    expect(opened).toEqual([]);
  });

  it('swallows a shell that fails to open the URL', async () => {
    const shell = { openExternal: () => Promise.reject(new Error('no browser')) };
    expect(openExternalSafely(shell, 'https://stripe.com')).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 0));
  });
});
