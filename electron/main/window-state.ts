import fs from 'node:fs';
import path from 'node:path';

/** A window's last normal (not maximized) bounds and whether it was maximized, as saved in window-state.json. */
export interface WindowState {
  x: number;
  y: number;
  width: number;
  height: number;
  isMaximized: boolean;
}

export interface Area {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** What to create the window with. Without x and y Electron centres the window on the primary display. */
export interface RestoredBounds {
  x?: number;
  y?: number;
  width: number;
  height: number;
  isMaximized: boolean;
}

export const windowStateFileName = 'window-state.json';

/** Reads a saved state, or nothing when the value is not one (a hand-edited or half-written file). */
export function parseWindowState(json: unknown): WindowState | undefined {
  if (typeof json !== 'object' || json === null) return undefined;
  const { x, y, width, height, isMaximized } = json as Partial<Record<keyof WindowState, unknown>>;
  if (!isCoordinate(x) || !isCoordinate(y) || !isSize(width) || !isSize(height)) return undefined;
  return { x, y, width, height, isMaximized: isMaximized === true };
}

/**
 * Where to put the window, given the saved state and the displays' work areas (primary first).
 * - No saved state: the default size, clamped to the primary display, centred by Electron.
 * - Saved bounds inside a display: exactly as saved.
 * - Saved bounds partly off a display (a resolution change, a dock that grew): moved and shrunk into the display
 *   showing most of the window.
 * - Saved on a display that is gone: centred on the primary display, shrunk to fit.
 */
export function restoreBounds(
  saved: WindowState | undefined,
  displays: readonly Area[],
  defaults: { width: number; height: number },
): RestoredBounds {
  const primary = displays[0];
  if (!saved) {
    if (!primary) return { ...defaults, isMaximized: false };
    return { ...fitSize(defaults, primary), isMaximized: false };
  }
  if (!primary) return { width: saved.width, height: saved.height, isMaximized: saved.isMaximized };
  if (displays.some((display) => contains(display, saved))) return { ...saved };
  const host = mostOverlapping(displays, saved);
  const placed = host ? clampInto(saved, host) : centreOn(saved, primary);
  return { ...placed, isMaximized: saved.isMaximized };
}

/** The saved state in the data folder, or nothing when there is none or it is unreadable. */
export function loadWindowState(dataDir: string): WindowState | undefined {
  try {
    return parseWindowState(JSON.parse(fs.readFileSync(path.join(dataDir, windowStateFileName), 'utf8')));
  } catch {
    return undefined;
  }
}

/** Saves the state; a crash mid-write leaves the old file, never half of one, because rename is atomic. */
export function saveWindowState(dataDir: string, state: WindowState): void {
  const filePath = path.join(dataDir, windowStateFileName);
  const temporary = `${filePath}.${process.pid}.tmp`;
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(temporary, JSON.stringify(state));
  fs.renameSync(temporary, filePath);
}

function isCoordinate(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && Math.abs(value) < 1_000_000;
}

function isSize(value: unknown): value is number {
  return isCoordinate(value) && value > 0;
}

function contains(outer: Area, inner: Area): boolean {
  return (
    inner.x >= outer.x &&
    inner.y >= outer.y &&
    inner.x + inner.width <= outer.x + outer.width &&
    inner.y + inner.height <= outer.y + outer.height
  );
}

function overlap(a: Area, b: Area): number {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return width > 0 && height > 0 ? width * height : 0;
}

function mostOverlapping(displays: readonly Area[], window: Area): Area | undefined {
  let best: Area | undefined;
  let bestOverlap = 0;
  for (const display of displays) {
    const shared = overlap(display, window);
    if (shared > bestOverlap) {
      best = display;
      bestOverlap = shared;
    }
  }
  return best;
}

function fitSize(size: { width: number; height: number }, display: Area): { width: number; height: number } {
  return { width: Math.min(size.width, display.width), height: Math.min(size.height, display.height) };
}

function clampInto(window: Area, display: Area): Area {
  const { width, height } = fitSize(window, display);
  const x = Math.min(Math.max(window.x, display.x), display.x + display.width - width);
  const y = Math.min(Math.max(window.y, display.y), display.y + display.height - height);
  return { x, y, width, height };
}

function centreOn(window: Area, display: Area): Area {
  const { width, height } = fitSize(window, display);
  return {
    x: display.x + Math.round((display.width - width) / 2),
    y: display.y + Math.round((display.height - height) / 2),
    width,
    height,
  };
}
