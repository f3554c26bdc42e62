/**
 * Stripe's form-encoded parameters, read from a query string: `limit=10` is a scalar, `expand[]=a` and `expand[0]=a`
 * are a list (the stripe SDK sends the indexed form), `created[gte]=1` is a hash. Brackets may arrive percent-encoded.
 * Deeper nesting than one level is kept as a hash key (`a[b][c]` → hash `a`, key `b][c`) so it can be refused by name.
 */

export type ParamValue =
  | { kind: 'scalar'; value: string }
  | { kind: 'list'; values: string[] }
  | { kind: 'hash'; entries: Record<string, string> };

const keyPattern = /^([^[\]]+)(?:\[(.*)\])?$/;

interface ListBuilder {
  indexed: Map<number, string>;
  appended: string[];
}

export function parseQuery(search: string): Map<string, ParamValue> {
  const params = new Map<string, ParamValue>();
  const lists = new Map<string, ListBuilder>();

  for (const [rawKey, value] of new URLSearchParams(search)) {
    const match = keyPattern.exec(rawKey);
    const name = match?.[1] ?? rawKey;
    const inner = match?.[2];
    if (inner === undefined) {
      lists.delete(name);
      params.set(name, { kind: 'scalar', value });
      continue;
    }
    if (inner === '' || /^\d+$/.test(inner)) {
      let builder = lists.get(name);
      if (!builder || params.get(name)?.kind !== 'list') {
        builder = { indexed: new Map(), appended: [] };
        lists.set(name, builder);
        params.set(name, { kind: 'list', values: [] });
      }
      if (inner === '') builder.appended.push(value);
      else builder.indexed.set(Number(inner), value);
      continue;
    }
    const existing = params.get(name);
    lists.delete(name);
    if (existing?.kind === 'hash') existing.entries[inner] = value;
    else params.set(name, { kind: 'hash', entries: { [inner]: value } });
  }

  for (const [name, builder] of lists) {
    const indexed = [...builder.indexed.entries()].sort(([a], [b]) => a - b).map(([, value]) => value);
    params.set(name, { kind: 'list', values: [...indexed, ...builder.appended] });
  }
  return params;
}

/** How a value that came in the wrong shape is shown in "Invalid string: …" messages. */
export function renderParamValue(value: ParamValue): string {
  if (value.kind === 'scalar') return value.value;
  if (value.kind === 'hash') return JSON.stringify(value.entries);
  return JSON.stringify(Object.fromEntries(value.values.map((item, index) => [String(index), item])));
}
