import type { StripeObjectRow, StripeTable } from './stripe-table';

/** One entry of Stripe's `price.tiers` (only returned with `expand[]=data.tiers`), kept in Stripe's own shape. */
export interface PriceTier {
  /** null for the last, open-ended tier (`up_to: "inf"`). */
  up_to: number | null;
  unit_amount: number | null;
  unit_amount_decimal: string | null;
  flat_amount: number | null;
  flat_amount_decimal: string | null;
}

export interface PriceRow extends StripeObjectRow {
  product: string | null;
  currency: string | null;
  /** Minor units; null for tiered prices and for sub-cent prices, whose exact amount is in unitAmountDecimal. */
  unitAmount: number | null;
  unitAmountDecimal: string | null;
  billingScheme: 'per_unit' | 'tiered' | null;
  type: 'one_time' | 'recurring' | null;
  recurringInterval: 'day' | 'week' | 'month' | 'year' | null;
  recurringIntervalCount: number | null;
  recurringUsageType: 'licensed' | 'metered' | null;
  tiersMode: 'graduated' | 'volume' | null;
  tiers: readonly PriceTier[] | null;
  transformQuantityDivideBy: number | null;
  transformQuantityRound: 'up' | 'down' | null;
  active: boolean | null;
  deleted: boolean;
}

export const pricesTable: StripeTable<PriceRow> = {
  name: 'prices',
  columns: {
    product: 'product',
    currency: 'currency',
    unitAmount: 'unit_amount',
    unitAmountDecimal: 'unit_amount_decimal',
    billingScheme: 'billing_scheme',
    type: 'type',
    recurringInterval: 'recurring_interval',
    recurringIntervalCount: 'recurring_interval_count',
    recurringUsageType: 'recurring_usage_type',
    tiersMode: 'tiers_mode',
    tiers: 'tiers',
    transformQuantityDivideBy: 'transform_quantity_divide_by',
    transformQuantityRound: 'transform_quantity_round',
    active: 'active',
    deleted: 'deleted',
  },
};
