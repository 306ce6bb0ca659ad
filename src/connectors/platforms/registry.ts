import { type Platform, platformNames, composeOrderStatusMap, type ResolvedOrderStatusMap } from '../../domain/catalog/platforms';
import type { Connection, ConnectionOf, SecretField } from '../../domain/connections';
import { bigcommercePlatform } from './bigcommerce/platform';
import { PlatformError } from './errors';
import { shopifyPlatform } from './shopify/platform';
import { tiendanubePlatform } from './tiendanube/platform';
import type { OrderReader, PlatformAdapter, PlatformDescriptor } from './types';
import { woocommercePlatform } from './woocommerce/platform';

/**
 * The one list of platforms stores migrate between: a new platform is a folder beside these exporting its
 * descriptor, and a line here (README.md in this folder says what the folder must hold). Its name goes into
 * the domain's platformNames too; test/connectors/platform-registry.test.ts holds the two lists together.
 */
export const platformRegistry: { readonly [P in Platform]: PlatformDescriptor<P> } = {
  woocommerce: woocommercePlatform,
  shopify: shopifyPlatform,
  bigcommerce: bigcommercePlatform,
  tiendanube: tiendanubePlatform,
};

export function isPlatform(kind: string): kind is Platform {
  return (platformNames as readonly string[]).includes(kind);
}

export function platformDescriptor<P extends Platform>(platform: P): PlatformDescriptor<P> {
  return platformRegistry[platform];
}

/** Every registered platform, in the domain's order. */
export function allPlatforms(): PlatformDescriptor[] {
  return platformNames.map((name) => platformRegistry[name] as PlatformDescriptor);
}

/**
 * The adapter for a configured connection of any registered platform; a connection of another kind (an
 * ESP, a channel) is a permanent error naming what it is.
 */
export function createPlatformAdapter<K extends Connection['kind']>(connection: ConnectionOf<K>, secrets: Partial<Record<SecretField<K>, string>>): PlatformAdapter {
  const kind: string = connection.kind;
  if (!isPlatform(kind)) {
    throw new PlatformError(`a ${kind} connection is not a store platform (platforms: ${platformNames.join(', ')})`, false);
  }
  // The kind was just checked to be this descriptor's: its connection and secrets are the descriptor's own.
  const descriptor = platformRegistry[kind] as unknown as PlatformDescriptor<K & Platform>;
  return descriptor.createAdapter(connection as ConnectionOf<K & Platform>, secrets as Partial<Record<SecretField<K & Platform>, string>>);
}

/**
 * The order-status map from one platform to another: the default composed from each platform's map to and
 * from the canonical statuses, with a migration's overrides on top (each unknown word is one problem).
 */
export function resolveOrderStatusMap(source: Platform, target: Platform, overrides: Record<string, string> = {}): ResolvedOrderStatusMap {
  return composeOrderStatusMap(
    { platform: source, statuses: platformRegistry[source].orderStatuses },
    { platform: target, statuses: platformRegistry[target].orderStatuses },
    overrides,
  );
}

/** The default order-status map of a pair, without overrides. */
export function defaultOrderStatusMap(source: Platform, target: Platform): Record<string, string> {
  return resolveOrderStatusMap(source, target).map;
}

/** A target's word for an order status it writes unchanged: its whole vocabulary, each word to itself. */
export function ownOrderStatusWords(platform: Platform): Record<string, string> {
  return Object.fromEntries(platformRegistry[platform].orderStatuses.vocabulary.map((w) => [w, w]));
}

/**
 * The order reader for a connection whose platform's webhooks carry only the order id, or null when its
 * platform sends the order itself (or it is no platform).
 */
export function createOrderReader<K extends Connection['kind']>(connection: ConnectionOf<K>, secrets: Partial<Record<SecretField<K>, string>>): OrderReader | null {
  const kind: string = connection.kind;
  if (!isPlatform(kind)) return null;
  // The kind was just checked to be this descriptor's: its connection and secrets are the descriptor's own.
  const descriptor = platformRegistry[kind] as unknown as PlatformDescriptor<K & Platform>;
  return descriptor.createOrderReader?.(connection as ConnectionOf<K & Platform>, secrets as Partial<Record<SecretField<K & Platform>, string>>) ?? null;
}
