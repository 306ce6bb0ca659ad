import { createTiendanubeOrderReader } from './tiendanube';

export {
  allPlatforms, createPlatformAdapter, defaultOrderStatusMap, isPlatform, ownOrderStatusWords, platformDescriptor, platformRegistry, resolveOrderStatusMap,
} from './registry';

/**
 * Platforms read for order alerts only, where a webhook carries just the order id (Tiendanube/Nuvemshop);
 * migrations do not handle them.
 */
export const orderReaderFactories = {
  tiendanube: createTiendanubeOrderReader,
};
