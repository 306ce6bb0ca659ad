/**
 * A protocol-level simulator of Shopify's GraphQL Admin API, written from shopify.dev's reference: the
 * operations a store migration uses, calculated query cost with a leaky bucket per shop, and injected faults.
 */
export { startShopifySimulator, type ShopifySimulator, type ShopifySimulatorOptions } from './server';
export { SimulatorState, type RecordType, type RecordsByType } from './inspection';
export { plans, type PlanName, type ThrottleStatus } from './bucket';
export { faultKinds, type FaultConfig, type FaultKind } from './faults';
export { seedSyntheticStore, type SyntheticStoreSize } from './generator';
export type * from './records';
