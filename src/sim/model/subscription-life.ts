import { periodBoundary, secondsPerDay } from './calendar';
import { type CatalogIndex } from './catalog';
import { intervalAmount } from './mrr-truth';
import { type Random } from './random';
import { type StoryBuilder } from './story-builder';
import {
  type AppliedDiscount,
  type ChargeStory,
  type CatalogPrice,
  type InvoiceLine,
  type InvoiceStory,
  type SubscriptionItemState,
  type SubscriptionStory,
  type SubscriptionVersion,
} from './types';

const day = secondsPerDay;

/** What a new subscription starts with. All items share one billing interval, as Stripe requires. */
export interface SubscriptionPlan {
  items: { priceId: string; quantity: number | null }[];
  trialDays: number | null;
  /** Whether a trial turns into a paying subscription (else it is canceled when the trial ends). */
  convertsTrial: boolean;
  couponId: string | null;
  /**
   * FRIENDS100-style coupons can be taken away later: when that is decided, if it is. The discount is removed at the
   * first renewal at or after it, so the renewal invoice is the first to go without it.
   */
  couponRemovedAt: number | null;
  /** Monthly odds of the customer asking to cancel. */
  churnPerMonth: number;
  /** Per-seat plans change by seats; others may upgrade to this price (a Starter to Growth, say). */
  isSeatBased: boolean;
  upgradePlanPrice: CatalogPrice | null;
}

export interface SubscriptionOutcome {
  subscription: SubscriptionStory;
  /** When it stopped (canceled or expired), or null if still running at the horizon. */
  endedAt: number | null;
}

/**
 * Lives one subscription from `startAt` to its end or the horizon, the way Stripe Billing would run it: trial,
 * first invoice, renewals on the anchor day, failed payments and Smart Retries (past_due → recovered, or canceled when
 * all retries fail), seat changes, upgrades and downgrades with prorated invoices, coupons starting and ending,
 * cancellation at period end or at once. Every change is a version of the subscription and an event.
 *
 * Every change to its MRR is dated by what Stripe keeps for good (METRICS.md, "MRR history"): the subscription's
 * start, trial, cancellation and end dates, its invoices' line periods and paid_at, and its charges. Events, kept
 * only 30 days, are never needed.
 */
export function liveSubscription(builder: StoryBuilder, random: Random, catalog: CatalogIndex, plan: SubscriptionPlan, startAt: number): SubscriptionOutcome {
  const firstPrice = catalog.price(plan.items[0]?.priceId ?? '');
  const { interval, intervalCount } = firstPrice;
  const trialEnd = plan.trialDays === null ? null : startAt + plan.trialDays * day;
  const anchor = trialEnd ?? startAt;
  const items: SubscriptionItemState[] = plan.items.map((item, slot) => ({ slot, priceId: item.priceId, quantity: item.quantity, created: startAt }));
  const removedAt = plan.couponRemovedAt === null ? null : renewalAtOrAfter(anchor, interval, intervalCount, plan.couponRemovedAt);
  const discounts: AppliedDiscount[] = plan.couponId ? [discountFor(catalog, plan.couponId, 0, startAt, trialEnd, removedAt)] : [];

  const subscription = builder.addSubscription({
    created: startAt,
    startDate: startAt,
    billingCycleAnchor: anchor,
    trialStart: trialEnd === null ? null : startAt,
    trialEnd,
    currency: builder.currency,
    versions: [],
  });

  let current: SubscriptionVersion = {
    at: startAt,
    status: trialEnd === null ? 'active' : 'trialing',
    items,
    discounts,
    cancelAtPeriodEnd: false,
    cancelAt: null,
    canceledAt: null,
    endedAt: null,
    currentPeriodStart: startAt,
    currentPeriodEnd: trialEnd ?? periodBoundary(anchor, interval, intervalCount, 1),
    latestInvoiceOrdinal: null,
    change: 'created',
    previous: null,
  };
  const ref = () => ({ kind: 'subscription' as const, ordinal: subscription.ordinal, version: subscription.versions.length - 1 });
  const record = (version: SubscriptionVersion): boolean => {
    if (version.at > builder.horizon) return false;
    subscription.versions.push(version);
    current = version;
    const type = version.change === 'created' ? 'customer.subscription.created' : version.change === 'deleted' ? 'customer.subscription.deleted' : 'customer.subscription.updated';
    builder.emit(version.at, type, ref(), version.previous);
    return true;
  };
  const change = (at: number, patch: Partial<SubscriptionVersion>, previous: Record<string, unknown>, kind: 'updated' | 'deleted' = 'updated'): boolean =>
    record(nextVersion(current, patch, at, kind, previous));
  const end = (at: number, canceledAt: number): SubscriptionOutcome => {
    change(at, { status: 'canceled', canceledAt, endedAt: at }, { status: current.status }, 'deleted');
    return { subscription, endedAt: at <= builder.horizon ? at : null };
  };

  // The first invoice is created with the subscription (a $0 one during a trial), so the first version links it.
  const firstInvoice = createInvoice(builder, catalog, subscription, current, startAt, 'subscription_create', startAt, current.currentPeriodEnd, trialEnd !== null);
  current = { ...current, latestInvoiceOrdinal: firstInvoice.ordinal };
  record(current);
  const firstPaid = collect(builder, random, firstInvoice, startAt);

  // Trial: a reminder three days before the end, then conversion or cancellation.
  if (trialEnd !== null) {
    builder.emit(trialEnd - 3 * day, 'customer.subscription.trial_will_end', ref());
    if (trialEnd > builder.horizon) return { subscription, endedAt: null };
    if (!plan.convertsTrial) return end(trialEnd, trialEnd);
  }

  let periodStart = anchor;
  for (let period = 0; periodStart <= builder.horizon; period++) {
    const periodEnd = periodBoundary(anchor, interval, intervalCount, period + 1);
    const isFirstInvoice = period === 0 && trialEnd === null;
    let invoice = firstInvoice;
    let paid = firstPaid;
    if (!isFirstInvoice) {
      // Discounts that end at this renewal (a forever coupon taken away) go before its invoice is made.
      dropExpiredDiscounts(periodStart);
      invoice = createInvoice(builder, catalog, subscription, current, periodStart, 'subscription_cycle', periodStart, periodEnd, false);
      const renewed = { status: current.status === 'trialing' ? 'active' : current.status, currentPeriodStart: periodStart, currentPeriodEnd: periodEnd, latestInvoiceOrdinal: invoice.ordinal } as const;
      change(periodStart, renewed, { status: current.status, latest_invoice: invoiceId(current.latestInvoiceOrdinal) });
      // Renewal invoices stay drafts for an hour before Stripe finalizes and charges them.
      paid = collect(builder, random, invoice, periodStart + 3600);
    }
    let cursor = periodStart + 3600;
    // A discount leaves the subscription at its own second (a `once` coupon right after the invoice it covered, a
    // `repeating` one N months after it began), with an event, as in Stripe; those ending before the payment go first.
    dropDiscountsEndingBy(isFirstInvoice ? periodStart : periodStart + 3600);

    if (!paid) {
      // A payment attempted after the horizon has not happened yet: the story stops at its draft invoice.
      if ((invoice.versions[invoice.versions.length - 1]?.attemptCount ?? 0) === 0) return { subscription, endedAt: null };
      const outcome = failedPayment(invoice, periodStart, periodEnd, isFirstInvoice);
      if (outcome.ended) return { subscription, endedAt: outcome.endedAt };
      cursor = outcome.resumedAt;
    }

    dropDiscountsEndingBy(periodEnd - 1);
    cursor = Math.max(cursor, current.at);

    // Mid-period changes, in time order: a plan or seat change, a cancellation request.
    const periodMonths = Math.max(1, (periodEnd - periodStart) / (30 * day));
    if (random.chance(0.04 * periodMonths)) {
      const at = randomTime(random, cursor, periodEnd);
      changePlan(at, periodStart, periodEnd);
      cursor = at;
    }
    if (random.chance(Math.min(0.9, plan.churnPerMonth * periodMonths))) {
      const at = randomTime(random, cursor, periodEnd);
      if (random.chance(0.6)) {
        if (!change(at, { cancelAtPeriodEnd: true, cancelAt: periodEnd, canceledAt: at }, { cancel_at_period_end: false, cancel_at: null, canceled_at: null })) break;
        if (periodEnd > builder.horizon) break;
        return end(periodEnd, at);
      }
      return end(at, at);
    }
    periodStart = periodEnd;
  }
  return { subscription, endedAt: null };

  function invoiceId(ordinal: number | null): string | null {
    return ordinal === null ? null : (builder.invoices[ordinal]?.id ?? null);
  }

  /** Drops, each at its end (or now, if a later version already exists), the discounts that end by `until`. */
  function dropDiscountsEndingBy(until: number): void {
    const ends = [...new Set(current.discounts.map((discount) => discount.end).filter((end): end is number => end !== null && end <= until))].sort((a, b) => a - b);
    for (const end of ends) dropExpiredDiscounts(Math.max(end, current.at));
  }

  function dropExpiredDiscounts(at: number): void {
    const remaining = current.discounts.filter((discount) => discount.end === null || discount.end > at);
    if (remaining.length === current.discounts.length) return;
    change(at, { discounts: remaining }, { discounts: current.discounts.map((discount) => discount.couponId) });
  }

  /**
   * Smart Retries: most failures recover within days. The account's dunning setting is "cancel the subscription if
   * all retries fail": the rest stay past_due until the retries run out, 20 days on, and are canceled then.
   */
  function failedPayment(invoice: InvoiceStory, periodStart: number, periodEnd: number, isFirstInvoice: boolean): { ended: true; endedAt: number | null } | { ended: false; resumedAt: number } {
    const failedAt = invoice.versions[invoice.versions.length - 1]?.at ?? periodStart;
    const periodDays = (periodEnd - periodStart) / day;
    if (isFirstInvoice) {
      // A first payment that fails leaves the subscription incomplete; it expires after 23 hours unless paid.
      change(failedAt, { status: 'incomplete' }, { status: current.status });
      if (random.chance(0.5)) {
        const paidAt = failedAt + random.int(600, 20 * 3600);
        retryPayment(invoice, paidAt);
        change(paidAt, { status: 'active' }, { status: 'incomplete' });
        return { ended: false, resumedAt: paidAt };
      }
      const expiredAt = failedAt + 23 * 3600;
      builder.changeInvoice(invoice, { at: expiredAt, status: 'void', amountPaid: 0, attemptCount: invoice.versions.length, paidAt: null, events: ['invoice.voided', 'invoice.updated'], previous: { status: 'open' } });
      const endedAt = change(expiredAt, { status: 'incomplete_expired', endedAt: expiredAt }, { status: 'incomplete' }, 'deleted') ? expiredAt : null;
      return { ended: true, endedAt };
    }
    change(failedAt, { status: 'past_due' }, { status: current.status });
    if (periodDays < 20 || random.chance(0.75)) {
      const recoveredAt = failedAt + random.int(1, Math.max(1, Math.min(9, Math.floor(periodDays / 3)))) * day + random.int(0, 3600);
      retryPayment(invoice, recoveredAt);
      change(recoveredAt, { status: 'active' }, { status: 'past_due' });
      return { ended: false, resumedAt: recoveredAt };
    }
    const canceledAt = failedAt + 20 * day;
    builder.changeInvoice(invoice, { at: canceledAt, status: 'uncollectible', amountPaid: 0, attemptCount: 4, paidAt: null, events: ['invoice.marked_uncollectible', 'invoice.updated'], previous: { status: 'open' } });
    const outcome = end(canceledAt, canceledAt);
    return { ended: true, endedAt: outcome.endedAt };
  }

  function retryPayment(invoice: InvoiceStory, at: number): void {
    if (invoice.total <= 0) throw new Error(`Invoice ${invoice.id} has nothing to retry`);
    const charge = builder.addCharge({ created: at, invoiceOrdinal: invoice.ordinal, amount: invoice.total, currency: invoice.currency, status: 'succeeded', failureCode: null, failureMessage: null });
    if (!charge) return;
    builder.changeInvoice(invoice, { at, status: 'paid', amountPaid: invoice.total, attemptCount: invoice.versions.length, paidAt: at, events: ['invoice.paid', 'invoice.payment_succeeded', 'invoice.updated'], previous: { status: 'open', amount_paid: 0 } });
    maybeRefund(builder, random, charge);
  }

  /**
   * Seat changes (up or down), or an upgrade to a bigger plan, effective at once and prorated and invoiced at once
   * (proration_behavior: always_invoice), in the same update: the invoice's lines are, per changed item, the credit
   * for the unused time on it as it was and the charge for the remaining time on it as it is, both for [at, period
   * end]. A decrease's invoice totals ≤ 0: Stripe finalizes it as paid, nothing to charge, and credits the customer's
   * balance.
   */
  function changePlan(at: number, periodStart: number, periodEnd: number): void {
    const item = current.items[0];
    if (!item) return;
    let next: SubscriptionItemState[];
    if (plan.isSeatBased && item.quantity !== null) {
      const delta = random.chance(0.7) ? random.int(1, 5) : -random.int(1, Math.max(1, Math.min(5, item.quantity - 1)));
      const quantity = Math.max(1, item.quantity + delta);
      if (quantity === item.quantity) return;
      next = current.items.map((candidate) => (candidate.slot === item.slot ? { ...candidate, quantity } : candidate));
    } else if (plan.upgradePlanPrice && plan.upgradePlanPrice.id !== item.priceId) {
      const upgrade = plan.upgradePlanPrice;
      next = current.items.map((candidate) => (candidate.slot === item.slot ? { ...candidate, priceId: upgrade.id, quantity: 3 } : candidate));
    } else {
      return;
    }
    if (at > builder.horizon) return;
    const before = current;
    // Stripe's previous_attributes for an item change: the items as they were (only the changed keys matter here).
    const previousItems = { items: { data: before.items.map((item) => ({ quantity: item.quantity, price: { id: item.priceId } })) } };
    const fraction = (periodEnd - at) / (periodEnd - periodStart);
    // Credits are `0 - x` rather than `-x`, so a credit that rounds to nothing is 0, not -0.
    const lines: Omit<InvoiceLine, 'ordinal'>[] = [];
    before.items.forEach((old) => {
      const replacement = next.find((candidate) => candidate.slot === old.slot);
      if (!replacement || (replacement.priceId === old.priceId && replacement.quantity === old.quantity)) return;
      const oldPrice = catalog.price(old.priceId);
      const newPrice = catalog.price(replacement.priceId);
      lines.push({ subscriptionOrdinal: subscription.ordinal, itemSlot: old.slot, priceId: old.priceId, quantity: old.quantity, amount: 0 - Math.round(intervalAmount(oldPrice, old.quantity ?? 0) * fraction), periodStart: at, periodEnd, proration: true, description: `Unused time on ${old.quantity ?? 1} × ${oldPrice.nickname}` });
      lines.push({ subscriptionOrdinal: subscription.ordinal, itemSlot: replacement.slot, priceId: replacement.priceId, quantity: replacement.quantity, amount: Math.round(intervalAmount(newPrice, replacement.quantity ?? 0) * fraction), periodStart: at, periodEnd, proration: true, description: `Remaining time on ${replacement.quantity ?? 1} × ${newPrice.nickname}` });
    });
    const invoice = builder.addInvoice({ created: at, subscriptionOrdinal: subscription.ordinal, billingReason: 'subscription_update', periodStart: at, periodEnd: at, lines, discountAmount: 0, discountOrdinals: [] });
    builder.changeInvoice(invoice, { at, status: 'open', amountPaid: 0, attemptCount: 0, paidAt: null, events: ['invoice.created', 'invoice.finalized'], previous: null });
    change(at, { items: next, latestInvoiceOrdinal: invoice.ordinal }, { ...previousItems, latest_invoice: invoiceId(before.latestInvoiceOrdinal) });
    if (!collect(builder, random, invoice, at)) retryPayment(invoice, at + random.int(1, 3) * day);
  }
}

/** The version after `current` with `patch` applied (fields spelled out: spreading varied patches is slow in V8). */
function nextVersion(current: SubscriptionVersion, patch: Partial<SubscriptionVersion>, at: number, change: 'updated' | 'deleted', previous: Record<string, unknown>): SubscriptionVersion {
  const pick = <K extends keyof SubscriptionVersion>(key: K): SubscriptionVersion[K] => (patch[key] !== undefined ? (patch[key] as SubscriptionVersion[K]) : current[key]);
  return {
    at,
    status: pick('status'),
    items: pick('items'),
    discounts: pick('discounts'),
    cancelAtPeriodEnd: pick('cancelAtPeriodEnd'),
    cancelAt: pick('cancelAt'),
    canceledAt: pick('canceledAt'),
    endedAt: pick('endedAt'),
    currentPeriodStart: pick('currentPeriodStart'),
    currentPeriodEnd: pick('currentPeriodEnd'),
    latestInvoiceOrdinal: pick('latestInvoiceOrdinal'),
    change,
    previous,
  };
}

/** The first renewal (period boundary after the anchor) at or after `at`. */
function renewalAtOrAfter(anchor: number, interval: CatalogPrice['interval'], intervalCount: number, at: number): number {
  let periods = 1;
  let boundary = periodBoundary(anchor, interval, intervalCount, periods);
  while (boundary < at) boundary = periodBoundary(anchor, interval, intervalCount, ++periods);
  return boundary;
}

/** `removedAt`: when a forever discount is taken away (a renewal), if it is. */
function discountFor(catalog: CatalogIndex, couponId: string, ordinal: number, start: number, trialEnd: number | null, removedAt: number | null): AppliedDiscount {
  const coupon = catalog.coupon(couponId);
  const firstChargeAt = trialEnd ?? start;
  let end: number | null = removedAt;
  // `once` covers the first paid invoice; `repeating` runs N months from when it was applied.
  if (coupon.duration === 'once') end = firstChargeAt + 1;
  if (coupon.duration === 'repeating') end = periodBoundary(start, 'month', coupon.durationInMonths ?? 1, 1);
  return { ordinal, couponId, start, end, itemSlot: null };
}

function randomTime(random: Random, from: number, to: number): number {
  return from + Math.floor(random.next() * Math.max(1, to - from - 60)) + 1;
}

/** An invoice for a period: one line per licensed item (metered usage is billed for the period just ended). */
function createInvoice(
  builder: StoryBuilder,
  catalog: CatalogIndex,
  subscription: SubscriptionStory,
  version: SubscriptionVersion,
  at: number,
  reason: InvoiceStory['billingReason'],
  periodStart: number,
  periodEnd: number,
  isTrial: boolean,
): InvoiceStory {
  const lines: Omit<InvoiceLine, 'ordinal'>[] = version.items.map((item) => {
    const price = catalog.price(item.priceId);
    const metered = price.usageType === 'metered';
    const usage = metered && !isTrial && reason === 'subscription_cycle' ? 1000 + (Math.floor(at / 3600) % 40_000) : 0;
    const amount = isTrial ? 0 : metered ? usage * (price.unitAmount ?? 0) : intervalAmount(price, item.quantity ?? 0);
    return {
      subscriptionOrdinal: subscription.ordinal,
      itemSlot: item.slot,
      priceId: item.priceId,
      quantity: metered ? usage : item.quantity,
      amount,
      periodStart,
      periodEnd,
      proration: false,
      description: isTrial ? `Trial period for ${price.nickname}` : `${metered ? usage : (item.quantity ?? 1)} × ${price.nickname}`,
    };
  });
  const subtotal = lines.reduce((sum, line) => sum + line.amount, 0);
  let discountAmount = 0;
  const discountOrdinals: number[] = [];
  for (const discount of version.discounts) {
    if (at < discount.start || (discount.end !== null && at >= discount.end)) continue;
    const coupon = catalog.coupon(discount.couponId);
    discountOrdinals.push(discount.ordinal);
    discountAmount += coupon.percentOff !== null ? Math.round((subtotal * coupon.percentOff) / 100) : (coupon.amountOff ?? 0);
  }
  const invoice = builder.addInvoice({ created: at, subscriptionOrdinal: subscription.ordinal, billingReason: reason, periodStart, periodEnd, lines, discountAmount, discountOrdinals });
  const events = reason === 'subscription_cycle' ? ['invoice.created'] : ['invoice.created', 'invoice.finalized'];
  builder.changeInvoice(invoice, { at, status: reason === 'subscription_cycle' ? 'draft' : 'open', amountPaid: 0, attemptCount: 0, paidAt: null, events, previous: null });
  return invoice;
}

/**
 * Charges an invoice at `at`. Answers whether it is paid. An invoice with nothing to pay (a $0 one, or a credit from a
 * downgrade's prorations) is paid without a charge: a charge is always for a positive amount.
 */
function collect(builder: StoryBuilder, random: Random, invoice: InvoiceStory, at: number): boolean {
  const wasDraft = invoice.versions[invoice.versions.length - 1]?.status === 'draft';
  if (wasDraft) builder.changeInvoice(invoice, { at, status: 'open', amountPaid: 0, attemptCount: 0, paidAt: null, events: ['invoice.finalized', 'invoice.updated'], previous: { status: 'draft' } });
  if (invoice.total <= 0) {
    builder.changeInvoice(invoice, { at, status: 'paid', amountPaid: 0, attemptCount: 0, paidAt: at, events: ['invoice.paid', 'invoice.updated'], previous: { status: 'open' } });
    return true;
  }
  const succeeds = random.chance(0.93);
  const charge = builder.addCharge({
    created: at,
    invoiceOrdinal: invoice.ordinal,
    amount: invoice.total,
    currency: invoice.currency,
    status: succeeds ? 'succeeded' : 'failed',
    failureCode: succeeds ? null : random.pick(['card_declined', 'insufficient_funds', 'expired_card']),
    failureMessage: succeeds ? null : 'Your card was declined.',
  });
  if (!charge) return false;
  if (succeeds) {
    builder.changeInvoice(invoice, { at, status: 'paid', amountPaid: invoice.total, attemptCount: 1, paidAt: at, events: ['invoice.paid', 'invoice.payment_succeeded', 'invoice.updated'], previous: { status: 'open', amount_paid: 0 } });
    maybeRefund(builder, random, charge);
    return true;
  }
  builder.changeInvoice(invoice, { at, status: 'open', amountPaid: 0, attemptCount: 1, paidAt: null, events: ['invoice.payment_failed', 'invoice.updated'], previous: { attempt_count: 0 } });
  return false;
}

/** About 3% of payments are refunded within three weeks: most in full, some in part. */
function maybeRefund(builder: StoryBuilder, random: Random, charge: ChargeStory): void {
  if (!random.chance(0.03)) return;
  const at = charge.created + random.int(1, 20) * day + random.int(0, 3600);
  const amount = random.chance(0.6) ? charge.amount : Math.max(1, Math.round(charge.amount * random.int(10, 60) / 100));
  builder.addRefund(charge, at, amount, random.pick(['requested_by_customer', 'duplicate', null]));
}
