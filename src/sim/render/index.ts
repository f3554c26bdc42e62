/**
 * Renderers: pure functions from the compact story model (src/sim/model/types.ts) to Stripe objects exactly as the
 * API sends them, typed with the stripe package's own definitions (through `Wire`, which only swaps the SDK's Decimal
 * class for the strings on the wire). Versioned objects render at a version index (what an event carries) or at a
 * time (`…At`: what a retrieve or list returns).
 */
export { renderAccount } from './account';
export { renderCharge, chargeAt, paymentIntentId } from './charge';
export { renderCoupon, renderDiscountCoupon, renderLiveCoupon } from './coupon';
export { discountAt, renderDeletedDiscount, renderDiscount } from './discount';
export { subscriptionDiscount } from './discount-ids';
export { customerAt, renderCustomer } from './customer';
export { renderEvent, type RenderedEvent } from './event';
export { invoiceAt, invoicePrefix, invoiceStateAt, renderInvoice, renderInvoiceLines } from './invoice';
export { invoiceLineId, renderInvoiceLine, subscriptionId } from './invoice-line';
export { renderPlan } from './plan';
export { renderPrice } from './price';
export { renderProduct } from './product';
export { refundAt, renderRefund } from './refund';
export { apiVersion, versionAt, type RenderContext } from './render-context';
export { renderSubscription, renderSubscriptionItems, subscriptionAt } from './subscription';
export { renderSubscriptionItem, subscriptionItemId } from './subscription-item';
export { embeddedList, embeddedListLimit, type EmbeddedList, type Wire } from './wire';
