import { useEffect, useState } from 'react';

/**
 * `value`, once the screen has been painted since it changed (null before the first time). What depends on it renders
 * a frame later: the Overview's figures reach the screen without waiting for its charts. (A deferred value is not
 * enough: React starts the deferred render in the same task stream, and Chromium may not paint in between.)
 */
export function useAfterPaint<T>(value: T): T | null {
  const [painted, setPainted] = useState<T | null>(null);
  useEffect(() => {
    let timer: number | undefined;
    // requestAnimationFrame runs just before the next paint; a task queued from it runs after that paint.
    const frame = requestAnimationFrame(() => {
      timer = window.setTimeout(() => setPainted(value), 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      if (timer !== undefined) window.clearTimeout(timer);
    };
  }, [value]);
  return painted;
}
