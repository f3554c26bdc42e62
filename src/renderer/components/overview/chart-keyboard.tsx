import { type KeyboardEvent, type ReactNode, type RefObject, useCallback, useEffect, useId, useLayoutEffect, useMemo, useRef } from 'react';
import { useActiveTooltipDataPoints, useIsTooltipActive } from 'recharts';

/**
 * Keyboard access to an Overview chart's points. Recharts' accessibility layer (on by default in recharts 3) makes the
 * chart's surface focusable, shows the first point when it is first focused, and moves the active point, tooltip and
 * all, with the left and right arrow keys. This adds what it lacks: a name and a hint for the surface, Enter opening the
 * point shown as a click on it does (with none shown, Enter is recharts' own: it shows the point last visited), and a
 * polite live line that reads the active point out while the chart has focus (the tooltip itself is not announced).
 *
 * Usage: spread `chartProps` on the recharts chart, render `tracker` inside it, and wrap the ResponsiveContainer in
 * `<ChartKeyboardFrame keyboard={…}>`.
 */
export interface ChartKeyboard {
  chartProps: {
    /** `application`, as recharts sets it: screen readers then pass the arrow keys to the chart instead of reading on. */
    role: 'application';
    tabIndex: 0;
    'aria-label': string;
    'aria-roledescription': 'chart';
    'aria-describedby': string;
    'aria-keyshortcuts': string;
  };
  tracker: ReactNode;
  frame: { hintId: string; hint: string; liveRef: RefObject<HTMLSpanElement | null>; onKeyDownCapture(event: KeyboardEvent<HTMLDivElement>): void };
}

export function useChartKeyboard<Point>({
  label,
  hint,
  describe,
  onOpen,
}: {
  /** The chart's accessible name, e.g. "MRR chart". */
  label: string;
  /** How to use it, e.g. "Left and right arrow keys move between months; Enter shows the customers." */
  hint: string;
  /** The active point in words, read out as the arrow keys move. */
  describe(point: Point): string;
  /** What Enter on the active point does: the drill-down a click on it opens. */
  onOpen(point: Point): void;
}): ChartKeyboard {
  const hintId = useId();
  const active = useRef<Point | undefined>(undefined);
  const liveRef = useRef<HTMLSpanElement | null>(null);
  // Read through refs, so the tracker inside the chart keeps one callback and never re-renders the chart.
  const latest = useRef({ describe, onOpen });
  useLayoutEffect(() => {
    latest.current = { describe, onOpen };
  });

  const onActiveChange = useCallback((point: Point | undefined) => {
    active.current = point;
    const live = liveRef.current;
    if (!live) return;
    // Emptying is silent; a point is read only while the chart has focus: a pointer passing over it is no reason to talk.
    if (point === undefined) live.textContent = '';
    else if (live.parentElement?.contains(document.activeElement)) live.textContent = latest.current.describe(point);
  }, []);

  const onKeyDownCapture = useCallback((event: KeyboardEvent<HTMLDivElement>) => {
    const point = active.current;
    if (event.key !== 'Enter' || point === undefined || !(event.target instanceof Element) || !event.target.matches('svg.recharts-surface')) return;
    // Before recharts sees it: its own Enter would hide the tooltip of the point being opened.
    event.preventDefault();
    event.stopPropagation();
    latest.current.onOpen(point);
  }, []);

  const tracker = useMemo(() => <ActivePointTracker<Point> onChange={onActiveChange} />, [onActiveChange]);
  return {
    chartProps: { role: 'application', tabIndex: 0, 'aria-label': label, 'aria-roledescription': 'chart', 'aria-describedby': hintId, 'aria-keyshortcuts': 'ArrowLeft ArrowRight Enter' },
    tracker,
    frame: { hintId, hint, liveRef, onKeyDownCapture },
  };
}

/** Around a chart's ResponsiveContainer: catches Enter, and holds the hint and the live line. */
export function ChartKeyboardFrame({ keyboard, children }: { keyboard: ChartKeyboard['frame']; children: ReactNode }) {
  return (
    <div className="chart-keyboard-frame" onKeyDownCapture={keyboard.onKeyDownCapture}>
      {children}
      <span id={keyboard.hintId} className="visually-hidden">
        {keyboard.hint}
      </span>
      <span ref={keyboard.liveRef} className="visually-hidden" aria-live="polite" />
    </div>
  );
}

/** Rendered inside a recharts chart: reports the point whose tooltip shows (moved by keyboard or pointer), or none. */
function ActivePointTracker<Point>({ onChange }: { onChange(point: Point | undefined): void }) {
  const isActive = useIsTooltipActive();
  const points = useActiveTooltipDataPoints<Point>();
  const point = isActive ? points?.[0] : undefined;
  useEffect(() => onChange(point), [point, onChange]);
  return null;
}
