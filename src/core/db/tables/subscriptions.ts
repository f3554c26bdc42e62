import type { DiscountRef } from './discount-ref';
import type { StripeObjectRow, StripeTable } from './stripe-table';

/** Stripe's subscription statuses today. The enum is open (Stripe added `paused` in 2023), so the column has no CHECK. */
export type SubscriptionStatus =
  | 'incomplete'
  | 'incomplete_expired'
  | 'trialing'
  | 'active'
  | 'past_due'
  | 'canceled'
  | 'unpaid'
  | 'paused';

export interface SubscriptionRow extends StripeObjectRow {
  customer: string;
  status: SubscriptionStatus;
  currency: string;
  startDate: number | null;
  trialStart: number | null;
  trialEnd: number | null;
  cancelAtPeriodEnd: boolean;
  cancelAt: number | null;
  canceledAt: number | null;
  endedAt: number | null;
  /**
   * From API version 2025-03-31.basil on, Stripe reports the period on each item, not the subscription; the mapper
   * fills these from the subscription when present, else from its items. Item rows keep their own.
   */
  currentPeriodStart: number | null;
  currentPeriodEnd: number | null;
  /** Subscription-level discounts: they apply to every item. */
  discounts: readonly DiscountRef[];
}

export const subscriptionsTable: StripeTable<SubscriptionRow> = {
  name: 'subscriptions',
  columns: {
    customer: 'customer',
    status: 'status',
    currency: 'currency',
    startDate: 'start_date',
    trialStart: 'trial_start',
    trialEnd: 'trial_end',
    cancelAtPeriodEnd: 'cancel_at_period_end',
    cancelAt: 'cancel_at',
    canceledAt: 'canceled_at',
    endedAt: 'ended_at',
    currentPeriodStart: 'current_period_start',
    currentPeriodEnd: 'current_period_end',
    discounts: 'discounts',
  },
};
