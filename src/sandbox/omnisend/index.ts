// Omnisend REST API v5 simulator (one brand per server): contacts, cursor pagination, X-API-KEY, 429, validation.
export { startOmnisendSimulator, type OmnisendSimulator, type SimContact, type SimIdentifier, type ChannelStatus } from './server';
