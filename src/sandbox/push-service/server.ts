import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { decryptAes128gcm, DecryptionError } from './decrypt';
import type { PushFaultPlan } from './faults';
import type { SubscriptionStore } from './subscriptions';
import { verifyVapid, VapidError, type VapidClaims } from './vapid';

/** A push message the service accepted, decrypted as the simulated browser would read it. */
export interface ReceivedPush {
  id: string;
  endpoint: string;
  /** The decrypted payload as UTF-8; null for a push without a body. */
  plaintext: string | null;
  ttl: number;
  urgency: string;
  topic: string | null;
  vapid: VapidClaims;
  receivedAt: Date;
}

export interface PushServiceParts {
  origin: string;
  subscriptions: SubscriptionStore;
  received: ReceivedPush[];
  faults: PushFaultPlan;
  /** RFC 8291 §4: push services may refuse bodies over 4096 bytes. */
  maxBodyBytes: number;
  now(): Date;
}

class PushRefusal extends Error {
  constructor(readonly status: number, message: string, readonly headers: Record<string, string> = {}) {
    super(message);
  }
}

const URGENCIES = new Set(['very-low', 'low', 'normal', 'high']);

/** Reads the whole body even past the limit, so the client gets its 413 instead of a reset connection. */
async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= limit) chunks.push(chunk);
  }
  if (size > limit) throw new PushRefusal(413, `payload over ${limit} bytes`);
  return Buffer.concat(chunks);
}

/** The RFC 8030 §5 request headers: TTL is required, Urgency and Topic are checked when present. */
function readHeaders(req: IncomingMessage): { ttl: number; urgency: string; topic: string | null } {
  const ttlHeader = req.headers.ttl;
  if (typeof ttlHeader !== 'string' || !/^\d+$/.test(ttlHeader)) throw new PushRefusal(400, 'a TTL header with a number of seconds is required');
  const urgency = req.headers.urgency ?? 'normal';
  if (typeof urgency !== 'string' || !URGENCIES.has(urgency)) throw new PushRefusal(400, `unknown Urgency ${String(urgency)}`);
  const topic = req.headers.topic;
  if (topic !== undefined && (typeof topic !== 'string' || !/^[A-Za-z0-9_-]{1,32}$/.test(topic))) throw new PushRefusal(400, 'Topic is up to 32 base64url characters');
  return { ttl: Number(ttlHeader), urgency, topic: topic ?? null };
}

async function accept(parts: PushServiceParts, req: IncomingMessage, res: ServerResponse, id: string): Promise<void> {
  const subscription = parts.subscriptions.get(id);
  if (!subscription) throw new PushRefusal(404, 'no such subscription');
  if (subscription.state === 'expired') throw new PushRefusal(410, 'the subscription has expired or was unsubscribed');
  const vapid = verifyVapid(req.headers.authorization, parts.origin, Math.floor(parts.now().getTime() / 1000));
  if (subscription.applicationServerKey && subscription.applicationServerKey !== vapid.publicKey) {
    throw new VapidError(403, 'the VAPID key is not the applicationServerKey the subscription was made with');
  }
  const headers = readHeaders(req);
  const body = await readBody(req, parts.maxBodyBytes);
  let plaintext: string | null = null;
  if (body.length > 0) {
    if (req.headers['content-encoding'] !== 'aes128gcm') throw new PushRefusal(415, 'Content-Encoding must be aes128gcm');
    plaintext = decryptAes128gcm(body, subscription.userAgent, subscription.authSecret).toString('utf8');
  }
  const push: ReceivedPush = { id: randomUUID(), endpoint: subscription.endpoint, plaintext, ...headers, vapid, receivedAt: parts.now() };
  parts.received.push(push);
  // RFC 8030 §5: 201 Created with the push message resource in Location.
  res.writeHead(201, { Location: `${parts.origin}/message/${push.id}`, 'Content-Length': 0 }).end();
}

function refuse(res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  const body = JSON.stringify({ code: status, error: message });
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), ...headers }).end(body);
}

/** Answers 429/5xx or drops the connection when a fault is drawn; true when it did. */
function injectFault(parts: PushServiceParts, req: IncomingMessage, res: ServerResponse, subscriptionId: string): boolean {
  const fault = parts.faults.draw(subscriptionId);
  if (fault === null) return false;
  if (fault === 'reset') req.socket.destroy();
  else if (fault === '429') refuse(res, 429, 'too many requests', { 'Retry-After': String(parts.faults.retryAfterSeconds) });
  else refuse(res, Number(fault), 'push service error');
  return true;
}

export function pushHandler(parts: PushServiceParts) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const match = /^\/push\/([0-9a-f-]{36})$/.exec(new URL(req.url ?? '/', parts.origin).pathname);
    if (!match?.[1]) return refuse(res, 404, 'not found');
    if (req.method !== 'POST') return refuse(res, 405, 'push messages are POSTed');
    if (injectFault(parts, req, res, match[1])) return;
    accept(parts, req, res, match[1]).catch((err: unknown) => {
      if (res.headersSent || res.destroyed) return;
      if (err instanceof PushRefusal) return refuse(res, err.status, err.message, err.headers);
      if (err instanceof VapidError) return refuse(res, err.status, err.message, err.status === 401 ? { 'WWW-Authenticate': 'vapid' } : {});
      if (err instanceof DecryptionError) return refuse(res, 400, `cannot decrypt: ${err.message}`);
      refuse(res, 500, err instanceof Error ? err.message : String(err));
    });
  };
}
