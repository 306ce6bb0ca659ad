import { bigcommerceFixture } from './bigcommerce';
import { shopifyFixture } from './shopify';
import { tiendanubeFixture } from './tiendanube';
import type { PlatformFixture } from './types';
import { woocommerceFixture } from './woocommerce';

export type { CanonicalStore, PlatformFixture, RunningPlatform, StoreSize } from './types';
export { SMALL_STORE } from './types';

/** Every platform's test fixture: the migration matrix runs each ordered pair of these. */
export const platformFixtures: PlatformFixture[] = [woocommerceFixture, shopifyFixture, tiendanubeFixture, bigcommerceFixture];

export function fixtureOf(platform: string): PlatformFixture {
  const fixture = platformFixtures.find((f) => f.platform === platform);
  if (!fixture) throw new Error(`no test fixture for platform ${platform}`);
  return fixture;
}
