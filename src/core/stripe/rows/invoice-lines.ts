import type Stripe from 'stripe';
import type { InvoiceLineRow } from '../../db/tables/invoice-lines';
import { discountRefs } from './discount-refs';
import { objectRowBase } from './object-row';
import { idOf, legacyBoolean, legacyReference, legacyString } from './references';

/**
 * The row's `type` keeps the vocabulary of the older top-level `line.type` (`subscription`, `invoiceitem`), which this
 * API version replaced with `parent.type` (`subscription_item_details`, `invoice_item_details`). A parent type Stripe
 * adds is stored as sent.
 */
function lineType(line: Stripe.InvoiceLineItem): string | null {
  const parentType = line.parent?.type;
  if (parentType === 'subscription_item_details') return 'subscription';
  if (parentType === 'invoice_item_details') return 'invoiceitem';
  return parentType ?? legacyString(line, 'type');
}

/**
 * One invoice line, from the complete list of its invoice's lines (`/v1/invoices/:id/lines`). `invoiceId` is passed in
 * because `line.invoice` is null on the lines of a preview. In this API version the price is at
 * `pricing.price_details.price` and the subscription item, proration flag and subscription under `parent`;
 * older versions have `line.price`, `line.subscription_item` and `line.proration`.
 */
export function invoiceLineRow(accountId: string, line: Stripe.InvoiceLineItem, invoiceId: string, sourceTs: number): InvoiceLineRow {
  const itemDetails = line.parent?.subscription_item_details ?? null;
  const invoiceItemDetails = line.parent?.invoice_item_details ?? null;
  return {
    ...objectRowBase(accountId, line, sourceTs),
    invoiceId,
    subscription: idOf(line.subscription) ?? itemDetails?.subscription ?? invoiceItemDetails?.subscription ?? null,
    subscriptionItem: itemDetails?.subscription_item ?? legacyReference(line, 'subscription_item'),
    priceId: idOf(line.pricing?.price_details?.price) ?? legacyReference(line, 'price'),
    quantity: line.quantity,
    amount: line.amount,
    currency: line.currency,
    periodStart: line.period.start,
    periodEnd: line.period.end,
    proration: itemDetails?.proration ?? invoiceItemDetails?.proration ?? legacyBoolean(line, 'proration') ?? false,
    type: lineType(line),
    // Item-level discounts; the invoice's own discounts are on the invoice row.
    discounts: discountRefs(line.discounts),
  };
}
