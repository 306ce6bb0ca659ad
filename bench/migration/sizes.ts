import type { SeedOptions } from '../../src/sandbox/woocommerce';

/** A bench size: the seeded WooCommerce store's shape. */
export interface BenchSize extends Required<Pick<SeedOptions, 'categories' | 'products' | 'customers' | 'orders'>> {
  name: string;
}

/**
 * Every product is variable (2–4 variations, about 3 on average), as the store has "about 3 variants
 * each"; `full` is the size, `small` runs in a minute or two at Standard's 100 points/s, `tiny` is CI's.
 */
export const benchSizes = {
  full: { name: 'full', categories: 40, products: 20_000, customers: 20_000, orders: 50_000 },
  medium: { name: 'medium', categories: 20, products: 2_000, customers: 2_000, orders: 5_000 },
  small: { name: 'small', categories: 8, products: 200, customers: 200, orders: 300 },
  tiny: { name: 'tiny', categories: 3, products: 8, customers: 6, orders: 10 },
} as const satisfies Record<string, BenchSize>;
export type BenchSizeName = keyof typeof benchSizes;

/** The seed options of a size: every product variable, default rates for the rest. */
export function seedFor(size: BenchSize): SeedOptions {
  return { seed: 2024, categories: size.categories, products: size.products, customers: size.customers, orders: size.orders, variableRate: 1 };
}
