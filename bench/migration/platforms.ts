import type { EntityType } from '../../src/domain/catalog/entities';
import { DEFAULT_SHOPIFY_API_VERSION, type Connection } from '../../src/domain/connections';
import { WOOCOMMERCE_ASSUMED_WRITES_PER_SECOND } from '../../src/domain/migration/preview';
import { PLAN_QUOTAS, startBigCommerceSimulator } from '../../src/sandbox/bigcommerce';
import { plans as shopifyPlans, startShopifySimulator, type PlanName as ShopifyPlanName } from '../../src/sandbox/shopify';
import { startTiendanubeSimulator } from '../../src/sandbox/tiendanube';
import { startWooCommerceSimulator } from '../../src/sandbox/woocommerce';
import { type BenchSize, seedFor } from './sizes';

/** The platforms the bench migrates between (src/connectors/platforms/registry.ts). */
export const benchPlatforms = ['woocommerce', 'shopify', 'tiendanube', 'bigcommerce'] as const;
export type BenchPlatform = (typeof benchPlatforms)[number];

export function isBenchPlatform(name: string): name is BenchPlatform {
  return (benchPlatforms as readonly string[]).includes(name);
}

/**
 * Tiendanube's published leaky bucket (tiendanube.github.io/api-documentation/intro; Nuvemshop's "API usage"
 * page): 40 requests deep, leaking 2 a second per store and app; stores on the Next and Evolution plans get
 * ten times that. Computed here from the documentation, not from the adapter (its writeRate reports the
 * same bucket from X-Rate-Limit-Limit).
 */
export const TIENDANUBE_PLANS = {
  standard: { bucketSize: 40, leakPerSecond: 2 },
  next: { bucketSize: 400, leakPerSecond: 20 },
} as const;

/** Every target's plans: the first is the default. */
export const targetPlans: Record<BenchPlatform, readonly string[]> = {
  shopify: Object.keys(shopifyPlans),
  tiendanube: Object.keys(TIENDANUBE_PLANS),
  bigcommerce: Object.keys(PLAN_QUOTAS),
  woocommerce: ['self-hosted'],
};

/** The plan a target runs on: the named one, checked against the platform's, or its first. */
export function planOf(platform: BenchPlatform, plan: string | undefined): string {
  const chosen = plan ?? targetPlans[platform][0] ?? '';
  if (!targetPlans[platform].includes(chosen)) throw new Error(`${platform} has no plan "${chosen}": one of ${targetPlans[platform].join(', ')}`);
  return chosen;
}

/**
 * The most a target lets a migration spend: its published rate (or, for WooCommerce, an assumed one), in
 * the unit the platform counts, and what is available at once when the run starts (a bucket, a window).
 */
export interface TargetCeiling {
  /** "published": the platform's own documented limit; "assumed": it publishes none, the figure is ours. */
  basis: 'published' | 'assumed';
  unit: 'cost points' | 'requests' | 'entities';
  perSecond: number;
  /** What the target grants at once (bucket or window quota); 0 when there is no bucket. */
  burst: number;
  plan: string;
  /** Where the figure comes from, as the README's benchmark section states it. */
  source: string;
}

/** A started simulator: a seeded source or an empty target. */
export interface BenchStore {
  platform: BenchPlatform;
  connection: Connection;
  counts(): Record<EntityType, number>;
  /** Product variants held, where the simulator counts them. */
  variants(): number;
  /** Units of the target's ceiling spent so far (cost points, admitted requests, or entities written). */
  spent(): number;
  /** What the target would grant at once right now (the bucket's contents; a fresh window's quota). */
  availableNow(): number;
  /** Requests refused for the rate limit (429 or THROTTLED). */
  throttled(): number;
  /** Every API request the simulator answered. */
  requests(): number;
  ceiling: TargetCeiling;
  close(): Promise<void>;
}

const sum = (counts: Record<EntityType, number>): number => counts.categories + counts.products + counts.customers + counts.orders;

/**
 * Starts one platform's simulator for the bench: seeded with the size's store (a source) or empty (a
 * target) on the given plan. A source gets a generous rate limit so that reading never paces the run: the
 * bench measures the target against its ceiling.
 */
export async function startBenchStore(platform: BenchPlatform, options: { role: 'source' | 'target'; size: BenchSize; plan?: string }): Promise<BenchStore> {
  const seeded = options.role === 'source';
  const { size } = options;
  const plan = planOf(platform, options.plan);
  switch (platform) {
    case 'shopify': {
      const shopPlan = (seeded ? 'plus' : plan) as ShopifyPlanName;
      const sim = await startShopifySimulator({
        plan: shopPlan,
        ...(seeded ? { seed: { seed: 2024, collections: size.categories, products: size.products, customers: size.customers, orders: size.orders } } : {}),
      });
      const counts = (): Record<EntityType, number> => {
        const c = sim.state.counts();
        return { categories: c.collections, products: c.products, customers: c.customers, orders: c.orders };
      };
      const { restoreRate, maximumAvailable } = shopifyPlans[shopPlan];
      return {
        platform, counts, variants: () => sim.state.counts().variants,
        connection: { kind: 'shopify', shopDomain: sim.shopDomain, apiVersion: DEFAULT_SHOPIFY_API_VERSION, accessToken: sim.accessToken, endpoint: sim.url },
        spent: () => sim.state.costPointsSpent,
        availableNow: () => sim.state.throttleStatus().currentlyAvailable,
        throttled: () => sim.state.throttledCount,
        requests: () => sim.state.metrics.requests,
        ceiling: {
          basis: 'published', unit: 'cost points', perSecond: restoreRate, burst: maximumAvailable, plan: shopPlan,
          // shopify.dev/docs/api/usage/limits (GraphQL Admin API): the calculated query cost bucket per plan.
          source: `Shopify's calculated query cost bucket (shopify.dev, API rate limits): ${shopPlan} restores ${restoreRate} points/s into a bucket of ${maximumAvailable}`,
        },
        close: () => sim.close(),
      };
    }
    case 'woocommerce': {
      const sim = await startWooCommerceSimulator(seeded ? { seed: seedFor(size) } : {});
      const counts = (): Record<EntityType, number> => ({
        categories: sim.state.count('categories'), products: sim.state.count('products'), customers: sim.state.count('customers'), orders: sim.state.count('orders'),
      });
      return {
        platform, counts, variants: () => sim.state.count('variations'),
        connection: { kind: 'woocommerce', url: sim.url, consumerKey: sim.consumerKey, consumerSecret: sim.consumerSecret },
        spent: () => sum(counts()),
        availableNow: () => 0,
        throttled: () => 0,
        requests: () => Object.values(sim.state.requestCounts()).reduce((n, c) => n + c, 0),
        ceiling: {
          basis: 'assumed', unit: 'entities', perSecond: WOOCOMMERCE_ASSUMED_WRITES_PER_SECOND, burst: 0, plan,
          // WooCommerce publishes no rate limit: the host's PHP workers and database set the pace. The figure is
          // the migration preview's assumption (src/domain/migration/preview.ts), so ratio > 1 is possible here.
          source: `WooCommerce publishes no rate limit; assumed ${WOOCOMMERCE_ASSUMED_WRITES_PER_SECOND} entities written a second on a modest host, as the migration preview assumes`,
        },
        close: () => sim.close(),
      };
    }
    case 'tiendanube': {
      const bucket = seeded ? { bucketSize: 400, leakPerSecond: 200 } : TIENDANUBE_PLANS[plan as keyof typeof TIENDANUBE_PLANS];
      const sim = await startTiendanubeSimulator({
        ...bucket, ...(seeded ? { seed: { seed: 2024, categories: size.categories, products: size.products, customers: size.customers, orders: size.orders } } : {}),
      });
      const admitted = (): number => sim.requests.filter((r) => r.status !== 429).length;
      const throttled = (): number => sim.requests.filter((r) => r.status === 429).length;
      return {
        platform, counts: () => sim.counts(), variants: () => [...sim.store.products.values()].reduce((n, p) => n + p.variants.length, 0),
        connection: { kind: 'tiendanube', storeId: sim.storeId, accessToken: sim.accessToken, appSecret: 'bench-app-secret', endpoint: sim.url, userAgent: 'Cutover bench (bench@cutover.invalid)' },
        spent: admitted,
        // The bucket's level is not exposed: at most all of it (an empty bucket), which makes ceilingRatio conservative.
        availableNow: () => bucket.bucketSize,
        throttled,
        requests: () => sim.requests.length,
        ceiling: {
          basis: 'published', unit: 'requests', perSecond: bucket.leakPerSecond, burst: bucket.bucketSize, plan,
          source: `Tiendanube's leaky bucket (tiendanube.github.io/api-documentation/intro): ${bucket.bucketSize} requests deep, leaking ${bucket.leakPerSecond}/s${plan === 'next' ? ' (Next/Evolution plans: ten times the default 40 and 2/s)' : ''}`,
        },
        close: () => sim.close(),
      };
    }
    case 'bigcommerce': {
      // A source reads under a quota that never binds (as the tests' TEST_QUOTA); a target has its plan's.
      const quota = seeded ? { quota: 100_000, windowMs: 30_000 } : PLAN_QUOTAS[plan as keyof typeof PLAN_QUOTAS];
      const sim = await startBigCommerceSimulator({
        rateLimit: quota, ...(seeded ? { seed: { seed: 2024, categories: size.categories, products: size.products, customers: size.customers, orders: size.orders } } : {}),
      });
      const admitted = (): number => sim.state.requests.length - sim.rateLimit.rejected;
      return {
        platform, counts: () => sim.state.counts(), variants: () => [...sim.state.products.values()].reduce((n, p) => n + p.variants.length, 0),
        connection: { kind: 'bigcommerce', storeHash: sim.storeHash, accessToken: sim.accessToken, endpoint: sim.url },
        spent: admitted,
        // At most a whole window's quota (the window the simulator started is still fresh when the bench asks).
        availableNow: () => quota.quota,
        throttled: () => sim.rateLimit.rejected,
        requests: () => sim.state.requests.length,
        ceiling: {
          basis: 'published', unit: 'requests', perSecond: quota.quota / (quota.windowMs / 1000), burst: quota.quota, plan,
          // developer.bigcommerce.com, "API rate limits": each request one unit of the store's quota, refreshed every
          // 30 s; Plus & Standard 20k an hour (150 / 30 s), Pro 60k an hour (450 / 30 s); reported on every answer as
          // X-Rate-Limit-Requests-Quota per X-Rate-Limit-Time-Window-Ms.
          source: `BigCommerce's plan quota (developer.bigcommerce.com, API rate limits; X-Rate-Limit-Requests-Quota per X-Rate-Limit-Time-Window-Ms): ${plan} ${quota.quota} requests / ${quota.windowMs / 1000} s`,
        },
        close: () => sim.close(),
      };
    }
  }
}
