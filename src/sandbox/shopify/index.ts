/**
 * A protocol-level simulator of Shopify's GraphQL Admin API on Shopify's own schema (spec/, the 2026-10
 * introspection): every request validated against it, the operations a store migration uses resolved on top,
 * calculated query cost with a leaky bucket per shop, access scopes, and injected faults.
 */
export { startShopifySimulator, type ShopifySimulator, type ShopifySimulatorOptions } from './server';
export { SimulatorState, type RecordType, type RecordsByType } from './inspection';
export { plans, type PlanName, type ThrottleStatus } from './bucket';
export { faultKinds, type FaultConfig, type FaultKind } from './faults';
export { defaultScopes } from './access-scopes';
export { adminSchema, type AdminSchema } from './admin-schema';
export { apiVersionStatus, SIMULATED_API_VERSION, SUPPORTED_API_VERSIONS } from './api-versions';
export { seedSyntheticStore, type SyntheticStoreSize } from './generator';
export type * from './records';
