import { type OrderedIds } from './account-view';

/** A short list already in order (one customer's invoices, an invoice's lines). */
export function idsFromArray(ids: readonly string[]): OrderedIds {
  const positions = new Map(ids.map((id, position) => [id, position]));
  return {
    length: ids.length,
    idAt: (position) => ids[position] ?? '',
    positionOf: (id) => positions.get(id),
  };
}

/** A window of a long list whose ids are computed from positions, and positions from ids. */
export function idsFromPositions(start: number, end: number, idOf: (position: number) => string, positionOf: (id: string) => number | undefined): OrderedIds {
  return {
    length: end - start,
    idAt: (position) => idOf(start + position),
    positionOf(id) {
      const position = positionOf(id);
      return position !== undefined && position >= start && position < end ? position - start : undefined;
    },
  };
}

/** A long list filtered down to some of its positions (kept ascending). */
export function idsFromSelection(selected: Uint32Array, idOf: (position: number) => string, positionOf: (id: string) => number | undefined): OrderedIds {
  return {
    length: selected.length,
    idAt: (index) => idOf(selected[index] ?? 0),
    positionOf(id) {
      const position = positionOf(id);
      if (position === undefined) return undefined;
      let low = 0;
      let high = selected.length;
      while (low < high) {
        const middle = (low + high) >>> 1;
        if ((selected[middle] ?? 0) < position) low = middle + 1;
        else high = middle;
      }
      return selected[low] === position ? low : undefined;
    },
  };
}
