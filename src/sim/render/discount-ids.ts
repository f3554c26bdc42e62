import type { AppliedDiscount, CustomerStory, InvoiceStory, SubscriptionStory } from '../model/types';
import type { RenderContext } from './render-context';

/** A discount is in force from `start` until `end` (exclusive; null: forever). */
export function isDiscountActive(discount: AppliedDiscount, at: number): boolean {
  return discount.start <= at && (discount.end === null || at < discount.end);
}

/** `di_` ids: a discount is scoped to its subscription, so (customer, subscription ordinal, discount ordinal). */
export function discountId(ctx: RenderContext, customer: CustomerStory, subscription: SubscriptionStory, discount: AppliedDiscount): string {
  return ctx.ids.customerScoped('di', customer.index, subscription.ordinal, discount.ordinal);
}

/** The ids of the discounts in a version's list that are in force at `at`, for one item slot or (null) the whole subscription. */
export function activeDiscountIds(
  ctx: RenderContext,
  customer: CustomerStory,
  subscription: SubscriptionStory,
  discounts: readonly AppliedDiscount[],
  itemSlot: number | null,
  at: number,
): string[] {
  return discounts
    .filter((discount) => discount.itemSlot === itemSlot && isDiscountActive(discount, at))
    .map((discount) => discountId(ctx, customer, subscription, discount));
}

/** The subscription discounts an invoice names, looked up in its subscription's history. */
export function invoiceDiscounts(customer: CustomerStory, invoice: InvoiceStory): AppliedDiscount[] {
  if (invoice.discountOrdinals.length === 0 || invoice.subscriptionOrdinal === null) return [];
  const subscription = customer.subscriptions.find((candidate) => candidate.ordinal === invoice.subscriptionOrdinal);
  const byOrdinal = new Map<number, AppliedDiscount>();
  for (const version of subscription?.versions ?? []) {
    for (const discount of version.discounts) byOrdinal.set(discount.ordinal, discount);
  }
  return invoice.discountOrdinals.flatMap((ordinal) => byOrdinal.get(ordinal) ?? []);
}
