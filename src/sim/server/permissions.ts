import { type ListableResource } from '../account/account-view';

/**
 * The restricted-key permission Stripe names when a key lacks it ("Having the 'rak_subscription_read' permission would
 * allow this request to continue."). Prices still live under the legacy Plans permission, and refunds under Charges,
 * as in the Dashboard's restricted key editor.
 */
export const readPermission: Record<ListableResource, string> = {
  customers: 'rak_customer_read',
  products: 'rak_product_read',
  prices: 'rak_plan_read',
  coupons: 'rak_coupon_read',
  subscriptions: 'rak_subscription_read',
  subscription_items: 'rak_subscription_read',
  invoices: 'rak_invoice_read',
  invoice_lines: 'rak_invoice_read',
  charges: 'rak_charge_read',
  refunds: 'rak_charge_read',
  events: 'rak_event_read',
};
