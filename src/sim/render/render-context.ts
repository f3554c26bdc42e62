import type { IdCodec } from '../model/ids';
import type { Catalog } from '../model/types';

/** What every renderer needs besides the story itself. */
export interface RenderContext {
  catalog: Catalog;
  ids: IdCodec;
  accountId: string;
  livemode: boolean;
}

/** The API version every rendered object and event speaks: the one stripe-node 23.1.0 pins. */
export const apiVersion = '2026-10-28.endive';

/**
 * Index of the version in force at `t`: the last one with `at ≤ t` (versions are in time order; several may share a
 * second, and the last of them wins). Undefined before the first version, when the object does not exist yet.
 */
export function versionAt(versions: readonly { at: number }[], t: number): number | undefined {
  let low = 0;
  let high = versions.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((versions[middle]?.at ?? Infinity) <= t) low = middle + 1;
    else high = middle;
  }
  return low === 0 ? undefined : low - 1;
}
