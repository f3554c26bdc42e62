import { type Catalog, type CatalogCoupon, type CatalogPrice, type CatalogProduct, type Currency, type Interval } from './types';
import { hashKey } from './random';

/**
 * The simulated business's price book: a SaaS with a flat Starter plan, a per-seat Growth plan, a tiered Scale plan,
 * add-ons (so some subscriptions carry more than ten items), a metered API, weekly, quarterly and biennial plans, a
 * transform_quantity bundle, a one-time setup fee and a retired legacy plan — every pricing shape METRICS.md covers.
 * Prices exist in usd, eur, gbp and jpy (zero-decimal) where a customer of that currency would see them.
 */

interface PlanDefinition {
  key: string;
  productKey: string;
  nickname: string;
  interval: Interval;
  intervalCount: number;
  amounts: Partial<Record<Currency, number>>;
  usageType?: 'licensed' | 'metered';
  tiers?: { mode: 'graduated' | 'volume'; tiers: { upTo: number | null; unitAmount: number; flatAmount: number }[] };
  transformQuantity?: { divideBy: number; round: 'up' | 'down' };
  oneTime?: boolean;
  /** Seconds after the account's start when the price was archived. */
  archivedAfter?: number;
}

const productDefinitions: { key: string; name: string; archivedAfter?: number }[] = [
  { key: 'starter', name: 'Starter' },
  { key: 'growth', name: 'Growth' },
  { key: 'scale', name: 'Scale' },
  { key: 'addons', name: 'Add-ons' },
  { key: 'api', name: 'API usage' },
  { key: 'team-weekly', name: 'Team Weekly' },
  { key: 'pro-quarterly', name: 'Pro Quarterly' },
  { key: 'enterprise', name: 'Enterprise' },
  { key: 'bundles', name: 'Seat bundles' },
  { key: 'setup', name: 'Onboarding' },
  { key: 'legacy', name: 'Legacy Basic', archivedAfter: 200 * 86400 },
];

export const addOnNames = [
  'Extra storage',
  'Priority support',
  'SSO',
  'Audit log',
  'Sandbox',
  'Custom domain',
  'Advanced analytics',
  'Data export',
  'Webhooks+',
  'Extra region',
  'White label',
  'Dedicated IP',
];

const planDefinitions: PlanDefinition[] = [
  { key: 'starter-monthly', productKey: 'starter', nickname: 'Starter monthly', interval: 'month', intervalCount: 1, amounts: { usd: 1900, eur: 1700, gbp: 1500, jpy: 2400 } },
  { key: 'starter-yearly', productKey: 'starter', nickname: 'Starter yearly', interval: 'year', intervalCount: 1, amounts: { usd: 19000, eur: 17000, gbp: 15000, jpy: 24000 } },
  { key: 'growth-monthly', productKey: 'growth', nickname: 'Growth per seat monthly', interval: 'month', intervalCount: 1, amounts: { usd: 1200, eur: 1100, gbp: 1000, jpy: 1500 } },
  { key: 'growth-yearly', productKey: 'growth', nickname: 'Growth per seat yearly', interval: 'year', intervalCount: 1, amounts: { usd: 12000, eur: 11000, gbp: 10000, jpy: 15000 } },
  {
    key: 'scale-monthly',
    productKey: 'scale',
    nickname: 'Scale graduated monthly',
    interval: 'month',
    intervalCount: 1,
    amounts: { usd: 0, eur: 0 },
    tiers: {
      mode: 'graduated',
      tiers: [
        { upTo: 10, unitAmount: 2000, flatAmount: 0 },
        { upTo: 50, unitAmount: 1500, flatAmount: 0 },
        { upTo: null, unitAmount: 1000, flatAmount: 0 },
      ],
    },
  },
  {
    key: 'scale-volume-yearly',
    productKey: 'scale',
    nickname: 'Scale volume yearly',
    interval: 'year',
    intervalCount: 1,
    amounts: { usd: 0 },
    tiers: {
      mode: 'volume',
      tiers: [
        { upTo: 20, unitAmount: 18000, flatAmount: 10000 },
        { upTo: null, unitAmount: 15000, flatAmount: 10000 },
      ],
    },
  },
  ...addOnNames.map(
    (name, index): PlanDefinition => ({
      key: `addon-${index}`,
      productKey: 'addons',
      nickname: name,
      interval: 'month',
      intervalCount: 1,
      amounts: { usd: 500 + 100 * index },
    }),
  ),
  { key: 'api-metered', productKey: 'api', nickname: 'API calls', interval: 'month', intervalCount: 1, amounts: { usd: 1, eur: 1 }, usageType: 'metered' },
  { key: 'team-weekly', productKey: 'team-weekly', nickname: 'Team weekly', interval: 'week', intervalCount: 1, amounts: { usd: 500, gbp: 400 } },
  { key: 'pro-quarterly', productKey: 'pro-quarterly', nickname: 'Pro every 3 months', interval: 'month', intervalCount: 3, amounts: { usd: 5400, eur: 4800 } },
  { key: 'enterprise-biennial', productKey: 'enterprise', nickname: 'Enterprise every 2 years', interval: 'year', intervalCount: 2, amounts: { usd: 240000 } },
  { key: 'bundles-monthly', productKey: 'bundles', nickname: 'Seats in packs of 10', interval: 'month', intervalCount: 1, amounts: { usd: 10000 }, transformQuantity: { divideBy: 10, round: 'up' } },
  { key: 'setup-fee', productKey: 'setup', nickname: 'Onboarding fee', interval: 'month', intervalCount: 1, amounts: { usd: 49900, eur: 45000 }, oneTime: true },
  { key: 'legacy-monthly', productKey: 'legacy', nickname: 'Legacy Basic monthly', interval: 'month', intervalCount: 1, amounts: { usd: 900, eur: 900 }, archivedAfter: 200 * 86400 },
];

const couponDefinitions: Omit<CatalogCoupon, 'created' | 'deletedAt'>[] = [
  { id: 'LAUNCH20', name: 'Launch 20% for 3 months', duration: 'repeating', durationInMonths: 3, percentOff: 20, amountOff: null, currency: null },
  { id: 'LOYAL10', name: 'Loyalty 10% forever', duration: 'forever', durationInMonths: null, percentOff: 10, amountOff: null, currency: null },
  { id: 'WELCOME50', name: 'Welcome 50% off first invoice', duration: 'once', durationInMonths: null, percentOff: 50, amountOff: null, currency: null },
  { id: 'TENOFF', name: '$10 off forever', duration: 'forever', durationInMonths: null, percentOff: null, amountOff: 1000, currency: 'usd' },
  { id: 'EURO5', name: '€5 off for 6 months', duration: 'repeating', durationInMonths: 6, percentOff: null, amountOff: 500, currency: 'eur' },
  { id: 'FRIENDS100', name: 'Friends and family', duration: 'forever', durationInMonths: null, percentOff: 100, amountOff: null, currency: null },
  { id: 'SPRING15', name: 'Spring sale 15% for 2 months (retired)', duration: 'repeating', durationInMonths: 2, percentOff: 15, amountOff: null, currency: null },
];

/** The retired coupon is deleted this long after the account starts; discounts already applied keep applying. */
const retiredCouponDeletedAfter = 150 * 86400;

export interface CatalogIndex {
  catalog: Catalog;
  /** The price of a plan in a currency, if the plan is sold in it. */
  priceFor(planKey: string, currency: Currency): CatalogPrice | undefined;
  price(id: string): CatalogPrice;
  coupon(id: string): CatalogCoupon;
}

/** Builds the catalog for an account that starts at `accountStart`; ids depend on the seed like every other id. */
export function buildCatalog(seed: number, accountStart: number): CatalogIndex {
  const suffix = (key: string) => stableSuffix(seed, key);
  const products: CatalogProduct[] = productDefinitions.map((definition, index) => ({
    id: `prod_${suffix(definition.key)}`,
    name: definition.name,
    created: accountStart + index * 60,
    archivedAt: definition.archivedAfter === undefined ? null : accountStart + definition.archivedAfter,
  }));
  const productId = (key: string): string => {
    const index = productDefinitions.findIndex((definition) => definition.key === key);
    const product = products[index];
    if (!product) throw new Error(`unknown product ${key}`);
    return product.id;
  };

  const byPlan = new Map<string, CatalogPrice>();
  const prices: CatalogPrice[] = [];
  planDefinitions.forEach((plan, planIndex) => {
    for (const [currency, amount] of Object.entries(plan.amounts) as [Currency, number][]) {
      const price: CatalogPrice = {
        id: `price_${suffix(`${plan.key}-${currency}`)}`,
        productId: productId(plan.productKey),
        nickname: plan.nickname,
        currency,
        created: accountStart + 900 + planIndex * 30 + prices.length,
        archivedAt: plan.archivedAfter === undefined ? null : accountStart + plan.archivedAfter,
        type: plan.oneTime ? 'one_time' : 'recurring',
        interval: plan.interval,
        intervalCount: plan.intervalCount,
        usageType: plan.usageType ?? 'licensed',
        billingScheme: plan.tiers ? 'tiered' : 'per_unit',
        unitAmount: plan.tiers ? null : amount,
        tiersMode: plan.tiers?.mode ?? null,
        tiers: plan.tiers ? plan.tiers.tiers.map((tier) => ({ ...tier })) : null,
        transformQuantity: plan.transformQuantity ?? null,
      };
      prices.push(price);
      byPlan.set(`${plan.key}:${currency}`, price);
    }
  });

  const coupons: CatalogCoupon[] = couponDefinitions.map((definition, index) => ({
    ...definition,
    created: accountStart + 1800 + index * 60,
    deletedAt: definition.id === 'SPRING15' ? accountStart + retiredCouponDeletedAfter : null,
  }));
  const pricesById = new Map(prices.map((price) => [price.id, price]));
  const couponsById = new Map(coupons.map((coupon) => [coupon.id, coupon]));

  return {
    catalog: {
      accountId: `acct_${suffix('account').slice(0, 16)}`,
      accountName: 'Northwind Analytics',
      products,
      prices,
      coupons,
    },
    priceFor: (planKey, currency) => byPlan.get(`${planKey}:${currency}`),
    price: (id) => {
      const price = pricesById.get(id);
      if (!price) throw new Error(`unknown price ${id}`);
      return price;
    },
    coupon: (id) => {
      const coupon = couponsById.get(id);
      if (!coupon) throw new Error(`unknown coupon ${id}`);
      return coupon;
    },
  };
}

function stableSuffix(seed: number, key: string): string {
  const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  let text = '';
  for (let round = 0; text.length < 14; round++) {
    let value = hashKey(seed, 'catalog', key, round);
    for (let i = 0; i < 5; i++) {
      text += alphabet[value % 62];
      value = Math.floor(value / 62);
    }
  }
  return text.slice(0, 14);
}
