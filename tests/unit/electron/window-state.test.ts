import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  loadWindowState,
  parseWindowState,
  restoreBounds,
  saveWindowState,
  windowStateFileName,
  type WindowState,
} from '../../../electron/main/window-state';

const defaults = { width: 1280, height: 820 };
/** A 1920×1080 laptop screen with a 25 px menu bar, and a 2560×1440 monitor to its right. */
const laptop = { x: 0, y: 25, width: 1920, height: 1055 };
const monitor = { x: 1920, y: 0, width: 2560, height: 1440 };

describe('restoreBounds', () => {
  it('restores a window saved on a display that is still there exactly, maximized or not', () => {
    const saved: WindowState = { x: 2200, y: 100, width: 1400, height: 900, isMaximized: false };
    expect(restoreBounds(saved, [laptop, monitor], defaults)).toEqual(saved);
    expect(restoreBounds({ ...saved, isMaximized: true }, [laptop, monitor], defaults)).toEqual({ ...saved, isMaximized: true });
  });

  it('centres a window saved on a monitor that was unplugged on the primary display', () => {
    const saved: WindowState = { x: 2200, y: 100, width: 1400, height: 900, isMaximized: false };
    expect(restoreBounds(saved, [laptop], defaults)).toEqual({ x: 260, y: 103, width: 1400, height: 900, isMaximized: false });
  });

  it('shrinks a window bigger than the display it comes back on to the work area', () => {
    const saved: WindowState = { x: 1920, y: 0, width: 2560, height: 1440, isMaximized: false };
    expect(restoreBounds(saved, [laptop], defaults)).toEqual({ x: 0, y: 25, width: 1920, height: 1055, isMaximized: false });
  });

  it('pulls a window hanging off the edge of a display back inside it', () => {
    const saved: WindowState = { x: 1500, y: 600, width: 1000, height: 800, isMaximized: false };
    expect(restoreBounds(saved, [laptop], defaults)).toEqual({ x: 920, y: 280, width: 1000, height: 800, isMaximized: false });
  });

  it('keeps a restored window within a display whatever was saved', () => {
    const saved: WindowState = { x: -50_000, y: 90_000, width: 9_000, height: 9_000, isMaximized: false };
    const bounds = restoreBounds(saved, [laptop, monitor], defaults);
    expect(bounds.x).toBeGreaterThanOrEqual(laptop.x);
    expect((bounds.x ?? 0) + bounds.width).toBeLessThanOrEqual(laptop.x + laptop.width);
    expect(bounds.y).toBeGreaterThanOrEqual(laptop.y);
    expect((bounds.y ?? 0) + bounds.height).toBeLessThanOrEqual(laptop.y + laptop.height);
  });

  it('uses the default size, left to Electron to centre, when nothing was saved', () => {
    expect(restoreBounds(undefined, [laptop], defaults)).toEqual({ width: 1280, height: 820, isMaximized: false });
  });

  it('fits the default size to a small primary display', () => {
    const small = { x: 0, y: 0, width: 1024, height: 700 };
    expect(restoreBounds(undefined, [small], defaults)).toEqual({ width: 1024, height: 700, isMaximized: false });
  });
});

describe('parseWindowState', () => {
  it('reads a saved state', () => {
    expect(parseWindowState({ x: -1200, y: 40, width: 1000, height: 700, isMaximized: true })).toEqual({
      x: -1200,
      y: 40,
      width: 1000,
      height: 700,
      isMaximized: true,
    });
  });

  it('treats a missing isMaximized as not maximized', () => {
    expect(parseWindowState({ x: 0, y: 0, width: 1000, height: 700 })?.isMaximized).toBe(false);
  });

  it.each([
    ['null', null],
    ['a string', 'x=0,y=0'],
    ['an array', [0, 0, 1000, 700]],
    ['a missing field', { x: 0, y: 0, width: 1000 }],
    ['a zero width', { x: 0, y: 0, width: 0, height: 700 }],
    ['a negative height', { x: 0, y: 0, width: 1000, height: -1 }],
    ['a fractional coordinate', { x: 0.5, y: 0, width: 1000, height: 700 }],
    ['NaN', { x: Number.NaN, y: 0, width: 1000, height: 700 }],
    ['a string number', { x: '0', y: 0, width: 1000, height: 700 }],
  ])('refuses %s', (_name, value) => {
    expect(parseWindowState(value)).toBeUndefined();
  });
});

describe('window-state.json', () => {
  const folders: string[] = [];
  const tempDir = () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'recur-window-state-'));
    folders.push(folder);
    return folder;
  };
  afterEach(() => {
    for (const folder of folders.splice(0)) fs.rmSync(folder, { recursive: true, force: true });
  });

  it('round-trips a state and leaves no temporary file behind', () => {
    const dataDir = tempDir();
    const state: WindowState = { x: 10, y: 20, width: 1100, height: 750, isMaximized: false };
    saveWindowState(dataDir, state);
    expect(loadWindowState(dataDir)).toEqual(state);
    expect(fs.readdirSync(dataDir)).toEqual([windowStateFileName]);
  });

  it('has no state when there is no file', () => {
    expect(loadWindowState(tempDir())).toBeUndefined();
  });

  it('falls back to the defaults when the file is garbage', () => {
    const dataDir = tempDir();
    fs.writeFileSync(path.join(dataDir, windowStateFileName), '{"x": 10, "y": 2');
    const saved = loadWindowState(dataDir);
    expect(saved).toBeUndefined();
    expect(restoreBounds(saved, [laptop], defaults)).toEqual({ width: 1280, height: 820, isMaximized: false });
  });
});
