import { z } from 'zod';
import { type OrderStatus, orderStatusSchema } from './entities';

/**
 * The platforms a store can be migrated from and to. Each one is a folder under src/connectors/platforms/
 * registered in src/connectors/platforms/registry.ts, whose test checks that list against this one (the
 * domain cannot import connectors, so the names are written here and the registry is held to them). A
 * platform's name is also its connection kind (src/domain/connections.ts).
 */
export const platformNames = ['woocommerce', 'shopify', 'bigcommerce', 'tiendanube'] as const;
export const platformSchema = z.enum(platformNames);
export type Platform = z.infer<typeof platformSchema>;

/** The canonical order statuses every platform's words map to and from, so that the maps of any two compose. */
export const canonicalOrderStatuses = orderStatusSchema.options;

/**
 * A platform's order-status words and its default map to and from the canonical statuses: written once per
 * platform (in its descriptor), from which the default map of every pair is composed.
 */
export interface PlatformOrderStatuses {
  /** The words the platform's orders carry (`Order.sourceStatus`) and that a status map may name. */
  vocabulary: readonly string[];
  /** Every word of the vocabulary to the canonical status it stands for. */
  toCanonical: Readonly<Record<string, OrderStatus>>;
  /** Every canonical status to the word the platform writes for it. */
  fromCanonical: Readonly<Record<OrderStatus, string>>;
}

export interface ResolvedOrderStatusMap {
  map: Record<string, string>;
  problems: string[];
}

/**
 * The default order-status map from one platform to another: each source word through its canonical status
 * to the target's word for it. Between two stores of the same platform every word keeps itself (the
 * canonical statuses are coarser than a platform's own words: Shopify's "voided" and "cancelled" are both
 * cancelled).
 */
export function defaultOrderStatusMap(source: PlatformOrderStatuses, target: PlatformOrderStatuses, samePlatform: boolean): Record<string, string> {
  if (samePlatform) return Object.fromEntries(source.vocabulary.map((w) => [w, w]));
  return Object.fromEntries(source.vocabulary.map((w) => {
    const canonical = source.toCanonical[w];
    return [w, canonical ? target.fromCanonical[canonical] : w];
  }));
}

/** The default map for a pair with a migration's overrides on top; each unknown word is one problem. */
export function composeOrderStatusMap(
  source: { platform: string; statuses: PlatformOrderStatuses },
  target: { platform: string; statuses: PlatformOrderStatuses },
  overrides: Record<string, string> = {},
): ResolvedOrderStatusMap {
  const problems: string[] = [];
  for (const [from, to] of Object.entries(overrides)) {
    if (!source.statuses.vocabulary.includes(from)) problems.push(`statusMap.${from}: "${from}" is not a ${source.platform} order status (known: ${source.statuses.vocabulary.join(', ')})`);
    if (!target.statuses.vocabulary.includes(to)) problems.push(`statusMap.${from}: "${to}" is not a ${target.platform} order status (known: ${target.statuses.vocabulary.join(', ')})`);
  }
  return { map: { ...defaultOrderStatusMap(source.statuses, target.statuses, source.platform === target.platform), ...overrides }, problems };
}

/** Problems in a platform's own status table: a word with no canonical status, a canonical status with no word. */
export function orderStatusTableProblems(platform: string, statuses: PlatformOrderStatuses): string[] {
  const problems: string[] = [];
  for (const word of statuses.vocabulary) if (!statuses.toCanonical[word]) problems.push(`${platform}: "${word}" has no canonical status`);
  for (const word of Object.keys(statuses.toCanonical)) if (!statuses.vocabulary.includes(word)) problems.push(`${platform}: toCanonical names "${word}", not in its vocabulary`);
  for (const canonical of canonicalOrderStatuses) {
    const word = statuses.fromCanonical[canonical];
    if (!word || !statuses.vocabulary.includes(word)) problems.push(`${platform}: canonical "${canonical}" maps to "${String(word)}", not in its vocabulary`);
  }
  return problems;
}
