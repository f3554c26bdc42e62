import path from 'node:path';
import type Database from 'better-sqlite3';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/core/db/connection';
import { insertAccount } from '../../../src/core/db/repositories/accounts';
import { countStripeObjects, upsertStripeObjects } from '../../../src/core/db/repositories/stripe-objects';
import {
  chargesTable,
  couponsTable,
  customersTable,
  invoiceLinesTable,
  invoicesTable,
  pricesTable,
  productsTable,
  refundsTable,
  stripeTables,
  subscriptionItemsTable,
  subscriptionsTable,
  type PriceTier,
  type StripeTableName,
} from '../../../src/core/db/tables';
import {
  chargeRow,
  couponRow,
  customerRow,
  idOf,
  invoiceLineRow,
  invoiceRow,
  isMirroredObject,
  priceRow,
  productRow,
  refundRow,
  rowsForStripeObject,
  subscriptionItemRow,
  subscriptionRow,
  discountRef,
  type MirroredObject,
  type TableRows,
} from '../../../src/core/stripe/rows';
import { generateAccount, type GeneratedAccount } from '../../../src/sim/account/generated-account';
import { truthObjectTypes, truthResources, visitObjectsAt, type TruthResource } from '../../../src/sim/account/ground-truth';
import { hasTwelveAddOns } from '../../../src/sim/model/customer-story';
import {
  customerAt,
  renderCharge,
  renderCoupon,
  renderCustomer,
  renderInvoice,
  renderInvoiceLines,
  renderPrice,
  renderProduct,
  renderRefund,
  renderSubscription,
  renderSubscriptionItems,
} from '../../../src/sim/render';
import {
  cancelRequestedAt,
  deletedAt,
  paidAt,
  periodEnd,
  refundedAt,
  sampleCatalog,
  sampleContext,
  sampleCustomer,
  trialEnd,
  trialStart,
  welcomeDiscountEnd,
} from '../../support/sample-story';
import { settlementRate } from '../../../src/sim/model/exchange-rates';
import { balanceTransactionId, renderBalanceTransaction } from '../../../src/sim/render/balance-transaction';
import { makeTempDir } from '../../support/temp-dir';

const accountId = 'acc_test';

function openTestDatabase(dir: string): Database.Database {
  const db = openDatabase(path.join(dir, 'recur.db'));
  insertAccount(db, {
    id: accountId,
    displayName: 'Rows test',
    source: 'stripe',
    stripeAccountId: null,
    keyMode: 'test',
    keyKind: 'restricted',
    keyLast4: '4242',
    createdAt: '2026-11-27T00:00:00.000Z',
  });
  return db;
}

/** Each entry pairs a table with rows of its own type; a generic over the table name keeps that pairing without a cast. */
function writeEntry<Name extends StripeTableName>(db: Database.Database, entry: TableRows<Name>): number {
  return upsertStripeObjects(db, entry.table, entry.rows).written;
}

function write(db: Database.Database, entries: readonly TableRows[]): number {
  return entries.reduce((written, entry) => written + writeEntry(db, entry), 0);
}

type ObjectType = MirroredObject['object'];
/** The object of one type, not its deleted stub. */
type Live<K extends ObjectType> = Extract<MirroredObject, { object: K; deleted?: void }>;

function isLive<K extends ObjectType>(object: MirroredObject, type: K): object is Live<K> {
  return object.object === type && !('deleted' in object && object.deleted === true);
}

/**
 * The simulator renders objects with its own `Wire` types (decimals as the strings on the wire); through the guard
 * they get the SDK types the mappers take — exactly what happens to an event's `data.object`.
 */
function received<K extends ObjectType>(type: K, object: unknown): Live<K> {
  if (!isMirroredObject(object) || !isLive(object, type)) throw new Error(`expected a live ${type}`);
  return object;
}

function only<T>(items: readonly T[], what: string): T {
  const [item] = items;
  if (item === undefined || items.length !== 1) throw new Error(`expected one ${what}, found ${items.length}`);
  return item;
}

function first<T>(items: readonly T[], what: string): T {
  const [item] = items;
  if (item === undefined) throw new Error(`expected at least one ${what}`);
  return item;
}

describe('the generated account (seed 7, 120 customers, at 2026-11-27) mapped object by object into SQLite', () => {
  const now = Date.UTC(2026, 10, 27) / 1000;
  const objectTypeOf: Record<TruthResource, ObjectType> = truthObjectTypes;

  let account: GeneratedAccount;
  let temp: { dir: string; remove(): void };
  let db: Database.Database;
  const truth = new Map<TruthResource, MirroredObject[]>(truthResources.map((resource) => [resource, []]));
  const written = new Map<StripeTableName, number>();

  const truthOf = (resource: TruthResource): MirroredObject[] => truth.get(resource) ?? [];
  function liveTruthOf<K extends ObjectType>(resource: TruthResource, type: K): Live<K>[] {
    return truthOf(resource).filter((object): object is Live<K> => isLive(object, type));
  }

  /** Every truth object through the mapper of its type, the way the full sync will call them. */
  function rowsOfTruthObject(object: MirroredObject): TableRows {
    switch (object.object) {
      case 'product':
        return { table: productsTable, rows: [productRow(accountId, object, now)] };
      case 'price':
        return { table: pricesTable, rows: [priceRow(accountId, object, now)] };
      case 'coupon':
        return { table: couponsTable, rows: [couponRow(accountId, object, now)] };
      case 'customer':
        return { table: customersTable, rows: [customerRow(accountId, object, now)] };
      case 'subscription':
        return { table: subscriptionsTable, rows: [subscriptionRow(accountId, object, now)] };
      case 'subscription_item':
        return { table: subscriptionItemsTable, rows: [subscriptionItemRow(accountId, object, object.subscription, now)] };
      case 'invoice':
        return { table: invoicesTable, rows: [invoiceRow(accountId, object, now)] };
      case 'line_item': {
        if (object.invoice === null) throw new Error(`line ${object.id} has no invoice`);
        return { table: invoiceLinesTable, rows: [invoiceLineRow(accountId, object, object.invoice, now)] };
      }
      case 'charge':
        return { table: chargesTable, rows: [chargeRow(accountId, object, now)] };
      case 'refund':
        return { table: refundsTable, rows: [refundRow(accountId, object, now)] };
    }
  }

  beforeAll(() => {
    account = generateAccount({ seed: 7, customers: 120, now });
    temp = makeTempDir('recur-stripe-rows-');
    db = openTestDatabase(temp.dir);
    const entries: TableRows[] = [];
    visitObjectsAt(account, now, (resource, object) => {
      if (!isMirroredObject(object) || object.object !== objectTypeOf[resource]) throw new Error(`${resource}: unexpected object ${JSON.stringify(object).slice(0, 80)}`);
      truth.get(resource)?.push(object);
      entries.push(rowsOfTruthObject(object));
    });
    db.transaction(() => {
      for (const entry of entries) written.set(entry.table.name, (written.get(entry.table.name) ?? 0) + write(db, [entry]));
    })();
  });

  afterAll(() => {
    db.close();
    temp.remove();
  });

  const rowOf = <Row>(table: StripeTableName, id: string): Row => {
    const row = db.prepare<[string, string], Row>(`SELECT * FROM "${table}" WHERE account_id = ? AND id = ?`).get(accountId, id);
    if (row === undefined) throw new Error(`no ${table} row ${id}`);
    return row;
  };

  it('writes every object without a constraint error, and each table holds exactly the truth’s objects', () => {
    for (const resource of truthResources) {
      const expected = truth.get(resource)?.length ?? 0;
      expect.soft(expected, resource).toBeGreaterThan(0);
      expect.soft(written.get(resource), resource).toBe(expected);
      expect.soft(countStripeObjects(db, only(stripeTables.filter((table) => table.name === resource), resource), accountId), resource).toBe(expected);
    }
  });

  it('keeps in raw exactly the JSON Stripe sent, for every object', () => {
    for (const resource of truthResources) {
      const stored = new Map(db.prepare<[string], { id: string; raw: string }>(`SELECT id, raw FROM "${resource}" WHERE account_id = ?`).all(accountId).map((row) => [row.id, row.raw]));
      const mismatched = (truth.get(resource) ?? []).filter((object) => stored.get(object.id) !== JSON.stringify(object)).map((object) => object.id);
      expect.soft(mismatched, resource).toEqual([]);
    }
  });

  it('stores every amount as the integer minor units in the JSON', () => {
    const mismatches = (table: StripeTableName, columnsAndPaths: Record<string, string>): number => {
      const differs = Object.entries(columnsAndPaths).map(([column, jsonPath]) => `"${column}" IS NOT json_extract(raw, '${jsonPath}')`);
      return db.prepare<[string], number>(`SELECT count(*) FROM "${table}" WHERE account_id = ? AND (${differs.join(' OR ')})`).pluck().get(accountId) ?? -1;
    };
    expect(mismatches('charges', { amount: '$.amount', amount_refunded: '$.amount_refunded' })).toBe(0);
    expect(mismatches('refunds', { amount: '$.amount' })).toBe(0);
    expect(mismatches('invoices', { total: '$.total', subtotal: '$.subtotal', amount_paid: '$.amount_paid', amount_due: '$.amount_due' })).toBe(0);
    expect(mismatches('invoice_lines', { amount: '$.amount', quantity: '$.quantity' })).toBe(0);
    expect(mismatches('prices', { unit_amount: '$.unit_amount' })).toBe(0);
    expect(mismatches('coupons', { amount_off: '$.amount_off', percent_off: '$.percent_off' })).toBe(0);
    const paidInvoices = db.prepare<[string], number>("SELECT count(*) FROM invoices WHERE account_id = ? AND status = 'paid' AND amount_paid > 0").pluck().get(accountId);
    expect(paidInvoices).toBeGreaterThan(0);
  });

  /** Customer 3 runs Growth with all twelve add-ons: the one subscription of theirs with more than 10 items. */
  const twelveAddOnSubscription = (): { subscription_id: string; items: number } => {
    const counts = db
      .prepare<[string, string, string], { subscription_id: string; items: number }>(
        'SELECT subscription_id, count(*) AS items FROM subscription_items WHERE account_id = ? AND subscription_id IN ' +
          '(SELECT id FROM subscriptions WHERE account_id = ? AND customer = ?) GROUP BY subscription_id',
      )
      .all(accountId, accountId, account.ids.customerScoped('cus', 3));
    return only(counts.filter((count) => count.items > 10), 'subscription with more than 10 items');
  };

  it('customer 3’s twelve-add-on subscription has 13 item rows, though its raw embeds only 10 with has_more', () => {
    expect(hasTwelveAddOns(3)).toBe(true);
    const twelveAddOns = twelveAddOnSubscription();
    expect(twelveAddOns.items).toBe(13);

    const raw: unknown = JSON.parse(rowOf<{ raw: string }>('subscriptions', twelveAddOns.subscription_id).raw);
    expect(raw).toMatchObject({ items: { has_more: true, total_count: 13 } });
    expect(raw).toHaveProperty('items.data.length', 10);
  });

  it('its invoices have 13 line rows each (10 embedded in raw, with has_more); only proration invoices have fewer', () => {
    const invoices = db
      .prepare<[string, string, string], { id: string; billing_reason: string; lines: number; raw: string }>(
        'SELECT i.id, i.billing_reason, i.raw, (SELECT count(*) FROM invoice_lines l WHERE l.account_id = ? AND l.invoice_id = i.id) AS lines ' +
          'FROM invoices i WHERE i.account_id = ? AND i.subscription = ?',
      )
      .all(accountId, accountId, twelveAddOnSubscription().subscription_id);
    const fullPeriod = invoices.filter((invoice) => invoice.billing_reason !== 'subscription_update');
    expect(fullPeriod.length).toBeGreaterThan(0);
    for (const invoice of fullPeriod) {
      expect.soft(invoice.lines, invoice.id).toBe(13);
      expect.soft(JSON.parse(invoice.raw), invoice.id).toMatchObject({ lines: { has_more: true, total_count: 13 } });
    }
    expect(invoices.filter((invoice) => invoice.lines !== 13).map((invoice) => invoice.billing_reason)).toEqual(
      invoices.filter((invoice) => invoice.lines !== 13).map(() => 'subscription_update'),
    );
  });

  it('a deleted customer is a tombstone: deleted flag, null columns, the stub as raw', () => {
    const stub = first(truthOf('customers').filter((customer) => customer.object === 'customer' && customer.deleted === true), 'deleted customer');
    expect(rowOf('customers', stub.id)).toEqual({
      account_id: accountId,
      id: stub.id,
      raw: JSON.stringify({ id: stub.id, object: 'customer', deleted: true }),
      source_ts: now,
      livemode: null,
      created: null,
      email: null,
      name: null,
      currency: null,
      metadata: null,
      discounts: '[]',
      deleted: 1,
    });
  });

  it('a metered item has a null quantity (the key is absent from its JSON), a licensed one its quantity', () => {
    const items = liveTruthOf('subscription_items', 'subscription_item');
    const metered = first(items.filter((item) => item.price.recurring?.usage_type === 'metered'), 'metered item');
    expect('quantity' in metered).toBe(false);
    expect(rowOf<{ quantity: number | null; price_id: string }>('subscription_items', metered.id)).toMatchObject({ quantity: null, price_id: metered.price.id });

    const licensed = first(items.filter((item) => item.price.recurring?.usage_type === 'licensed' && item.quantity !== undefined), 'licensed item');
    expect(rowOf<{ quantity: number | null }>('subscription_items', licensed.id).quantity).toBe(licensed.quantity);
  });

  it('a tiered price keeps its tiers, a flat amount Stripe sends as null stored as 0', () => {
    const tiered = first(
      liveTruthOf('prices', 'price').filter((price) => price.tiers?.some((tier) => tier.flat_amount === null)),
      'tiered price with a tier without a flat fee',
    );
    const row = rowOf<{ billing_scheme: string; unit_amount: number | null; tiers: string }>('prices', tiered.id);
    expect(row.billing_scheme).toBe('tiered');
    expect(row.unit_amount).toBeNull();
    const tiers: PriceTier[] = JSON.parse(row.tiers);
    expect(tiers.map((tier) => tier.flat_amount)).toEqual(tiered.tiers?.map((tier) => tier.flat_amount ?? 0));
    expect(tiers.map((tier) => tier.unit_amount)).toEqual(tiered.tiers?.map((tier) => tier.unit_amount));
    expect(tiers.map((tier) => tier.up_to)).toEqual(tiered.tiers?.map((tier) => tier.up_to));
    expect(tiers.every((tier) => tier.flat_amount !== null)).toBe(true);
  });

  it('every invoice’s subscription column is its parent.subscription_details.subscription', () => {
    const invoices = liveTruthOf('invoices', 'invoice');
    expect(invoices.filter((invoice) => invoice.parent?.subscription_details).length).toBeGreaterThan(0);
    for (const invoice of invoices) {
      const expected = idOf(invoice.parent?.subscription_details?.subscription) ?? null;
      expect.soft(rowOf<{ subscription: string | null }>('invoices', invoice.id).subscription, invoice.id).toBe(expected);
    }
  });

  it('every line names its invoice, price, subscription item and service period', () => {
    const unmatched = db
      .prepare<[string], number>(
        'SELECT count(*) FROM invoice_lines WHERE account_id = ? AND (' +
          "invoice_id IS NOT json_extract(raw, '$.invoice') OR price_id IS NOT json_extract(raw, '$.pricing.price_details.price') OR " +
          "subscription_item IS NOT json_extract(raw, '$.parent.subscription_item_details.subscription_item') OR " +
          "subscription IS NOT json_extract(raw, '$.subscription') OR proration IS NOT json_extract(raw, '$.parent.subscription_item_details.proration') OR " +
          "period_start IS NOT json_extract(raw, '$.period.start') OR period_end IS NOT json_extract(raw, '$.period.end') OR type IS NOT 'subscription')",
      )
      .pluck()
      .get(accountId);
    expect(unmatched).toBe(0);
    const orphans = db.prepare<[string, string], number>('SELECT count(*) FROM invoice_lines l WHERE account_id = ? AND NOT EXISTS (SELECT 1 FROM invoices i WHERE i.account_id = ? AND i.id = l.invoice_id)').pluck().get(accountId, accountId);
    expect(orphans).toBe(0);
  });

  it('every refund references its charge, which is in the charges table', () => {
    const refunds = liveTruthOf('refunds', 'refund');
    expect(refunds.length).toBeGreaterThan(0);
    for (const refund of refunds) {
      const row = rowOf<{ charge: string | null; payment_intent: string | null }>('refunds', refund.id);
      expect.soft(row.charge, refund.id).toBe(idOf(refund.charge));
      expect.soft(row.payment_intent, refund.id).toBe(idOf(refund.payment_intent));
    }
    const orphans = db.prepare<[string, string], number>('SELECT count(*) FROM refunds r WHERE account_id = ? AND NOT EXISTS (SELECT 1 FROM charges c WHERE c.account_id = ? AND c.id = r.charge)').pluck().get(accountId, accountId);
    expect(orphans).toBe(0);
  });

  it('subscriptions take their current period from their items (this API version has none on the subscription)', () => {
    for (const subscription of liveTruthOf('subscriptions', 'subscription').slice(0, 50)) {
      const [item] = subscription.items.data;
      const row = rowOf<{ current_period_start: number | null; current_period_end: number | null; customer: string }>('subscriptions', subscription.id);
      expect.soft(row.customer).toBe(idOf(subscription.customer));
      expect.soft([row.current_period_start, row.current_period_end], subscription.id).toEqual([item?.current_period_start ?? null, item?.current_period_end ?? null]);
    }
  });

  it('discounts arrive as bare ids: each is kept with its id and an unresolved coupon', () => {
    const discounted = first(liveTruthOf('subscriptions', 'subscription').filter((subscription) => subscription.discounts.length > 0), 'subscription with a discount');
    const stored: unknown = JSON.parse(rowOf<{ discounts: string }>('subscriptions', discounted.id).discounts);
    expect(stored).toEqual(discounted.discounts.map((discount) => ({ id: idOf(discount), coupon: null, start: null, end: null })));
  });
});

describe('mapping hand-made objects (the sample story)', () => {
  const ctx = sampleContext();
  const [subscriptionStory] = sampleCustomer.subscriptions;
  const [invoiceStory] = sampleCustomer.invoices;
  const paidCharge = sampleCustomer.charges[1];
  const [refundStory] = sampleCustomer.refunds;
  if (!subscriptionStory || !invoiceStory || !paidCharge || !refundStory) throw new Error('the sample story changed');
  const ts = 1_750_000_000;

  const customer = received('customer', renderCustomer(ctx, sampleCustomer, 1, paidAt));
  const activeSubscription = received('subscription', renderSubscription(ctx, sampleCustomer, subscriptionStory, 1, trialEnd));
  const paidInvoice = received('invoice', renderInvoice(ctx, sampleCustomer, invoiceStory, 2));
  const lines = renderInvoiceLines(ctx, sampleCustomer, invoiceStory).map((line) => received('line_item', line));
  const items = renderSubscriptionItems(ctx, sampleCustomer, subscriptionStory, 1, trialEnd).map((item) => received('subscription_item', item));
  const charge = received('charge', renderCharge(ctx, sampleCustomer, paidCharge, 1));
  const refund = received('refund', renderRefund(ctx, sampleCustomer, refundStory));
  /** As the simulator renders it, decimals as the strings on the wire. */
  const wirePriceOf = (id: string) => {
    const price = sampleCatalog.prices.find((candidate) => candidate.id === id);
    if (!price) throw new Error(`no sample price ${id}`);
    return renderPrice(ctx, price, trialEnd);
  };
  const priceOf = (id: string) => received('price', wirePriceOf(id));
  const couponOf = (id: string) => {
    const coupon = sampleCatalog.coupons.find((candidate) => candidate.id === id);
    if (!coupon) throw new Error(`no sample coupon ${id}`);
    return received('coupon', renderCoupon(ctx, coupon, trialStart));
  };
  const firstLine = first(lines, 'line');

  const withoutRaw = <Row extends { raw: string }>(row: Row): Omit<Row, 'raw'> => {
    const { raw: _raw, ...rest } = row;
    return rest;
  };

  describe('expandable references store the id whether Stripe sent the id or the expanded object', () => {
    it('subscription.customer: id, expanded Customer, or a deleted customer’s stub', () => {
      const byId = subscriptionRow(accountId, activeSubscription, ts);
      const expanded = subscriptionRow(accountId, { ...activeSubscription, customer }, ts);
      const deletedStub = subscriptionRow(accountId, { ...activeSubscription, customer: { id: sampleCustomer.id, object: 'customer', deleted: true } }, ts);
      expect(byId.customer).toBe(sampleCustomer.id);
      expect(withoutRaw(expanded)).toEqual(withoutRaw(byId));
      expect(withoutRaw(deletedStub)).toEqual(withoutRaw(byId));
      expect(JSON.parse(expanded.raw)).toHaveProperty('customer.email', 'ada@analytical.example');
    });

    it('invoice.customer and parent.subscription_details.subscription, expanded', () => {
      const byId = invoiceRow(accountId, paidInvoice, ts);
      const parent = paidInvoice.parent;
      if (!parent?.subscription_details) throw new Error('the sample invoice has no subscription');
      const expanded = invoiceRow(
        accountId,
        { ...paidInvoice, customer, parent: { ...parent, subscription_details: { ...parent.subscription_details, subscription: activeSubscription } } },
        ts,
      );
      expect([byId.customer, byId.subscription]).toEqual([sampleCustomer.id, subscriptionStory.id]);
      expect(withoutRaw(expanded)).toEqual(withoutRaw(byId));
    });

    it('line.pricing.price_details.price and line.subscription, expanded', () => {
      const pricing = firstLine.pricing;
      if (!pricing?.price_details) throw new Error('the sample line has no price');
      const byId = invoiceLineRow(accountId, firstLine, paidInvoice.id, ts);
      const expanded = invoiceLineRow(
        accountId,
        { ...firstLine, subscription: activeSubscription, pricing: { ...pricing, price_details: { ...pricing.price_details, price: priceOf('price_SampleTeamMonthly') } } },
        paidInvoice.id,
        ts,
      );
      expect([byId.priceId, byId.subscription]).toEqual(['price_SampleTeamMonthly', subscriptionStory.id]);
      expect(withoutRaw(expanded)).toEqual(withoutRaw(byId));
    });

    it('charge.customer / payment_intent and refund.charge, expanded', () => {
      const chargeById = chargeRow(accountId, charge, ts);
      expect(withoutRaw(chargeRow(accountId, { ...charge, customer }, ts))).toEqual(withoutRaw(chargeById));
      expect(chargeById).toMatchObject({ customer: sampleCustomer.id, amountRefunded: 5000, paid: true, refunded: false, invoice: null });

      const refundById = refundRow(accountId, refund, ts);
      expect(withoutRaw(refundRow(accountId, { ...refund, charge }, ts))).toEqual(withoutRaw(refundById));
      expect(refundById).toMatchObject({ charge: paidCharge.id, amount: 5000, livemode: null, created: refundedAt });
    });

    it('charge.balance_transaction, expanded: the exchange rate and settlement currency in columns, the id in raw', () => {
      // The sample charge made in eur instead, so that it is converted into the simulated account's usd.
      const wire = { ...renderCharge(ctx, sampleCustomer, paidCharge, 1), currency: 'eur' };
      const balance = renderBalanceTransaction(wire, ts);
      const rate = settlementRate('eur', wire.created);
      expect(balance).toMatchObject({ id: balanceTransactionId(paidCharge.id), currency: 'usd', exchange_rate: rate, source: paidCharge.id, net: balance.amount - balance.fee });
      expect(Math.abs(balance.amount - wire.amount * (rate ?? 0))).toBeLessThanOrEqual(0.5);

      const expanded = chargeRow(accountId, received('charge', { ...wire, balance_transaction: balance }), ts);
      expect(expanded).toMatchObject({ exchangeRate: rate, settlementCurrency: 'usd' });
      const byId = chargeRow(accountId, received('charge', wire), ts);
      expect(byId).toMatchObject({ exchangeRate: null, settlementCurrency: null });
      // The same JSON whichever way the charge arrived (an event sends the id).
      expect(expanded.raw).toBe(byId.raw);
      expect(JSON.parse(byId.raw)).toMatchObject({ balance_transaction: balanceTransactionId(paidCharge.id) });
    });

    it('price.product: id, expanded Product, or a deleted product’s stub', () => {
      const price = priceOf('price_SampleTeamMonthly');
      const product = sampleCatalog.products[0];
      if (!product) throw new Error('no sample product');
      const byId = priceRow(accountId, price, ts);
      expect(byId.product).toBe('prod_SampleTeam');
      expect(withoutRaw(priceRow(accountId, { ...price, product: received('product', renderProduct(ctx, product, trialEnd)) }, ts))).toEqual(withoutRaw(byId));
      expect(withoutRaw(priceRow(accountId, { ...price, product: { id: 'prod_SampleTeam', object: 'product', deleted: true } }, ts))).toEqual(withoutRaw(byId));
    });

    it('idOf takes an id, an object with an id, or nothing', () => {
      expect([idOf('cus_1'), idOf({ id: 'cus_2' }), idOf(null), idOf(undefined)]).toEqual(['cus_1', 'cus_2', null, null]);
    });
  });

  describe('deleted objects become tombstones', () => {
    it('a deleted customer’s stub (what a retrieve returns), upserted over the live row with a newer source', () => {
      const stub = customerAt(ctx, sampleCustomer, deletedAt);
      if (stub?.deleted !== true) throw new Error('the sample customer is not deleted');
      const temp = makeTempDir('recur-stripe-rows-');
      const db = openTestDatabase(temp.dir);
      try {
        write(db, rowsForStripeObject(accountId, customer, paidAt));
        write(db, rowsForStripeObject(accountId, stub, deletedAt));
        const row = db.prepare<[string], { deleted: number; email: string | null; raw: string }>('SELECT deleted, email, raw FROM customers WHERE id = ?').get(stub.id);
        expect(row).toEqual({ deleted: 1, email: null, raw: JSON.stringify(stub) });
      } finally {
        db.close();
        temp.remove();
      }
    });

    it('a customer.deleted event carries the customer before deletion: with { deleted: true } its columns are kept', () => {
      const row = customerRow(accountId, customer, deletedAt, { deleted: true });
      expect(row).toMatchObject({ deleted: true, email: 'ada@analytical.example', name: 'Ada Lovelace', metadata: { plan: 'team', signup_source: 'website' } });
      expect(customerRow(accountId, customer, paidAt).deleted).toBe(false);
    });

    it('deleted coupon, invoice, product and price stubs: flag set, every typed column null', () => {
      const coupon = couponRow(accountId, { id: 'WELCOME10', object: 'coupon', deleted: true }, ts);
      expect(coupon).toEqual({
        accountId,
        id: 'WELCOME10',
        raw: '{"id":"WELCOME10","object":"coupon","deleted":true}',
        sourceTs: ts,
        livemode: null,
        created: null,
        name: null,
        percentOff: null,
        amountOff: null,
        currency: null,
        duration: null,
        durationInMonths: null,
        valid: null,
        deleted: true,
      });
      expect(invoiceRow(accountId, { id: 'in_draft', object: 'invoice', deleted: true }, ts)).toMatchObject({ deleted: true, customer: null, total: null, discounts: [] });
      expect(productRow(accountId, { id: 'prod_gone', object: 'product', deleted: true }, ts)).toMatchObject({ deleted: true, name: null, active: null });
      expect(priceRow(accountId, { id: 'price_gone', object: 'price', deleted: true }, ts)).toMatchObject({ deleted: true, product: null, tiers: null });
    });

    it('a coupon.deleted event’s snapshot with { deleted: true } keeps the coupon’s terms', () => {
      expect(couponRow(accountId, couponOf('WELCOME10'), ts, { deleted: true })).toMatchObject({ deleted: true, amountOff: 1000, currency: 'usd', duration: 'once', valid: true });
    });

    it('every tombstone writes to a real database without a constraint error', () => {
      const temp = makeTempDir('recur-stripe-rows-');
      const db = openTestDatabase(temp.dir);
      try {
        const stubs = [
          { id: 'cus_gone', object: 'customer', deleted: true },
          { id: 'prod_gone', object: 'product', deleted: true },
          { id: 'price_gone', object: 'price', deleted: true },
          { id: 'COUPON_GONE', object: 'coupon', deleted: true },
          { id: 'in_gone', object: 'invoice', deleted: true },
        ] as const;
        expect(write(db, stubs.flatMap((stub) => rowsForStripeObject(accountId, stub, ts)))).toBe(5);
      } finally {
        db.close();
        temp.remove();
      }
    });
  });

  describe('discounts', () => {
    const discount = (overrides: Partial<Stripe.Discount> = {}): Stripe.Discount => ({
      id: 'di_sample',
      object: 'discount',
      checkout_session: null,
      customer: sampleCustomer.id,
      customer_account: null,
      end: welcomeDiscountEnd,
      invoice: null,
      invoice_item: null,
      promotion_code: null,
      source: { coupon: 'WELCOME10', type: 'coupon' },
      start: trialStart,
      subscription: subscriptionStory.id,
      subscription_item: null,
      ...overrides,
    });

    it('an id alone keeps the id; the coupon stays unresolved until the sync expands discounts', () => {
      expect(subscriptionRow(accountId, activeSubscription, ts).discounts).toEqual(
        activeSubscription.discounts.map((id) => ({ id, coupon: null, start: null, end: null })),
      );
      expect(activeSubscription.discounts).toHaveLength(1);
    });

    it('an expanded Discount gives its coupon (id or expanded Coupon), start and end', () => {
      const coupon = couponOf('WELCOME10');
      const expanded = subscriptionRow(accountId, { ...activeSubscription, discounts: [discount(), discount({ id: 'di_2', source: { coupon, type: 'coupon' } })] }, ts);
      expect(expanded.discounts).toEqual([
        { id: 'di_sample', coupon: 'WELCOME10', start: trialStart, end: welcomeDiscountEnd },
        { id: 'di_2', coupon: 'WELCOME10', start: trialStart, end: welcomeDiscountEnd },
      ]);
    });

    it('item, line, invoice (with a DeletedDiscount, which has no end) and customer discounts', () => {
      const item = first(items, 'item');
      expect(subscriptionItemRow(accountId, { ...item, discounts: [discount()] }, subscriptionStory.id, ts).discounts).toEqual([
        { id: 'di_sample', coupon: 'WELCOME10', start: trialStart, end: welcomeDiscountEnd },
      ]);
      expect(invoiceLineRow(accountId, { ...firstLine, discounts: ['di_line'] }, paidInvoice.id, ts).discounts).toEqual([
        { id: 'di_line', coupon: null, start: null, end: null },
      ]);
      const { end: _end, ...withoutEnd } = discount({ id: 'di_removed', source: { coupon: 'SAVE20', type: 'coupon' } });
      const removed: Stripe.DeletedDiscount = { ...withoutEnd, deleted: true };
      expect(invoiceRow(accountId, { ...paidInvoice, discounts: [removed] }, ts).discounts).toEqual([{ id: 'di_removed', coupon: 'SAVE20', start: trialStart, end: null }]);
      expect(customerRow(accountId, { ...customer, discount: discount({ id: 'di_customer', end: null }) }, ts).discounts).toEqual([
        { id: 'di_customer', coupon: 'WELCOME10', start: trialStart, end: null },
      ]);
    });

    it('an older API version’s discount.coupon (before discount.source) is read too', () => {
      const { source: _source, ...withoutSource } = discount();
      const legacy = { ...withoutSource, coupon: couponOf('SAVE20') };
      expect(discountRef(legacy)).toEqual({ id: 'di_sample', coupon: 'SAVE20', start: trialStart, end: welcomeDiscountEnd });
    });
  });

  describe('prices', () => {
    it('a graduated price: tiers in Stripe’s shape, the unset flat fee as 0', () => {
      const row = priceRow(accountId, priceOf('price_SampleSeatsTiered'), ts);
      expect(row).toMatchObject({ billingScheme: 'tiered', tiersMode: 'graduated', unitAmount: null, unitAmountDecimal: null, recurringInterval: 'month' });
      expect(row.tiers).toEqual([
        { up_to: 5, unit_amount: 1000, unit_amount_decimal: '1000', flat_amount: 0, flat_amount_decimal: '0' },
        { up_to: null, unit_amount: 800, unit_amount_decimal: '800', flat_amount: 2000, flat_amount_decimal: '2000' },
      ]);
    });

    it('a metered price with transform_quantity', () => {
      expect(priceRow(accountId, priceOf('price_SampleApiMetered'), ts)).toMatchObject({
        unitAmount: 5,
        unitAmountDecimal: '5',
        recurringUsageType: 'metered',
        transformQuantityDivideBy: 1000,
        transformQuantityRound: 'up',
      });
    });

    it('sub-cent amounts as the SDK parses them (Stripe.Decimal) and as events send them (strings)', () => {
      const parsed = priceRow(accountId, { ...priceOf('price_SampleTeamMonthly'), unit_amount: null, unit_amount_decimal: Stripe.Decimal.from('0.5') }, ts);
      const wire = priceRow(accountId, received('price', { ...wirePriceOf('price_SampleTeamMonthly'), unit_amount: null, unit_amount_decimal: '0.5' }), ts);
      expect([parsed.unitAmount, parsed.unitAmountDecimal, wire.unitAmountDecimal]).toEqual([null, '0.5', '0.5']);
      expect(parsed.raw).toBe(wire.raw);
    });

    it('a tier with a sub-cent flat fee keeps only its decimal; a tier without a unit price gets 0', () => {
      const tiered = priceOf('price_SampleSeatsTiered');
      const row = priceRow(
        accountId,
        { ...tiered, tiers: [{ up_to: 10, unit_amount: null, unit_amount_decimal: null, flat_amount: null, flat_amount_decimal: Stripe.Decimal.from('12.5') }] },
        ts,
      );
      expect(row.tiers).toEqual([{ up_to: 10, unit_amount: 0, unit_amount_decimal: '0', flat_amount: null, flat_amount_decimal: '12.5' }]);
    });

    it('a tiered price listed without expand[]=data.tiers has tiers null', () => {
      const { tiers: _tiers, ...withoutTiers } = priceOf('price_SampleSeatsTiered');
      expect(priceRow(accountId, withoutTiers, ts).tiers).toBeNull();
    });

    it('an enum value Stripe adds later becomes null in a CHECKed column (it stays in raw)', () => {
      const base = priceOf('price_SampleTeamMonthly');
      const row = priceRow(accountId, { ...base, billing_scheme: 'usage_based', recurring: base.recurring && { ...base.recurring, interval: 'fortnight' } }, ts);
      expect([row.billingScheme, row.recurringInterval]).toEqual([null, null]);
    });
  });

  describe('subscriptions, items and lines', () => {
    it('a subscription row: status, trial, cancellation, and the period from its items', () => {
      const canceled = received('subscription', renderSubscription(ctx, sampleCustomer, subscriptionStory, 3, periodEnd));
      expect(withoutRaw(subscriptionRow(accountId, canceled, ts))).toEqual({
        accountId,
        id: subscriptionStory.id,
        sourceTs: ts,
        livemode: false,
        created: trialStart,
        customer: sampleCustomer.id,
        status: 'canceled',
        currency: 'usd',
        startDate: trialStart,
        trialStart,
        trialEnd,
        cancelAtPeriodEnd: true,
        cancelAt: periodEnd,
        canceledAt: cancelRequestedAt,
        endedAt: periodEnd,
        currentPeriodStart: trialEnd,
        currentPeriodEnd: periodEnd,
        discounts: canceled.discounts.map((id) => ({ id, coupon: null, start: null, end: null })),
      });
    });

    it('an older API version’s subscription-level period wins over the items’', () => {
      const legacy = { ...activeSubscription, current_period_start: 100, current_period_end: 200 };
      expect(subscriptionRow(accountId, legacy, ts)).toMatchObject({ currentPeriodStart: 100, currentPeriodEnd: 200 });
    });

    it('items whose periods differ (flexible billing): the span they all share', () => {
      const [a, b] = items;
      if (!a || !b) throw new Error('two items expected');
      const mixed = { ...activeSubscription, items: { ...activeSubscription.items, data: [{ ...a, current_period_start: 100, current_period_end: 400 }, { ...b, current_period_start: 150, current_period_end: 300 }] } };
      expect(subscriptionRow(accountId, mixed, ts)).toMatchObject({ currentPeriodStart: 150, currentPeriodEnd: 300 });
    });

    it('items: price, quantity (null when metered), own period', () => {
      const [seats, metered] = items;
      if (!seats || !metered) throw new Error('two items expected');
      expect(subscriptionItemRow(accountId, seats, subscriptionStory.id, ts)).toMatchObject({
        subscriptionId: subscriptionStory.id,
        priceId: 'price_SampleTeamMonthly',
        quantity: 3,
        currentPeriodStart: trialEnd,
        currentPeriodEnd: periodEnd,
      });
      expect(subscriptionItemRow(accountId, metered, subscriptionStory.id, ts)).toMatchObject({ priceId: 'price_SampleApiMetered', quantity: null });
    });

    it('a line in an older API version’s shape (line.price, line.proration, line.type, no parent or pricing)', () => {
      const legacy = {
        ...firstLine,
        parent: null,
        pricing: null,
        price: priceOf('price_SampleTeamYearly'),
        proration: true,
        type: 'subscription',
        subscription_item: 'si_legacy',
      };
      expect(invoiceLineRow(accountId, legacy, paidInvoice.id, ts)).toMatchObject({
        priceId: 'price_SampleTeamYearly',
        proration: true,
        type: 'subscription',
        subscriptionItem: 'si_legacy',
        subscription: subscriptionStory.id,
      });
    });

    it('an invoice and a charge in an older API version’s shape (top-level invoice.subscription, charge.invoice)', () => {
      const legacyInvoice = { ...paidInvoice, parent: null, subscription: 'sub_legacy' };
      const legacyCharge = { ...charge, invoice: paidInvoice.id };
      expect(invoiceRow(accountId, legacyInvoice, ts).subscription).toBe('sub_legacy');
      expect(chargeRow(accountId, legacyCharge, ts).invoice).toBe(paidInvoice.id);
    });

    it('an invoice row: amounts, billing reason, period, paid-at', () => {
      expect(invoiceRow(accountId, paidInvoice, ts)).toMatchObject({
        status: 'paid',
        currency: 'usd',
        total: paidInvoice.total,
        subtotal: paidInvoice.subtotal,
        amountPaid: paidInvoice.total,
        amountDue: paidInvoice.total,
        billingReason: 'subscription_cycle',
        periodStart: trialStart,
        periodEnd: trialEnd,
        statusTransitionsPaidAt: paidAt,
        deleted: false,
      });
    });
  });

  describe('rowsForStripeObject', () => {
    it('dispatches on object.object to the table of each mirrored type', () => {
      const item = first(items, 'item');
      const objects = [customer, activeSubscription, item, paidInvoice, firstLine, charge, refund, priceOf('price_SampleTeamMonthly')];
      const tables = objects.flatMap((object) => rowsForStripeObject(accountId, object, ts)).map((entry) => [entry.table.name, entry.rows.map((row) => row.id)]);
      expect(tables).toEqual([
        ['customers', [sampleCustomer.id]],
        ['subscriptions', [subscriptionStory.id]],
        ['subscription_items', [item.id]],
        ['invoices', [paidInvoice.id]],
        ['invoice_lines', [firstLine.id]],
        ['charges', [paidCharge.id]],
        ['refunds', [refundStory.id]],
        ['prices', ['price_SampleTeamMonthly']],
      ]);
    });

    it('a subscription yields its own row only (its embedded items may be truncated), an invoice likewise', () => {
      expect(rowsForStripeObject(accountId, activeSubscription, ts).map((entry) => entry.table.name)).toEqual(['subscriptions']);
      expect(rowsForStripeObject(accountId, paidInvoice, ts).map((entry) => entry.table.name)).toEqual(['invoices']);
    });

    it('nothing for an object Recur does not mirror, or for a preview’s line without an invoice', () => {
      expect(rowsForStripeObject(accountId, { object: 'payment_intent' }, ts)).toEqual([]);
      const previewLine = { ...firstLine, invoice: null };
      expect(rowsForStripeObject(accountId, previewLine, ts)).toEqual([]);
    });

    it('passes { deleted: true } to the types Stripe deletes', () => {
      const [entry] = rowsForStripeObject(accountId, customer, ts, { deleted: true });
      expect(entry?.rows[0]).toMatchObject({ deleted: true, email: 'ada@analytical.example' });
    });
  });
});
