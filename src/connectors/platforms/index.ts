export {
  allPlatforms, createOrderReader, createPlatformAdapter, defaultOrderStatusMap, isPlatform, ownOrderStatusWords, platformDescriptor, platformRegistry, resolveOrderStatusMap,
} from './registry';
