/** Groups items by currency, keeping first-seen order: per-currency rules raise one insight per currency. */
export function byCurrency<Item extends { currency: string }>(items: readonly Item[]): Map<string, Item[]> {
  const groups = new Map<string, Item[]>();
  for (const item of items) {
    const group = groups.get(item.currency);
    if (group) group.push(item);
    else groups.set(item.currency, [item]);
  }
  return groups;
}
