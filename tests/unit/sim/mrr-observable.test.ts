import { beforeAll, describe, expect, it } from 'vitest';
import { type GeneratedAccount, generateAccount } from '../../../src/sim/account/generated-account';
import { historyDays, subscriptionDailyMrr } from '../../../src/sim/account/ground-truth';
import { secondsPerDay } from '../../../src/sim/model/calendar';
import { stripeDefaultMrrSettings, versionMrr } from '../../../src/sim/model/mrr-truth';
import { type AppliedDiscount, type CustomerStory, type SubscriptionItemState, type SubscriptionStory, type SubscriptionVersion } from '../../../src/sim/model/types';
import { fixedNow } from '../../support/simulator';

/**
 * METRICS.md, "MRR history": Recur rebuilds each subscription's MRR for the account's whole life from what Stripe keeps
 * for good — the subscription's dates, its invoices (lines with price, quantity, period and proration flag; discounts;
 * paid_at) and its charges — since events are kept only 30 days. So every change of the ground-truth MRR (end of each
 * UTC day, Stripe's default settings) must be readable from those objects. This rebuilds the history here from only
 * what the rendered objects carry, independently of src/core, and compares it with the ground truth day by day.
 */

const day = secondsPerDay;
const customers = 2000;

let account: GeneratedAccount;
let stories: CustomerStory[];

beforeAll(() => {
  account = generateAccount({ seed: 7, customers, now: fixedNow });
  stories = Array.from({ length: customers }, (_, index) => account.story(index));
});

interface Billed {
  from: number;
  items: Map<number, SubscriptionItemState>;
  discounts: AppliedDiscount[];
}

/** What the subscription's invoices say was billed, from when: full-period lines, then prorations' new side. */
function billedStates(story: CustomerStory, subscription: SubscriptionStory): Billed[] {
  const discountsByOrdinal = new Map(subscription.versions.flatMap((version) => version.discounts.map((discount) => [discount.ordinal, discount] as const)));
  const states: Billed[] = [];
  let previous: Billed | undefined;
  for (const invoice of story.invoices) {
    if (invoice.subscriptionOrdinal !== subscription.ordinal) continue;
    if (invoice.billingReason === 'subscription_create' || invoice.billingReason === 'subscription_cycle') {
      const lines = invoice.lines.filter((line) => !line.proration);
      const items = new Map(lines.map((line) => [line.itemSlot, { slot: line.itemSlot, priceId: line.priceId, quantity: line.quantity, created: 0 }]));
      // Only what the invoice names: the coupon, not when the story says the discount ends.
      const discounts = invoice.discountOrdinals.map((ordinal) => ({ ...(discountsByOrdinal.get(ordinal) as AppliedDiscount), start: 0, end: null }));
      previous = { from: Math.min(...lines.map((line) => line.periodStart)), items, discounts };
    } else if (invoice.billingReason === 'subscription_update' && previous) {
      const items = new Map(previous.items);
      const remaining = invoice.lines.filter((line) => line.proration && line.description.startsWith('Remaining time'));
      for (const line of remaining) items.set(line.itemSlot, { slot: line.itemSlot, priceId: line.priceId, quantity: line.quantity, created: 0 });
      previous = { from: Math.min(...invoice.lines.map((line) => line.periodStart)), items, discounts: previous.discounts };
    } else {
      continue;
    }
    states.push(previous);
  }
  return states;
}

/** MRR at the end of each day, from the subscription's dates, invoices and charges only. */
function observedDailyMrr(story: CustomerStory, subscription: SubscriptionStory, firstDay: number, days: number): Float64Array {
  const final = subscription.versions.at(-1) as SubscriptionVersion;
  const billed = billedStates(story, subscription);
  const first = story.invoices.find((invoice) => invoice.subscriptionOrdinal === subscription.ordinal && invoice.billingReason === 'subscription_create');
  const failedAt = story.charges.find((charge) => charge.invoiceOrdinal === first?.ordinal && charge.status === 'failed')?.created ?? null;
  const paidAt = first?.versions.at(-1)?.paidAt ?? null;
  const mrr = new Float64Array(days);
  let index = -1;
  for (let d = 0; d < days; d++) {
    const t = firstDay + (d + 1) * day - 1;
    while (index + 1 < billed.length && (billed[index + 1]?.from ?? Infinity) <= t) index++;
    const state = billed[index];
    if (!state) continue;
    const ended = final.endedAt !== null && t >= final.endedAt;
    const canceled = final.canceledAt !== null && t >= final.canceledAt;
    const trialing = subscription.trialStart !== null && subscription.trialEnd !== null && t >= subscription.trialStart && t < subscription.trialEnd;
    const incomplete = failedAt !== null && t >= failedAt && (paidAt === null || t < paidAt);
    const version: SubscriptionVersion = {
      ...final,
      status: ended || trialing || incomplete ? 'canceled' : 'active',
      cancelAtPeriodEnd: false,
      canceledAt: canceled ? final.canceledAt : null,
      items: [...state.items.values()],
      discounts: state.discounts,
    };
    mrr[d] = versionMrr(version, t, account.catalog, stripeDefaultMrrSettings);
  }
  return mrr;
}

describe('every change of MRR is dated by what Stripe keeps for good', () => {
  it('rebuilt from subscription dates, invoices and charges, the MRR of every subscription matches the ground truth every day', () => {
    // Every day that has ended by the horizon (the story knows nothing after it, e.g. of a trial that ends later).
    const { firstDay, days } = historyDays(account, account.shape.horizon - 1);
    const mismatches: string[] = [];
    let changes = 0;
    for (const story of stories) {
      for (const subscription of story.subscriptions) {
        const truth = subscriptionDailyMrr(account, subscription, firstDay, days, stripeDefaultMrrSettings);
        const observed = observedDailyMrr(story, subscription, firstDay, days);
        for (let d = 0; d < days; d++) {
          if (d > 0 && truth[d] !== truth[d - 1]) changes++;
          if (Math.abs((truth[d] ?? 0) - (observed[d] ?? 0)) > 1e-6) {
            mismatches.push(`${subscription.id} on ${new Date((firstDay + d * day) * 1000).toISOString().slice(0, 10)}: truth ${truth[d]}, observed ${observed[d]}`);
            break;
          }
        }
      }
    }

    expect(changes).toBeGreaterThan(1000);
    expect(mismatches).toEqual([]);
  });
});
