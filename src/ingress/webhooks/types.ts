import type { IncomingHttpHeaders } from 'node:http';
import type { Connection } from '../../domain/connections';
import type { OrderEvent } from '../../domain/purchase/events';

/** A webhook body we can't use: 400 with the reason, and nothing starts. */
export class MalformedWebhook extends Error {}

/**
 * A correctly signed webhook about another store than the connection's (403, nothing starts). The app's
 * secret signs every store's webhooks alike, so the signature proves who sent it, not which store it is for.
 */
export class ForeignWebhook extends Error {}

export type ParsedWebhook =
  | { kind: 'event'; event: OrderEvent }
  /** Accepted but not about an order milestone (a ping, a topic we don't follow). */
  | { kind: 'ignored'; reason: string };

/** One verified delivery, as the parser sees it. */
export interface WebhookRequest {
  /** The connection's name: the merchant's store. */
  store: string;
  connection: Connection;
  /** The body parsed as JSON, integers beyond 2^53 kept as strings of their digits. */
  body: unknown;
  headers: IncomingHttpHeaders;
  rawBody: Buffer;
}

export interface WebhookParser {
  /** Which header carries the signature, and how the HMAC is encoded in it. */
  signatureHeader: string;
  encoding: 'base64' | 'hex';
  /** The connection's secret field that keys the HMAC. */
  secretField: 'webhookSecret' | 'appSecret';
  /** The answer to an accepted event: the status the platform counts as delivered. */
  acceptedStatus: 200 | 202;
  /** A platform's unsigned check of the endpoint (WooCommerce's activation ping): answered 200, nothing starts. */
  isPing?(headers: IncomingHttpHeaders, rawBody: Buffer): boolean;
  parse(request: WebhookRequest): ParsedWebhook;
}
