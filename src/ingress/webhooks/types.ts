import type { IncomingHttpHeaders } from 'node:http';
import type { OrderEvent } from '../../domain/purchase/events';

/** A webhook body we can't use: 400 with the reason, and nothing starts. */
export class MalformedWebhook extends Error {}

export type ParsedWebhook =
  | { kind: 'event'; event: OrderEvent }
  /** Accepted but not about an order milestone (a ping, a topic we don't follow). */
  | { kind: 'ignored'; reason: string };

export interface WebhookParser {
  /** Which header carries the signature, and how the HMAC is encoded in it. */
  signatureHeader: string;
  encoding: 'base64' | 'hex';
  /** The connection's secret field that keys the HMAC. */
  secretField: 'webhookSecret' | 'appSecret';
  parse(store: string, body: unknown, headers: IncomingHttpHeaders, rawBody: Buffer): ParsedWebhook;
}
