// Klaviyo API simulator: JSON:API shapes, revision header, private-key auth, published rate limits,
// request bodies validated against Klaviyo's OpenAPI document (spec/, MIT), fault injection.
export { startKlaviyoSimulator, type KlaviyoSimulator, type KlaviyoSimulatorOptions, type KlaviyoFault } from './server';
export { KlaviyoAccount, integrations, type SimFlow, type SimMetric, type SimSegment } from './state';
