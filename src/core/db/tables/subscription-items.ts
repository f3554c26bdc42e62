import type { DiscountRef } from './discount-ref';
import type { StripeObjectRow, StripeTable } from './stripe-table';

export interface SubscriptionItemRow extends StripeObjectRow {
  subscriptionId: string;
  priceId: string;
  /** null for metered items, which have no quantity. */
  quantity: number | null;
  currentPeriodStart: number | null;
  currentPeriodEnd: number | null;
  /** Item-level discounts: they apply to this item only. */
  discounts: readonly DiscountRef[];
}

export const subscriptionItemsTable: StripeTable<SubscriptionItemRow> = {
  name: 'subscription_items',
  columns: {
    subscriptionId: 'subscription_id',
    priceId: 'price_id',
    quantity: 'quantity',
    currentPeriodStart: 'current_period_start',
    currentPeriodEnd: 'current_period_end',
    discounts: 'discounts',
  },
};
