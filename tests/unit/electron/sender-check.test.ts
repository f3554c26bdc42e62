import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isAppUrl, isTrustedSender, resolveAppLocation, type AppLocation } from '../../../electron/main/sender-check';

const rendererFile = path.resolve('/opt/Recur/resources/app.asar/out/renderer/index.html');
const appFileUrl = pathToFileURL(rendererFile).href;
const production: AppLocation = { rendererFile };
const development: AppLocation = { rendererFile, rendererUrl: 'http://localhost:5173' };

const mainFrame = (url: string) => ({ url, isMainFrame: true });

describe('isTrustedSender in a built app', () => {
  it.each([
    ["the app's own page", appFileUrl],
    ["the app's own page with a hash route", `${appFileUrl}#/customers`],
    ["the app's own page with a query", `${appFileUrl}?page=sync`],
  ])('accepts %s', (_name, url) => {
    expect(isTrustedSender(mainFrame(url), production)).toBe(true);
  });

  it.each([
    ['another file in the same folder', pathToFileURL(path.resolve('/opt/Recur/resources/app.asar/out/renderer/other.html')).href],
    ['a file elsewhere', 'file:///tmp/index.html'],
    ['a file whose path merely starts with the app page', `${appFileUrl}.evil.html`],
    ['a web page', 'https://evil.example/'],
    ['the dev server, which a built app never loads', 'http://localhost:5173/'],
    ['about:blank', 'about:blank'],
    ['devtools', 'devtools://devtools/bundled/devtools_app.html'],
    ['a data: page', 'data:text/html,<h1>hi</h1>'],
    ['an empty URL', ''],
  ])('refuses %s', (_name, url) => {
    expect(isTrustedSender(mainFrame(url), production)).toBe(false);
  });

  it("refuses a subframe, even one showing the app's own page", () => {
    expect(isTrustedSender({ url: appFileUrl, isMainFrame: false }, production)).toBe(false);
  });

  it('refuses a frame that no longer exists', () => {
    expect(isTrustedSender(null, production)).toBe(false);
    expect(isTrustedSender(undefined, production)).toBe(false);
  });
});

describe('isTrustedSender in development', () => {
  it.each([
    ['the dev server root', 'http://localhost:5173/'],
    ['a route on the dev server', 'http://localhost:5173/index.html#/reports'],
  ])('accepts %s', (_name, url) => {
    expect(isTrustedSender(mainFrame(url), development)).toBe(true);
  });

  it.each([
    ['another port', 'http://localhost:5174/'],
    ['another host', 'http://127.0.0.1:5173/'],
    ['https on the same host and port', 'https://localhost:5173/'],
    ["the built page, which dev does not load", appFileUrl],
    ['devtools', 'devtools://devtools/bundled/devtools_app.html'],
  ])('refuses %s', (_name, url) => {
    expect(isTrustedSender(mainFrame(url), development)).toBe(false);
  });

  it('refuses a subframe on the dev server', () => {
    expect(isTrustedSender({ url: 'http://localhost:5173/', isMainFrame: false }, development)).toBe(false);
  });

  it('refuses every file page when the configured dev server is itself a file URL (opaque origins)', () => {
    const odd: AppLocation = { rendererFile, rendererUrl: 'file:///tmp/index.html' };
    expect(isTrustedSender(mainFrame('file:///tmp/index.html'), odd)).toBe(false);
    expect(isTrustedSender(mainFrame('about:blank'), odd)).toBe(false);
  });
});

describe('isAppUrl', () => {
  it('follows the same rules for navigation', () => {
    expect(isAppUrl(`${appFileUrl}#/overview`, production)).toBe(true);
    expect(isAppUrl('https://stripe.com', production)).toBe(false);
    expect(isAppUrl('not a url', production)).toBe(false);
  });
});

describe('resolveAppLocation', () => {
  const mainDir = path.resolve('/opt/Recur/out/main');

  it('loads the built page beside the main bundle', () => {
    expect(resolveAppLocation({ isPackaged: false, rendererUrl: undefined, mainDir })).toEqual({
      rendererFile: path.resolve('/opt/Recur/out/renderer/index.html'),
    });
  });

  it('uses the dev server in an unpackaged run', () => {
    expect(resolveAppLocation({ isPackaged: false, rendererUrl: 'http://localhost:5173', mainDir }).rendererUrl).toBe(
      'http://localhost:5173',
    );
  });

  it('ignores ELECTRON_RENDERER_URL in a packaged app', () => {
    expect(resolveAppLocation({ isPackaged: true, rendererUrl: 'https://evil.example', mainDir }).rendererUrl).toBeUndefined();
  });
});
