import { type Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { ConnectionRegistry } from '../../config/secrets';
import { orderEventSchema, orderWorkflowId } from '../../domain/purchase/events';
import { orderEventSignal } from '../../workflows/purchase/messages';
import { HttpError, readBody, type Route, sendJson } from '../http';
import { verifyHmac } from './signature';
import { shopifyWebhooks } from './shopify';
import { tiendanubeWebhooks } from './tiendanube';
import { MalformedWebhook, type WebhookParser } from './types';
import { wooCommerceWebhooks } from './woocommerce';
import { describeIssues } from '../../domain/validation';

const parsers: Record<string, WebhookParser> = { shopify: shopifyWebhooks, woocommerce: wooCommerceWebhooks, tiendanube: tiendanubeWebhooks };

/**
 * POST /webhooks/<platform>/<connection>: verify the signature on the raw body (401, nothing started),
 * parse (400 with the reason), then signal-with-start the order's workflow. A repeated delivery reaches
 * the same workflow, which ignores an event id it has seen.
 */
export function webhookRoute(options: { client: Client; taskQueue: string; connections: ConnectionRegistry }): Route {
  return async (req, res, url) => {
    const match = /^\/webhooks\/(shopify|woocommerce|tiendanube)\/([^/]+)$/.exec(url.pathname);
    if (!match) return false;
    if (req.method !== 'POST') throw new HttpError(405, 'use POST');
    const platform = match[1] as string;
    const store = decodeURIComponent(match[2] as string);
    const parser = parsers[platform] as WebhookParser;
    let secret: string | undefined;
    try {
      const { connection, secrets } = options.connections.resolve(store);
      if (connection.kind !== platform) throw new HttpError(404, `no ${platform} store named "${store}"`);
      secret = (secrets as Record<string, string | undefined>)[parser.secretField];
    } catch (err) {
      if (err instanceof HttpError) throw err;
      throw new HttpError(404, `no ${platform} store named "${store}"`);
    }
    if (!secret) throw new HttpError(401, `store "${store}" has no ${parser.secretField} configured: webhooks cannot be verified`);
    const raw = await readBody(req);
    const signature = req.headers[parser.signatureHeader];
    if (!verifyHmac(raw, secret, Array.isArray(signature) ? signature[0] : signature, parser.encoding)) throw new HttpError(401, 'invalid webhook signature');
    let body: unknown;
    const text = raw.toString('utf8');
    try {
      body = text.startsWith('webhook_id=') ? {} : JSON.parse(text);
    } catch (err) {
      throw new HttpError(400, `body is not JSON: ${(err as Error).message}`);
    }
    let parsed;
    try {
      parsed = parser.parse(store, body, req.headers, raw);
    } catch (err) {
      if (err instanceof MalformedWebhook) throw new HttpError(400, err.message);
      throw err;
    }
    if (parsed.kind === 'ignored') return sendJson(res, 200, { accepted: false, reason: parsed.reason }), true;
    const checked = orderEventSchema.safeParse(parsed.event);
    if (!checked.success) throw new HttpError(400, describeIssues(checked.error).join('; '));
    const event = checked.data;
    const workflowId = orderWorkflowId(store, event.orderId);
    try {
      await options.client.workflow.signalWithStart('orderLifecycle', {
        workflowId, taskQueue: options.taskQueue, args: [{ store, orderId: event.orderId }], signal: orderEventSignal, signalArgs: [event],
        // An order whose workflow has finished (dispatched, cancelled, too old) is not started again by a
        // late or repeated webhook: that would announce "payment approved" after "on its way".
        workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      sendJson(res, 200, { accepted: false, workflowId, reason: 'the order\'s alerts are already finished' });
      return true;
    }
    sendJson(res, 202, { accepted: true, workflowId, milestone: event.milestone });
    return true;
  };
}
