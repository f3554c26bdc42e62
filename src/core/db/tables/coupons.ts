import type { StripeObjectRow, StripeTable } from './stripe-table';

export interface CouponRow extends StripeObjectRow {
  name: string | null;
  /** 0–100, may have decimals (12.5). */
  percentOff: number | null;
  /** Minor units of `currency`, taken off each invoice. */
  amountOff: number | null;
  currency: string | null;
  duration: 'forever' | 'once' | 'repeating' | null;
  durationInMonths: number | null;
  valid: boolean | null;
  deleted: boolean;
}

export const couponsTable: StripeTable<CouponRow> = {
  name: 'coupons',
  columns: {
    name: 'name',
    percentOff: 'percent_off',
    amountOff: 'amount_off',
    currency: 'currency',
    duration: 'duration',
    durationInMonths: 'duration_in_months',
    valid: 'valid',
    deleted: 'deleted',
  },
};
