import type Stripe from 'stripe';
import type { AppliedDiscount, CustomerStory, InvoiceLine, InvoiceStory } from '../model/types';
import { catalogPrice } from './catalog-lookup';
import { invoiceDiscounts, subscriptionDiscountId } from './discount-ids';
import type { RenderContext } from './render-context';
import type { Wire } from './wire';

export function invoiceLineId(ctx: RenderContext, customer: CustomerStory, invoice: InvoiceStory, line: InvoiceLine): string {
  return ctx.ids.customerScoped('il', customer.index, invoice.ordinal, line.ordinal);
}

export function subscriptionId(ctx: RenderContext, customer: CustomerStory, subscriptionOrdinal: number): string {
  return ctx.ids.customerScoped('sub', customer.index, subscriptionOrdinal);
}

/**
 * Up to 12 decimal places, as Stripe prints `unit_amount_decimal` ("333.333333333333"); integers without a point.
 */
function decimalString(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(12).replace(/0+$/, '');
}

/**
 * The billed unit amount: the price's own for a full-period per-unit line; otherwise (prorations, tiers) the line's
 * amount per unit, as Stripe reports for those. Null when there is no quantity to divide by.
 */
function unitAmountDecimal(line: InvoiceLine, unitAmount: number | null, isPerUnit: boolean): string | null {
  if (isPerUnit && !line.proration && unitAmount !== null) return String(unitAmount);
  if (line.quantity === null || line.quantity === 0) return null;
  return decimalString(line.amount / line.quantity);
}

/**
 * One invoice line of a subscription item. In this API version a line names its price under `pricing.price_details`
 * (an id, never expanded here) and its subscription item under `parent.subscription_item_details`. `itemDiscounts`
 * are the invoice's item-level discounts (subscription-wide ones sit on the invoice): looked up when not given, passed
 * in once by a caller rendering many lines. Per-line discount amounts are not in the model, so `discount_amounts` is
 * empty; the invoice's `total_discount_amounts` carries them.
 */
export function renderInvoiceLine(
  ctx: RenderContext,
  customer: CustomerStory,
  invoice: InvoiceStory,
  line: InvoiceLine,
  itemDiscounts: readonly AppliedDiscount[] = invoiceDiscounts(customer, invoice).filter((discount) => discount.itemSlot !== null),
): Wire<Stripe.InvoiceLineItem> {
  const price = catalogPrice(ctx.catalog, line.priceId);
  const subscription = subscriptionId(ctx, customer, line.subscriptionOrdinal);
  return {
    id: invoiceLineId(ctx, customer, invoice, line),
    object: 'line_item',
    amount: line.amount,
    currency: invoice.currency,
    description: line.description,
    discount_amounts: [],
    // Stripe: "always false for prorations".
    discountable: !line.proration,
    discounts: itemDiscounts
      .filter((discount) => discount.itemSlot === line.itemSlot)
      .map((discount) => subscriptionDiscountId(ctx, customer, line.subscriptionOrdinal, discount.ordinal)),
    invoice: invoice.id,
    livemode: ctx.livemode,
    metadata: {},
    parent: {
      type: 'subscription_item_details',
      invoice_item_details: null,
      subscription_item_details: {
        invoice_item: null,
        proration: line.proration,
        proration_details: { credited_items: null },
        subscription,
        subscription_item: ctx.ids.customerScoped('si', customer.index, line.subscriptionOrdinal, line.itemSlot),
      },
    },
    period: { end: line.periodEnd, start: line.periodStart },
    pretax_credit_amounts: [],
    pricing: {
      type: 'price_details',
      price_details: { price: price.id, product: price.productId },
      unit_amount_decimal: unitAmountDecimal(line, price.unitAmount, price.billingScheme === 'per_unit'),
    },
    quantity: line.quantity,
    quantity_decimal: line.quantity === null ? null : String(line.quantity),
    subscription,
    subtotal: line.amount,
    taxes: [],
  };
}
