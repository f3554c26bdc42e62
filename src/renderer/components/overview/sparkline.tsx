/**
 * A KPI card's trend: a line and its fill, scaled to the card, no axes. Drawn as two SVG paths rather than a recharts
 * chart: nine charts, each with its own store, measured container and axis, were most of the dashboard's first render,
 * for a picture that has no axis, tooltip or interaction. Gaps (null) are bridged, as the line joins the months around
 * a missing one.
 */
export function Sparkline({ values }: { values: readonly (number | null)[] }) {
  const points = values.flatMap((value, index) => (value === null ? [] : [{ x: index, y: value }]));
  if (points.length < 2) return null;
  const width = Math.max(1, values.length - 1);
  const ys = points.map((point) => point.y);
  const low = Math.min(...ys);
  const high = Math.max(...ys);
  // A flat series sits in the middle; otherwise the lowest value touches the bottom, the highest the top.
  const yOf = (y: number) => (high === low ? 50 : 96 - ((y - low) / (high - low)) * 92);
  const line = points.map((point, index) => `${index === 0 ? 'M' : 'L'}${point.x},${yOf(point.y).toFixed(2)}`).join(' ');
  const first = points[0];
  const last = points[points.length - 1];
  const area = `${line} L${last?.x ?? width},100 L${first?.x ?? 0},100 Z`;
  return (
    <svg className="sparkline" viewBox={`0 0 ${width} 100`} preserveAspectRatio="none" aria-hidden="true" focusable="false">
      <path d={area} fill="var(--spark-fill)" stroke="none" />
      <path d={line} fill="none" stroke="var(--spark)" strokeWidth={1.5} vectorEffect="non-scaling-stroke" strokeLinejoin="round" strokeLinecap="round" />
    </svg>
  );
}
