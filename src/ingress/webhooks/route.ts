import { type Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { ConnectionRegistry } from '../../config/secrets';
import type { Connection } from '../../domain/connections';
import { orderEventSchema, orderWorkflowId } from '../../domain/purchase/events';
import type { PurchaseSettings } from '../../domain/purchase/settings';
import { orderEventSignal } from '../../workflows/purchase/messages';
import { HttpError, readBody, type Route, sendJson } from '../http';
import { parseJsonKeepingLargeIntegers } from './json';
import { verifyHmac } from './signature';
import { shopifyWebhooks } from './shopify';
import { tiendanubeWebhooks } from './tiendanube';
import { ForeignWebhook, MalformedWebhook, type WebhookParser } from './types';
import { wooCommerceWebhooks } from './woocommerce';
import { describeIssues } from '../../domain/validation';
import { isServerOutage } from '../../runtime/reconnect';

/**
 * How long a delivery waits for Temporal to take its event. Shopify counts a delivery that gets no answer within
 * five seconds as failed; an answer before that (503 when Temporal is away) is the platform's cue to retry.
 */
export const SIGNAL_DEADLINE_MS = 4000;

const parsers: Record<string, WebhookParser> = { shopify: shopifyWebhooks, woocommerce: wooCommerceWebhooks, tiendanube: tiendanubeWebhooks };

/**
 * POST /webhooks/<platform>/<connection>: verify the signature on the raw body (401, nothing started),
 * parse (400 with the reason; 403 when it concerns another store than the connection's), then
 * signal-with-start the order's workflow. A repeated delivery reaches the same workflow, which ignores an
 * event id it has seen. An accepted event gets the status the platform counts as delivered.
 */
export function webhookRoute(options: {
  client: Client; taskQueue: string; connections: ConnectionRegistry;
  /**
   * The store's purchase settings, sent with the event so the order's workflow need not read them (one
   * local activity less per order, and later milestones see the settings of their day). A failure to read
   * them sends the event without: the workflow reads them itself.
   */
  settings?: (store: string) => Promise<PurchaseSettings>;
}): Route {
  return async (req, res, url) => {
    const match = /^\/webhooks\/(shopify|woocommerce|tiendanube)\/([^/]+)$/.exec(url.pathname);
    if (!match) return false;
    if (req.method !== 'POST') throw new HttpError(405, 'use POST');
    const platform = match[1] as string;
    const store = decodeURIComponent(match[2] as string);
    const parser = parsers[platform] as WebhookParser;
    let secret: string | undefined;
    let connection: Connection;
    try {
      const resolved = options.connections.resolve(store);
      connection = resolved.connection;
      if (connection.kind !== platform) throw new HttpError(404, `no ${platform} store named "${store}"`);
      secret = (resolved.secrets as Record<string, string | undefined>)[parser.secretField];
    } catch (err) {
      if (err instanceof HttpError) throw err;
      throw new HttpError(404, `no ${platform} store named "${store}"`);
    }
    if (!secret) throw new HttpError(401, `store "${store}" has no ${parser.secretField} configured: webhooks cannot be verified`);
    const raw = await readBody(req);
    const signature = req.headers[parser.signatureHeader];
    const signed = verifyHmac(raw, secret, Array.isArray(signature) ? signature[0] : signature, parser.encoding);
    // The platform checks the endpoint before it signs anything (WooCommerce's activation ping): a ping,
    // unsigned or correctly signed, gets its 200 and starts nothing. Anything else unsigned stops here.
    if (parser.isPing?.(req.headers, raw) && (signature === undefined || signed)) {
      return sendJson(res, 200, { accepted: false, reason: 'ping: the delivery URL answers' }), true;
    }
    if (!signed) throw new HttpError(401, 'invalid webhook signature');
    let body: unknown;
    try {
      body = parseJsonKeepingLargeIntegers(raw.toString('utf8'));
    } catch (err) {
      throw new HttpError(400, `body is not JSON: ${(err as Error).message}`);
    }
    let parsed;
    try {
      parsed = parser.parse({ store, connection, body, headers: req.headers, rawBody: raw });
    } catch (err) {
      if (err instanceof MalformedWebhook) throw new HttpError(400, err.message);
      if (err instanceof ForeignWebhook) throw new HttpError(403, err.message);
      throw err;
    }
    if (parsed.kind === 'ignored') return sendJson(res, 200, { accepted: false, reason: parsed.reason }), true;
    const checked = orderEventSchema.safeParse(parsed.event);
    if (!checked.success) throw new HttpError(400, describeIssues(checked.error).join('; '));
    const event = checked.data;
    const workflowId = orderWorkflowId(store, event.orderId);
    const settings = options.settings ? await options.settings(store).catch(() => undefined) : undefined;
    try {
      await options.client.withDeadline(Date.now() + SIGNAL_DEADLINE_MS, () => options.client.workflow.signalWithStart('orderLifecycle', {
        workflowId, taskQueue: options.taskQueue, args: [{ store, orderId: event.orderId }], signal: orderEventSignal, signalArgs: [settings ? { ...event, settings } : event],
        // An order whose workflow has finished (dispatched, cancelled, too old) is not started again by a
        // late or repeated webhook: that would announce "payment approved" after "on its way".
        workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
      }));
    } catch (err) {
      // Temporal down or restarting: the event is not taken, and a non-2xx answer makes Shopify and Tiendanube
      // deliver it again later. Past the deadline the signal may still have landed; the redelivery carries
      // the same event id, which the order's workflow ignores the second time.
      if (isServerOutage(err)) throw new HttpError(503, 'the workflow service is unreachable: the event was not taken, deliver it again later');
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      sendJson(res, 200, { accepted: false, workflowId, reason: 'the order\'s alerts are already finished' });
      return true;
    }
    sendJson(res, parser.acceptedStatus, { accepted: true, workflowId, milestone: event.milestone });
    return true;
  };
}
