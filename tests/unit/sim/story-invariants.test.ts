import { beforeAll, describe, expect, it } from 'vitest';
import { type GeneratedAccount, generateAccount } from '../../../src/sim/account/generated-account';
import { secondsPerDay } from '../../../src/sim/model/calendar';
import { buildCatalog } from '../../../src/sim/model/catalog';
import { type AccountShape, customerStory, signupTime } from '../../../src/sim/model/customer-story';
import { createIdCodec } from '../../../src/sim/model/ids';
import { type CatalogPrice, type CustomerStory, type StoryEvent, type SubscriptionStory } from '../../../src/sim/model/types';
import { renderEvent } from '../../../src/sim/render';
import { fixedNow } from '../../support/simulator';

/**
 * What every generated story must be, whatever the seed draws (seed 7, 2,000 customers): in time order, nothing past
 * the horizon, ordinals without gaps, events that point back at their customer — and, over the whole account, every
 * shape of business METRICS.md and the sync must handle, at least once.
 */

const day = secondsPerDay;
const customers = 2000;

let account: GeneratedAccount;
let stories: CustomerStory[];

beforeAll(() => {
  account = generateAccount({ seed: 7, customers, now: fixedNow });
  stories = Array.from({ length: customers }, (_, index) => account.story(index));
});

const isAscending = (times: readonly number[]) => times.every((time, i) => i === 0 || (times[i - 1] ?? 0) <= time);
const ordinalsAreContiguous = (objects: readonly { ordinal: number }[]) => objects.every((object, position) => object.ordinal === position);

/** Every time a story records, with what it is, for the "nothing after the horizon" check. */
function recordedTimes(story: CustomerStory): [string, number][] {
  return [
    ['customer', story.created],
    ...story.versions.map((version): [string, number] => ['customer version', version.at]),
    ...(story.deletedAt === null ? [] : [['deletion', story.deletedAt] as [string, number]]),
    ...story.subscriptions.flatMap((subscription): [string, number][] => [
      [`${subscription.id} created`, subscription.created],
      ...subscription.versions.map((version): [string, number] => [`${subscription.id} version`, version.at]),
    ]),
    ...story.invoices.flatMap((invoice): [string, number][] => [
      [`${invoice.id} created`, invoice.created],
      ...invoice.versions.map((version): [string, number] => [`${invoice.id} version`, version.at]),
    ]),
    ...story.charges.flatMap((charge): [string, number][] => charge.versions.map((version) => [`${charge.id}`, version.at])),
    ...story.refunds.map((refund): [string, number] => [refund.id, refund.created]),
    ...story.events.map((event): [string, number] => [`event ${event.type}`, event.at]),
  ];
}

describe('every story is well formed', () => {
  it('customers sign up in index order, so the customer list needs no sorting', () => {
    expect(isAscending(stories.map((story) => story.created))).toBe(true);
  });

  it('versions and events are in time order', () => {
    const disordered = stories.flatMap((story) => [
      ...(isAscending(story.versions.map((version) => version.at)) ? [] : [`${story.id} versions`]),
      ...(isAscending(story.events.map((event) => event.at)) ? [] : [`${story.id} events`]),
      ...[...story.subscriptions, ...story.invoices, ...story.charges].filter((object) => !isAscending(object.versions.map((version) => version.at))).map((object) => `${object.id} versions`),
    ]);

    expect(disordered).toEqual([]);
  });

  it('nothing is created or changed after the horizon, and every object has a first version', () => {
    const late = stories.flatMap((story) => recordedTimes(story).filter(([, at]) => at > account.shape.horizon).map(([what]) => `${story.id}: ${what}`));
    const versionless = stories.flatMap((story) => [...story.subscriptions, ...story.invoices].filter((object) => object.versions.length === 0).map((object) => object.id));

    expect(late).toEqual([]);
    expect(versionless).toEqual([]);
  });

  it('customers who sign up in the last minutes before the horizon start nothing after it (the end of a 500,000-customer account)', () => {
    const start = fixedNow - Math.round(24 * 30.4375 * day);
    const shape: AccountShape = { seed: 7, customerCount: 500_000, start, now: fixedNow, horizon: fixedNow + 30 * day };
    const context = { shape, catalog: buildCatalog(7, start), ids: createIdCodec(7) };
    const lastCustomers = Array.from({ length: 100 }, (_, i) => shape.customerCount - 100 + i);
    expect(lastCustomers.some((index) => shape.horizon - signupTime(shape, index) < 1800)).toBe(true);

    const late = lastCustomers.flatMap((index) => {
      const story = customerStory(context, index);
      const versionless = [...story.subscriptions, ...story.invoices].filter((object) => object.versions.length === 0).map((object) => `${object.id} has no version`);
      return [...recordedTimes(story).filter(([, at]) => at > shape.horizon).map(([what]) => `${story.id}: ${what}`), ...versionless];
    });

    expect(late).toEqual([]);
  });

  it('money is whole minor units everywhere: line amounts, quantities, invoice totals, charges and refunds', () => {
    const amounts = stories.flatMap((story) => [
      ...story.invoices.flatMap((invoice) => [invoice.subtotal, invoice.discountAmount, invoice.total, ...invoice.lines.flatMap((line) => [line.amount, line.quantity ?? 0])]),
      ...story.charges.flatMap((charge) => [charge.amount, ...charge.versions.map((version) => version.amountRefunded)]),
      ...story.refunds.map((refund) => refund.amount),
    ]);
    expect(amounts.filter((amount) => !Number.isInteger(amount))).toEqual([]);
  });

  it('a charge is always for a positive amount: an invoice with nothing to pay ($0, or a downgrade’s credit) is paid when finalized, without one', () => {
    const wrong = stories.flatMap((story) => [
      ...story.charges.filter((charge) => charge.amount <= 0).map((charge) => `${charge.id} charges ${charge.amount}`),
      ...story.invoices
        .filter((invoice) => invoice.total <= 0 && invoice.versions.length > 0 && invoice.versions.at(-1)?.status !== 'draft')
        .filter((invoice) => story.charges.some((charge) => charge.invoiceOrdinal === invoice.ordinal) || invoice.versions.at(-1)?.status !== 'paid' || invoice.versions.at(-1)?.paidAt !== invoice.versions.find((version) => version.status !== 'draft')?.at)
        .map((invoice) => `${invoice.id} (total ${invoice.total}) is not paid when finalized, without a charge`),
    ]);

    expect(wrong).toEqual([]);
  });

  it('no subscription is ever unpaid: the account’s dunning setting cancels when all retries fail (unpaid is not observable later)', () => {
    const unpaid = stories.flatMap((story) => story.subscriptions.filter((subscription) => subscription.versions.some((version) => version.status === 'unpaid')).map((subscription) => subscription.id));

    expect(unpaid).toEqual([]);
  });

  it('ordinals are contiguous: subscriptions, invoices, lines, charges, refunds and events are numbered 0, 1, 2…', () => {
    const gaps = stories.flatMap((story, index) => [
      ...(story.index === index ? [] : [`${story.id} has index ${story.index} at position ${index}`]),
      ...Object.entries({ subscriptions: story.subscriptions, invoices: story.invoices, charges: story.charges, refunds: story.refunds, events: story.events })
        .filter(([, list]) => !ordinalsAreContiguous(list))
        .map(([kind]) => `${story.id} ${kind}`),
      ...story.invoices.filter((invoice) => !ordinalsAreContiguous(invoice.lines)).map((invoice) => `${invoice.id} lines`),
    ]);

    expect(gaps).toEqual([]);
  });

  it('objects point at objects that exist: invoice lines at a subscription item, refunds at an earlier succeeded charge', () => {
    const dangling = stories.flatMap((story) => [
      ...story.invoices.flatMap((invoice) =>
        invoice.lines
          .filter((line) => !story.subscriptions[line.subscriptionOrdinal]?.versions.some((version) => version.items.some((item) => item.slot === line.itemSlot)))
          .map((line) => `${invoice.id} line ${line.ordinal}`),
      ),
      ...story.refunds
        .filter((refund) => {
          const charge = story.charges[refund.chargeOrdinal];
          return charge?.status !== 'succeeded' || refund.amount > charge.amount || refund.created <= charge.created;
        })
        .map((refund) => refund.id),
    ]);

    expect(dangling).toEqual([]);
  });

  it('a deleted customer had nothing running when deleted and changes no more: no customer or subscription event follows customer.deleted', () => {
    const deleted = stories.filter((story) => story.deletedAt !== null);
    const afterDeletion = deleted.flatMap((story) => [
      ...story.subscriptions.filter((subscription) => (subscription.versions.at(-1)?.endedAt ?? Infinity) > (story.deletedAt ?? 0)).map((subscription) => `${subscription.id} still running`),
      ...story.events.filter((event) => event.at > (story.deletedAt ?? 0) && /^customer\./.test(event.type)).map((event) => `${story.id} ${event.type} after deletion`),
    ]);

    expect(deleted.length).toBeGreaterThan(0);
    expect(afterDeletion).toEqual([]);
  });

  it('an event carries its object as it stood then: the version it names is dated at or before the event, the next one not before', () => {
    const versionsOf = (story: CustomerStory, event: StoryEvent): readonly { at: number }[] => {
      const ref = event.object;
      if (ref.kind === 'customer') return story.versions;
      if (ref.kind === 'subscription') return story.subscriptions[ref.ordinal]?.versions ?? [];
      if (ref.kind === 'invoice') return story.invoices[ref.ordinal]?.versions ?? [];
      if (ref.kind === 'charge') return story.charges[ref.ordinal]?.versions ?? [];
      const refund = story.refunds[ref.ordinal];
      return refund ? [{ at: refund.created }] : [];
    };
    const anachronisms = stories.flatMap((story) =>
      story.events.flatMap((event) => {
        const versions = versionsOf(story, event);
        const named = 'version' in event.object ? event.object.version : 0;
        const isInForce = (versions[named]?.at ?? Infinity) <= event.at && (versions[named + 1]?.at ?? Infinity) >= event.at;
        return isInForce ? [] : [`${story.id} event ${event.ordinal} (${event.type}) names version ${named} of its ${event.object.kind}`];
      }),
    );

    expect(anachronisms).toEqual([]);
  });

  it('every event renders, and its id and its data.object’s id decode back to its customer', () => {
    const strays = stories.flatMap((story) =>
      story.events.flatMap((event) => {
        const rendered = renderEvent(account.renderContext, story, event);
        const objectId = (rendered.data.object as { id: string }).id;
        const eventId = account.ids.decode(rendered.id);
        const isOwn = eventId?.prefix === 'evt' && eventId.customerIndex === story.index && eventId.ordinals[0] === event.ordinal && account.ids.decode(objectId)?.customerIndex === story.index;
        return isOwn ? [] : [`${rendered.id} (${event.type}) carries ${objectId}, not an object of ${story.id}`];
      }),
    );

    expect(strays).toEqual([]);
  });
});

describe('the account holds every shape the metrics and the sync must handle', () => {
  const priceOf = (id: string): CatalogPrice => account.catalog.price(id);
  const allSubscriptions = (): { story: CustomerStory; subscription: SubscriptionStory }[] => stories.flatMap((story) => story.subscriptions.map((subscription) => ({ story, subscription })));
  const itemPrices = (subscription: SubscriptionStory) => subscription.versions.flatMap((version) => version.items.map((item) => ({ item, price: priceOf(item.priceId) })));
  const statusPath = (subscription: SubscriptionStory) => subscription.versions.map((version) => version.status).filter((status, i, all) => i === 0 || all[i - 1] !== status);
  const hasPath = (subscription: SubscriptionStory, path: string[]) => statusPath(subscription).join('>').includes(path.join('>'));
  const isMetered = (subscription: SubscriptionStory) => itemPrices(subscription).every(({ price }) => price.usageType === 'metered');
  const couponsUsed = () => new Set(allSubscriptions().flatMap(({ subscription }) => subscription.versions.flatMap((version) => version.discounts.map((discount) => account.catalog.coupon(discount.couponId)))));
  const itemChanges = (subscription: SubscriptionStory) =>
    subscription.versions.flatMap((version, i) => {
      const before = subscription.versions[i - 1];
      if (!before || JSON.stringify(before.items) === JSON.stringify(version.items)) return [];
      const amount = (items: typeof version.items) => items.reduce((sum, item) => sum + (priceOf(item.priceId).unitAmount ?? 0) * (item.quantity ?? 0), 0);
      return [{ at: version.at, isUpgrade: amount(version.items) > amount(before.items) }];
    });

  const shapes: [string, () => boolean][] = [
    ['monthly prices in use', () => allSubscriptions().some(({ subscription }) => itemPrices(subscription).some(({ price }) => price.interval === 'month' && price.intervalCount === 1))],
    ['yearly prices in use', () => allSubscriptions().some(({ subscription }) => itemPrices(subscription).some(({ price }) => price.interval === 'year' && price.intervalCount === 1))],
    ['weekly prices in use', () => allSubscriptions().some(({ subscription }) => itemPrices(subscription).some(({ price }) => price.interval === 'week'))],
    ['multi-interval prices (interval_count > 1) in use', () => allSubscriptions().some(({ subscription }) => itemPrices(subscription).some(({ price }) => price.intervalCount > 1))],
    ['seat quantities > 1', () => allSubscriptions().some(({ subscription }) => itemPrices(subscription).some(({ item, price }) => price.usageType === 'licensed' && (item.quantity ?? 0) > 1))],
    ['graduated tiered items', () => allSubscriptions().some(({ subscription }) => itemPrices(subscription).some(({ price }) => price.tiersMode === 'graduated'))],
    ['volume tiered items', () => allSubscriptions().some(({ subscription }) => itemPrices(subscription).some(({ price }) => price.tiersMode === 'volume'))],
    ['transform_quantity items', () => allSubscriptions().some(({ subscription }) => itemPrices(subscription).some(({ price }) => price.transformQuantity !== null))],
    ['metered items', () => allSubscriptions().some(({ subscription }) => itemPrices(subscription).some(({ price }) => price.usageType === 'metered'))],
    ...(['usd', 'eur', 'gbp', 'jpy'] as const).map((currency): [string, () => boolean] => [`${currency} customers`, () => stories.some((story) => story.currency === currency && story.subscriptions.length > 0)]),
    ['trials that convert', () => allSubscriptions().some(({ subscription }) => subscription.trialEnd !== null && hasPath(subscription, ['trialing', 'active']))],
    ['trials that lapse', () => allSubscriptions().some(({ subscription }) => subscription.trialEnd !== null && hasPath(subscription, ['trialing', 'canceled']))],
    [
      'upgrades with proration lines (credit for unused time, charge for the rest)',
      () =>
        allSubscriptions().some(({ story, subscription }) =>
          itemChanges(subscription).some(
            (change) =>
              change.isUpgrade &&
              story.invoices.some(
                (invoice) => invoice.subscriptionOrdinal === subscription.ordinal && invoice.created === change.at && invoice.lines.some((line) => line.proration && line.amount < 0) && invoice.lines.some((line) => line.proration && line.amount > 0),
              ),
          ),
        ),
    ],
    ['downgrades (fewer seats)', () => allSubscriptions().some(({ subscription }) => itemChanges(subscription).some((change) => !change.isUpgrade))],
    [
      'downgrades prorated and invoiced at once: a credit (total < 0) on a subscription_update invoice, paid without a charge',
      () =>
        allSubscriptions().some(({ story, subscription }) =>
          itemChanges(subscription).some(
            (change) =>
              !change.isUpgrade &&
              story.invoices.some(
                (invoice) =>
                  invoice.subscriptionOrdinal === subscription.ordinal &&
                  invoice.billingReason === 'subscription_update' &&
                  invoice.created === change.at &&
                  invoice.total < 0 &&
                  invoice.versions.at(-1)?.status === 'paid' &&
                  invoice.lines.every((line) => line.proration && line.periodStart === change.at) &&
                  !story.charges.some((charge) => charge.invoiceOrdinal === invoice.ordinal),
              ),
          ),
        ),
    ],
    ['cancellations at period end', () => allSubscriptions().some(({ subscription }) => subscription.versions.some((version) => version.cancelAtPeriodEnd) && hasPath(subscription, ['active', 'canceled']))],
    [
      'immediate cancellations of a paying subscription',
      () =>
        allSubscriptions().some(({ subscription }) => {
          const last = subscription.versions.at(-1);
          const before = subscription.versions.at(-2);
          return last?.status === 'canceled' && last.canceledAt === last.endedAt && before?.status === 'active' && !before.cancelAtPeriodEnd;
        }),
    ],
    [
      'a reactivated customer (a new main subscription after a canceled one)',
      () =>
        stories.some((story) => {
          const mains = story.subscriptions.filter((subscription) => !isMetered(subscription));
          return mains.some((later) => mains.some((earlier) => earlier.versions.at(-1)?.status === 'canceled' && (earlier.versions.at(-1)?.endedAt ?? Infinity) < later.created));
        }),
    ],
    ['customers with several subscriptions at once', () => stories.some((story) => story.subscriptions.some((a) => story.subscriptions.some((b) => a !== b && a.created < b.created && (a.versions.at(-1)?.endedAt ?? Infinity) > b.created)))],
    ['forever coupons', () => [...couponsUsed()].some((coupon) => coupon.duration === 'forever')],
    [
      'a forever coupon taken away at a renewal, before its invoice is made (which goes without it)',
      () =>
        allSubscriptions().some(({ story, subscription }) =>
          subscription.versions.some((version, i) => {
            const before = subscription.versions[i - 1];
            const removed = before?.discounts.find((discount) => account.catalog.coupon(discount.couponId).duration === 'forever' && !version.discounts.includes(discount));
            const renewal = story.invoices.find((invoice) => invoice.subscriptionOrdinal === subscription.ordinal && invoice.billingReason === 'subscription_cycle' && invoice.created === version.at);
            return removed !== undefined && removed.end === version.at && renewal !== undefined && !renewal.discountOrdinals.includes(removed.ordinal);
          }),
        ),
    ],
    ['once coupons', () => [...couponsUsed()].some((coupon) => coupon.duration === 'once')],
    ['repeating coupons', () => [...couponsUsed()].some((coupon) => coupon.duration === 'repeating')],
    ['percent-off coupons', () => [...couponsUsed()].some((coupon) => coupon.percentOff !== null)],
    ['amount-off coupons', () => [...couponsUsed()].some((coupon) => coupon.amountOff !== null)],
    ['past_due that recovers to active', () => allSubscriptions().some(({ subscription }) => hasPath(subscription, ['past_due', 'active']))],
    [
      'past_due → canceled when all retries fail, 20 days after the failure',
      () =>
        allSubscriptions().some(({ story, subscription }) => {
          const last = subscription.versions.at(-1);
          const failed = story.charges.find((charge) => charge.status === 'failed' && last !== undefined && charge.created === last.at - 20 * day);
          return hasPath(subscription, ['past_due', 'canceled']) && last?.canceledAt === last?.endedAt && failed !== undefined;
        }),
    ],
    ['failed charges', () => stories.some((story) => story.charges.some((charge) => charge.status === 'failed'))],
    ['succeeded charges', () => stories.some((story) => story.charges.some((charge) => charge.status === 'succeeded'))],
    ['full refunds', () => stories.some((story) => story.refunds.some((refund) => refund.amount === story.charges[refund.chargeOrdinal]?.amount))],
    ['partial refunds', () => stories.some((story) => story.refunds.some((refund) => refund.amount < (story.charges[refund.chargeOrdinal]?.amount ?? 0)))],
    ['deleted customers', () => stories.some((story) => story.deletedAt !== null && story.deletedAt <= fixedNow)],
    ['a subscription with more than 10 items', () => allSubscriptions().some(({ subscription }) => subscription.versions.some((version) => version.items.length > 10))],
    ['an invoice with more than 10 lines', () => stories.some((story) => story.invoices.some((invoice) => invoice.lines.length > 10))],
  ];

  it.each(shapes)('%s', (_, isPresent) => {
    expect(isPresent()).toBe(true);
  });
});
