import { secondsPerDay, startOfDay } from '../model/calendar';
import { type MrrSettings, stripeDefaultMrrSettings, versionMrr } from '../model/mrr-truth';
import { type CustomerStory, type SubscriptionStory } from '../model/types';
import {
  chargeAt,
  customerAt,
  invoiceAt,
  refundAt,
  renderCoupon,
  renderInvoiceLine,
  renderPrice,
  renderProduct,
  renderSubscriptionItem,
  subscriptionAt,
  versionAt,
} from '../render';
import { type GeneratedAccount } from './generated-account';

/** What the account really is: what a perfect sync would hold, and what a perfect metrics engine would compute. */

export const truthResources = ['products', 'prices', 'coupons', 'customers', 'subscriptions', 'subscription_items', 'invoices', 'invoice_lines', 'charges', 'refunds'] as const;

export type TruthResource = (typeof truthResources)[number];

/** Each resource's Stripe `object` type, as its objects name it. */
export const truthObjectTypes = {
  products: 'product',
  prices: 'price',
  coupons: 'coupon',
  customers: 'customer',
  subscriptions: 'subscription',
  subscription_items: 'subscription_item',
  invoices: 'invoice',
  invoice_lines: 'line_item',
  charges: 'charge',
  refunds: 'refund',
} as const satisfies Record<TruthResource, string>;

/**
 * Visits every object that exists at instant t (or only those of one resource), rendered as Stripe would return it then (deleted customers as their
 * `{ deleted: true }` stub; items and lines in full, not truncated). Streams: nothing is held beyond one customer.
 */
export function visitObjectsAt(account: GeneratedAccount, t: number, visitAll: (resource: TruthResource, object: object) => void, only?: TruthResource): void {
  const context = account.renderContext;
  const wants = (resource: TruthResource) => only === undefined || only === resource;
  const visit = (resource: TruthResource, object: object | undefined) => {
    if (object) visitAll(resource, object);
  };
  const { catalog } = context;
  if (wants('products')) for (const product of catalog.products) if (product.created <= t) visit('products', renderProduct(context, product, t));
  if (wants('prices')) for (const price of catalog.prices) if (price.created <= t) visit('prices', renderPrice(context, price, t));
  if (wants('coupons')) for (const coupon of catalog.coupons) if (coupon.created <= t && (coupon.deletedAt === null || coupon.deletedAt > t)) visit('coupons', renderCoupon(context, coupon, t));
  if (only === 'products' || only === 'prices' || only === 'coupons') return;
  for (let index = 0; index < account.shape.customerCount; index++) {
    const story = account.story(index);
    if (story.created > t) break; // Customers are numbered in sign-up order.
    if (wants('customers')) visit('customers', customerAt(context, story, t));
    for (const subscription of story.subscriptions) {
      if (subscription.created > t) continue;
      if (wants('subscriptions')) visit('subscriptions', subscriptionAt(context, story, subscription, t));
      const state = subscription.versions[versionAt(subscription.versions, t) ?? -1];
      if (state && wants('subscription_items')) for (const item of state.items) visit('subscription_items', renderSubscriptionItem(context, story, subscription, state, item, t));
    }
    for (const invoice of story.invoices) {
      if (invoice.created > t) continue;
      if (wants('invoices')) visit('invoices', invoiceAt(context, story, invoice, t));
      if (wants('invoice_lines')) for (const line of invoice.lines) visit('invoice_lines', renderInvoiceLine(context, story, invoice, line));
    }
    if (wants('charges')) for (const charge of story.charges) visit('charges', chargeAt(context, story, charge, t));
    if (wants('refunds')) for (const refund of story.refunds) visit('refunds', refundAt(context, story, refund, t));
  }
}

export interface DailyMrr {
  customerId: string;
  currency: string;
  /** MRR at the end of each day (fractional minor units), from `firstDay`; the last day, not over yet, as of `until`. */
  mrr: Float64Array;
}

/** The days a history covers: from the account's first day through the day containing `until`. */
export function historyDays(account: GeneratedAccount, until: number): { firstDay: number; days: number } {
  const firstDay = startOfDay(account.shape.start);
  return { firstDay, days: Math.floor((startOfDay(until) - firstDay) / secondsPerDay) + 1 };
}

/**
 * One subscription's MRR at the end of each day, walking its versions and the days together. A day that has not ended
 * by `until` is read at `until`: the truth as of an instant knows nothing the story holds after it (a change later
 * that day has not happened yet).
 */
export function subscriptionDailyMrr(
  account: GeneratedAccount,
  subscription: SubscriptionStory,
  firstDay: number,
  days: number,
  settings: MrrSettings,
  until = Number.POSITIVE_INFINITY,
): Float64Array {
  const mrr = new Float64Array(days);
  let version = -1;
  for (let day = 0; day < days; day++) {
    const endOfDay = Math.min(firstDay + (day + 1) * secondsPerDay - 1, until);
    while (version + 1 < subscription.versions.length && (subscription.versions[version + 1]?.at ?? Infinity) <= endOfDay) version++;
    const state = subscription.versions[version];
    mrr[day] = state ? versionMrr(state, endOfDay, account.catalog, settings) : 0;
  }
  return mrr;
}

/** MRR per customer per day as of `until`, as METRICS.md defines it, for every customer who ever had a subscription. */
export function* dailyMrrByCustomer(account: GeneratedAccount, until: number, settings: MrrSettings = stripeDefaultMrrSettings): Generator<DailyMrr> {
  const { firstDay, days } = historyDays(account, until);
  for (let index = 0; index < account.shape.customerCount; index++) {
    const story: CustomerStory = account.story(index);
    if (story.created > until || story.subscriptions.length === 0) continue;
    const total = new Float64Array(days);
    for (const subscription of story.subscriptions) {
      const daily = subscriptionDailyMrr(account, subscription, firstDay, days, settings, until);
      for (let day = 0; day < days; day++) total[day] = (total[day] ?? 0) + (daily[day] ?? 0);
    }
    yield { customerId: story.id, currency: story.currency, mrr: total };
  }
}
