/**
 * Discounts arrive as bare `di_…` ids unless a request expands them, and Stripe has no endpoint to list or retrieve a
 * discount: the only way to learn which coupon a discount applies is `expand[]`. MRR needs the coupon's terms, and a
 * coupon deleted after it was applied (its discounts go on) is not in the coupon list, so subscription discounts are
 * expanded down to the coupon itself. Stripe allows four levels, which rules that out for the discounts of embedded
 * items (`data.items.data.discounts.source.coupon` is five): items carrying discounts are refetched from
 * `/v1/subscription_items`, where the coupon is three levels down (see complete-children.ts).
 */

/** `expand[]` for each request the sync makes on objects that carry discounts. */
export const discountExpansions = {
  subscriptionList: ['data.discounts.source.coupon', 'data.items.data.discounts'],
  subscriptionRetrieve: ['discounts.source.coupon', 'items.data.discounts'],
  subscriptionItemList: ['data.discounts.source.coupon'],
  // History before Recur was connected is rebuilt from invoices, so theirs go down to the coupon as well.
  invoiceList: ['data.discounts.source.coupon', 'data.lines.data.discounts'],
  invoiceRetrieve: ['discounts.source.coupon', 'lines.data.discounts'],
  invoiceLineList: ['data.discounts'],
} as const;

type DiscountSlot = string | { readonly id: string };

interface WithDiscounts {
  discounts?: readonly DiscountSlot[] | null;
}

/** Subscriptions and invoices, with the embedded items or lines whose discounts are also theirs to expand. */
interface DiscountCarrier extends WithDiscounts {
  readonly object: string;
  items?: { data: readonly WithDiscounts[] } | null;
  lines?: { data: readonly WithDiscounts[] } | null;
}

function discountLists(object: DiscountCarrier): (readonly DiscountSlot[])[] {
  const children = object.object === 'subscription' ? object.items?.data : object.object === 'invoice' ? object.lines?.data : undefined;
  return [object.discounts ?? [], ...(children ?? []).map((child) => child.discounts ?? [])];
}

/** The ids in `object` (a subscription or an invoice, embedded items and lines included) not expanded to a Discount. */
export function unexpandedDiscountIds(object: { readonly object: string }): string[] {
  if (object.object !== 'subscription' && object.object !== 'invoice') return [];
  return discountLists(object as DiscountCarrier)
    .flat()
    .filter((slot): slot is string => typeof slot === 'string');
}

/** Every expanded Discount in `object`, by id. */
export function expandedDiscounts(object: { readonly object: string }): Map<string, object> {
  const found = new Map<string, object>();
  if (object.object !== 'subscription' && object.object !== 'invoice') return found;
  for (const slot of discountLists(object as DiscountCarrier).flat()) if (typeof slot !== 'string') found.set(slot.id, slot);
  return found;
}

/**
 * `object` with each bare discount id replaced by the Discount `known` has for it: what Stripe would have sent had
 * the request expanded it. A discount never changes once applied (coupon, start and end are fixed), so a copy read
 * from another snapshot of the same object stands for it. Ids `known` lacks stay ids (their coupon stays unknown).
 */
export function withDiscountsExpanded<T extends { readonly object: string }>(object: T, known: ReadonlyMap<string, object>): T {
  if (object.object !== 'subscription' && object.object !== 'invoice') return object;
  const expand = (slots: readonly DiscountSlot[] | null | undefined) => slots?.map((slot) => (typeof slot === 'string' ? (known.get(slot) ?? slot) : slot));
  const carrier = object as unknown as DiscountCarrier;
  const childKey = object.object === 'subscription' ? 'items' : 'lines';
  const children = carrier[childKey];
  return {
    ...object,
    discounts: expand(carrier.discounts),
    ...(children ? { [childKey]: { ...children, data: children.data.map((child) => ({ ...child, discounts: expand(child.discounts) })) } } : {}),
  };
}
