import { secondsPerDay } from './calendar';
import { type CatalogIndex } from './catalog';
import { type IdCodec } from './ids';
import { personFor } from './people';
import { type Random, streamFor } from './random';
import { StoryBuilder } from './story-builder';
import { liveSubscription, type SubscriptionPlan } from './subscription-life';
import { type CatalogPrice, type Currency, type CustomerStory, type CustomerVersion } from './types';

const day = secondsPerDay;

/** The account's size and span. Customers sign up between `start` and `horizon`; the clock starts at `now`. */
export interface AccountShape {
  seed: number;
  customerCount: number;
  /** The account's first second (catalog created here). */
  start: number;
  /** The simulator clock's starting instant: what exists "now". */
  now: number;
  /** The end of the pre-planned timeline: live mode can run the clock until here. */
  horizon: number;
}

export interface StoryContext {
  shape: AccountShape;
  catalog: CatalogIndex;
  ids: IdCodec;
}

/** Plans new customers pick, by weight; each may be missing in a customer's currency. */
const planMix: readonly (readonly [string, number])[] = [
  ['starter-monthly', 30],
  ['starter-yearly', 8],
  ['growth-monthly', 22],
  ['growth-yearly', 6],
  ['scale-monthly', 6],
  ['scale-volume-yearly', 2],
  ['team-weekly', 4],
  ['pro-quarterly', 5],
  ['enterprise-biennial', 1],
  ['bundles-monthly', 3],
  ['legacy-monthly', 5],
];

const seatRanges: Record<string, [number, number]> = {
  'growth-monthly': [1, 40],
  'growth-yearly': [2, 40],
  'scale-monthly': [5, 80],
  'scale-volume-yearly': [5, 40],
  'bundles-monthly': [5, 60],
};

/** Every 97th customer (and customer 3, so even tiny accounts have one) runs Growth with all twelve add-ons. */
export function hasTwelveAddOns(index: number): boolean {
  return index % 97 === 3;
}

/**
 * When customer `index` signed up. Sign-ups grow over time (density rises towards the horizon) and are strictly
 * increasing with the index, so the customer list's order is the index order and needs no sorting.
 */
export function signupTime(shape: AccountShape, index: number): number {
  const first = shape.start + 2 * 3600;
  const span = shape.horizon - first;
  const jitter = streamFor(shape.seed, 'signup', index).next() * 0.9;
  const position = (index + jitter) / shape.customerCount;
  return first + Math.floor(span * position ** (1 / 1.35));
}

/** One customer's whole story: who they are, their subscriptions, invoices, payments, refunds and every event. */
export function customerStory(context: StoryContext, index: number): CustomerStory {
  const { shape, catalog, ids } = context;
  const random = streamFor(shape.seed, 'customer', index);
  const created = signupTime(shape, index);
  const currency: Currency = hasTwelveAddOns(index) ? 'usd' : random.weighted([['usd', 60], ['eur', 20], ['gbp', 12], ['jpy', 8]] as const);
  const person = personFor(random, index);
  const builder = new StoryBuilder(index, ids, shape.horizon, currency);
  const id = ids.customerScoped('cus', index);
  const versions: CustomerVersion[] = [{ at: created, email: person.email, name: person.name, change: 'created', previous: null }];
  builder.emit(created, 'customer.created', { kind: 'customer', version: 0 });
  // A billing-email change, recorded below once the deletion (if any) is known: a deleted customer cannot change.
  let emailChange: CustomerVersion | null = null;
  if (random.chance(0.08)) {
    const at = created + random.int(10, 400) * day;
    if (at <= shape.horizon) {
      const email = `billing.${index}@${person.email.split('@')[1] ?? 'example.example'}`;
      emailChange = { at, email, name: person.name, change: 'updated', previous: { email: person.email } };
    }
  }

  // The main subscription, then perhaps a comeback after churning, and perhaps a metered API add-on alongside.
  // Each subscription draws from its own stream, so its life does not shift the others'.
  // Clamped to the horizon: a customer who signs up in its last minutes must not start a subscription beyond it.
  let start = Math.min(created + random.int(60, 1800), shape.horizon);
  const outcomes = [liveSubscription(builder, streamFor(shape.seed, 'subscription', index, 0), catalog, mainPlan(context, random, index, currency, start), start)];
  for (let comeback = 1; comeback <= 2; comeback++) {
    const endedAt = outcomes[outcomes.length - 1]?.endedAt ?? null;
    if (endedAt === null || !random.chance(0.25)) break;
    start = endedAt + random.int(30, 180) * day;
    if (start > shape.horizon) break;
    const plan = { ...mainPlan(context, random, index, currency, start), trialDays: null };
    outcomes.push(liveSubscription(builder, streamFor(shape.seed, 'subscription', index, comeback), catalog, plan, start));
  }
  const meteredPrice = catalog.priceFor('api-metered', currency);
  const addOnStart = created + random.int(5, 200) * day;
  if (meteredPrice && random.chance(0.1) && addOnStart <= shape.horizon) {
    const plan: SubscriptionPlan = {
      items: [{ priceId: meteredPrice.id, quantity: null }],
      trialDays: null,
      convertsTrial: true,
      couponId: null,
      couponRemovedAt: null,
      churnPerMonth: 0.03,
      isSeatBased: false,
      upgradePlanPrice: null,
    };
    outcomes.push(liveSubscription(builder, streamFor(shape.seed, 'subscription', index, 9), catalog, plan, addOnStart));
  }

  // Some customers who left for good are deleted a while later; their invoices and charges stay, as in Stripe.
  let deletedAt: number | null = null;
  const hasLeft = outcomes.every((outcome) => outcome.endedAt !== null);
  const leftAt = Math.max(...outcomes.map((outcome) => outcome.endedAt ?? 0));
  if (hasLeft && random.chance(0.2)) {
    const at = leftAt + random.int(10, 90) * day;
    if (at <= shape.horizon) deletedAt = at;
  }
  if (emailChange && (deletedAt === null || emailChange.at < deletedAt)) {
    versions.push(emailChange);
    builder.emit(emailChange.at, 'customer.updated', { kind: 'customer', version: 1 }, emailChange.previous);
  }
  if (deletedAt !== null) builder.emit(deletedAt, 'customer.deleted', { kind: 'customer', version: versions.length - 1 });
  return builder.finish({ id, created, metadata: { signup_source: random.pick(['organic', 'partner', 'ads', 'referral']), company: person.company }, versions, deletedAt });
}

function mainPlan(context: StoryContext, random: Random, index: number, currency: Currency, start: number): SubscriptionPlan {
  const { catalog } = context;
  if (hasTwelveAddOns(index)) {
    const growth = requirePrice(catalog.priceFor('growth-monthly', 'usd'));
    const addOns = Array.from({ length: 12 }, (_, addOn) => ({ priceId: requirePrice(catalog.priceFor(`addon-${addOn}`, 'usd')).id, quantity: 1 }));
    return { items: [{ priceId: growth.id, quantity: 5 }, ...addOns], trialDays: null, convertsTrial: true, couponId: null, couponRemovedAt: null, churnPerMonth: 0.01, isSeatBased: true, upgradePlanPrice: null };
  }
  const available = planMix.filter(([key]) => {
    const price = catalog.priceFor(key, currency);
    return price !== undefined && (price.archivedAt === null || price.archivedAt > start);
  });
  const planKey = random.weighted(available);
  const price = requirePrice(catalog.priceFor(planKey, currency));
  const seats = seatRanges[planKey];
  const quantity = seats ? Math.min(seats[1], seats[0] + Math.floor(random.next() ** 2 * (seats[1] - seats[0] + 1))) : 1;
  const trialDays = random.chance(0.3) ? 14 : null;
  const couponId = pickCoupon(context, random, currency, start);
  const couponRemovedAt = couponId === 'FRIENDS100' && random.chance(0.5) ? start + random.int(30, 200) * day : null;
  const upgradePlanPrice = planKey.startsWith('starter-') ? (catalog.priceFor(planKey.replace('starter', 'growth'), currency) ?? null) : null;
  return {
    items: [{ priceId: price.id, quantity }],
    trialDays,
    convertsTrial: random.chance(0.7),
    couponId,
    couponRemovedAt,
    churnPerMonth: random.weighted([[0.015, 3], [0.04, 5], [0.1, 2]] as const),
    isSeatBased: seats !== undefined,
    upgradePlanPrice,
  };
}

function pickCoupon(context: StoryContext, random: Random, currency: Currency, start: number): string | null {
  if (!random.chance(0.2)) return null;
  const candidates = context.catalog.catalog.coupons.filter(
    (coupon) => (coupon.currency === null || coupon.currency === currency) && (coupon.deletedAt === null || coupon.deletedAt > start) && coupon.created <= start,
  );
  const weights = candidates.map((coupon) => [coupon.id, coupon.id === 'FRIENDS100' ? 1 : 10] as const);
  return weights.length > 0 ? random.weighted(weights) : null;
}

function requirePrice(price: CatalogPrice | undefined): CatalogPrice {
  if (!price) throw new Error('catalog is missing a plan price');
  return price;
}
