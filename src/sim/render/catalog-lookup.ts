import type { Catalog, CatalogCoupon, CatalogPrice, CatalogProduct } from '../model/types';

interface CatalogIndex {
  products: Map<string, CatalogProduct>;
  prices: Map<string, CatalogPrice>;
  coupons: Map<string, CatalogCoupon>;
  /** The first price created for each product: its `default_price`. */
  defaultPrices: Map<string, string>;
}

/** Built once per catalog (catalogs are immutable), so rendering a million items never scans the price list. */
const indexes = new WeakMap<Catalog, CatalogIndex>();

function indexOf(catalog: Catalog): CatalogIndex {
  const cached = indexes.get(catalog);
  if (cached) return cached;
  const defaultPrices = new Map<string, string>();
  for (const price of [...catalog.prices].sort((a, b) => a.created - b.created)) {
    if (!defaultPrices.has(price.productId)) defaultPrices.set(price.productId, price.id);
  }
  const index: CatalogIndex = {
    products: new Map(catalog.products.map((product) => [product.id, product])),
    prices: new Map(catalog.prices.map((price) => [price.id, price])),
    coupons: new Map(catalog.coupons.map((coupon) => [coupon.id, coupon])),
    defaultPrices,
  };
  indexes.set(catalog, index);
  return index;
}

/** A story that names a price the catalog lacks is a generator bug: fail loudly rather than render a broken object. */
export function catalogPrice(catalog: Catalog, id: string): CatalogPrice {
  const price = indexOf(catalog).prices.get(id);
  if (!price) throw new Error(`The catalog has no price ${id}`);
  return price;
}

export function catalogProduct(catalog: Catalog, id: string): CatalogProduct {
  const product = indexOf(catalog).products.get(id);
  if (!product) throw new Error(`The catalog has no product ${id}`);
  return product;
}

export function catalogCoupon(catalog: Catalog, id: string): CatalogCoupon {
  const coupon = indexOf(catalog).coupons.get(id);
  if (!coupon) throw new Error(`The catalog has no coupon ${id}`);
  return coupon;
}

export function defaultPriceOf(catalog: Catalog, productId: string): string | null {
  return indexOf(catalog).defaultPrices.get(productId) ?? null;
}
