import type { AppliedDiscount, CustomerStory, InvoiceStory, SubscriptionStory } from '../model/types';
import type { RenderContext } from './render-context';

/** A discount is in force from `start` until `end` (exclusive; null: forever). */
export function isDiscountActive(discount: AppliedDiscount, at: number): boolean {
  return discount.start <= at && (discount.end === null || at < discount.end);
}

/** `di_` ids: a discount is scoped to its subscription, so (customer, subscription ordinal, discount ordinal). */
export function discountId(ctx: RenderContext, customer: CustomerStory, subscription: SubscriptionStory, discount: AppliedDiscount): string {
  return subscriptionDiscountId(ctx, customer, subscription.ordinal, discount.ordinal);
}

/**
 * The same id from ordinals alone, for invoices and their lines, which know their subscription by ordinal: an invoice
 * names exactly the `di_` ids its subscription carried when the invoice was made.
 */
export function subscriptionDiscountId(ctx: RenderContext, customer: CustomerStory, subscriptionOrdinal: number, discountOrdinal: number): string {
  return ctx.ids.customerScoped('di', customer.index, subscriptionOrdinal, discountOrdinal);
}

/** A subscription's discount by ordinal, from any of its versions (ordinals are stable across versions). */
export function subscriptionDiscount(subscription: SubscriptionStory, ordinal: number): AppliedDiscount | undefined {
  for (const version of subscription.versions) {
    const discount = version.discounts.find((candidate) => candidate.ordinal === ordinal);
    if (discount) return discount;
  }
  return undefined;
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
  if (!subscription) return [];
  return invoice.discountOrdinals.flatMap((ordinal) => subscriptionDiscount(subscription, ordinal) ?? []);
}
