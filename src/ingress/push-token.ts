import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/** The longest a subscription token may live: the storefront signs one when it renders the page. */
export const PUSH_TOKEN_MAX_SECONDS = 60 * 60;
/** A subscribe secret this short could be guessed offline from one token. */
export const PUSH_SECRET_MIN_LENGTH = 32;

/**
 * What the store's page sends beside the browser's subscription: whom it is for (the order, the shopper's
 * email, or both), until when (Unix seconds) and the storefront's signature over them and the store.
 */
export const pushTokenSchema = z.object({
  orderId: z.string().trim().min(1).max(64).optional(),
  email: z.email().max(320).optional(),
  expires: z.number().int().positive(),
  signature: z.string().regex(/^[0-9a-f]{64}$/, 'HMAC-SHA256 in lowercase hex'),
}).strict().refine((t) => t.orderId !== undefined || t.email !== undefined, 'an orderId or an email');
export type PushToken = z.infer<typeof pushTokenSchema>;

/**
 * The signed text: a version line, the store (its name in Cutover's settings, as in /push/<store>/...), the
 * order id, the email (empty when absent) and the expiry, one per line. A storefront computes it as
 * hex(HMAC-SHA256(subscribeSecret, text)): PHP's hash_hmac('sha256', ...), Liquid's hmac_sha256 filter.
 */
export function pushTokenText(store: string, token: Omit<PushToken, 'signature'>): string {
  return ['cutover-push-subscription-v1', store, token.orderId ?? '', token.email ?? '', String(token.expires)].join('\n');
}

/** The storefront's side, in TypeScript: signs a token for a shopper (tests and the README's example). */
export function signPushToken(secret: string, store: string, token: Omit<PushToken, 'signature'>): PushToken {
  return { ...token, signature: createHmac('sha256', secret).update(pushTokenText(store, token)).digest('hex') };
}

/** Why a token does not let this subscription in (said in a 401), or the shopper it is for. */
export function verifyPushToken(secret: string, store: string, raw: unknown, nowSeconds = Math.floor(Date.now() / 1000)):
  { ok: true; token: PushToken } | { ok: false; reason: string } {
  if (raw === undefined) return { ok: false, reason: 'a subscription needs a token signed by the store (token: { orderId, email, expires, signature })' };
  const parsed = pushTokenSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, reason: `token: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(token)'}: ${i.message}`).join('; ')}` };
  const token = parsed.data;
  const expected = createHmac('sha256', secret).update(pushTokenText(store, token)).digest();
  if (!timingSafeEqual(expected, Buffer.from(token.signature, 'hex'))) return { ok: false, reason: 'the token\'s signature is not the store\'s' };
  if (token.expires <= nowSeconds) return { ok: false, reason: 'the token has expired: the page asks the store for a new one' };
  if (token.expires > nowSeconds + PUSH_TOKEN_MAX_SECONDS) return { ok: false, reason: `the token lives too long: at most ${PUSH_TOKEN_MAX_SECONDS} seconds` };
  return { ok: true, token };
}
