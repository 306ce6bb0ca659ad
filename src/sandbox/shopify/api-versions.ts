/**
 * The API versions the simulator knows, from the versions list Shopify ships beside the schema
 * (`@shopify/dev-mcp` 1.16.0, ../shared/api-specs/shopify-supported-versions.json: unstable, 2026-10 as release
 * candidate, 2026-07 latest stable, 2026-04, 2026-01, 2025-10) and Shopify's versioning rules (shopify.dev,
 * "About Shopify API versioning"): a stable version is released each quarter and supported for at least 12
 * months, so since 2026-10 became stable (October 2026) 2025-10 and everything older are retired.
 *
 * The window is fixed data, not computed from the clock, so a test means the same thing next year; moving it
 * is a deliberate change together with the schema file in spec/.
 */

/** The one version whose schema the simulator holds (spec/) and serves. */
export const SIMULATED_API_VERSION = '2026-10';

/** Stable versions Shopify supports now, oldest first. */
export const SUPPORTED_API_VERSIONS: readonly string[] = ['2026-01', '2026-04', '2026-07', '2026-10'];

export type ApiVersionStatus =
  | { kind: 'simulated' }
  /** Shopify serves it; the simulator holds another version's schema and will not pretend. */
  | { kind: 'not-simulated' }
  /** A quarter's version older than the window: Shopify answers it with the oldest supported version. */
  | { kind: 'retired'; oldestSupported: string }
  | { kind: 'unknown' };

const QUARTERLY = /^(\d{4})-(01|04|07|10)$/;

export function apiVersionStatus(version: string): ApiVersionStatus {
  if (version === SIMULATED_API_VERSION) return { kind: 'simulated' };
  if (SUPPORTED_API_VERSIONS.includes(version) || version === 'unstable') return { kind: 'not-simulated' };
  const oldest = SUPPORTED_API_VERSIONS[0] ?? SIMULATED_API_VERSION;
  // Shopify's first versioned release was 2019-04.
  if (QUARTERLY.test(version) && version >= '2019-04' && version < oldest) return { kind: 'retired', oldestSupported: oldest };
  return { kind: 'unknown' };
}
