/** The ways Cutover reaches a shopper. */
export type ChannelKind = 'email' | 'sms' | 'push';

/** What a provider said when it took a message: enough to find it again in its logs and to bill it. */
export interface SendReceipt {
  /** The provider's id for the message (Message-ID, Twilio SID, push message URL); null when it gives none. */
  providerId: string | null;
  /** The provider's status word at hand-off ('queued', 'accepted', ...): not a delivery report. */
  status: string;
  /** SMS only: the segments the provider will bill. */
  segments?: number;
}

/**
 * One provider behind one channel. Every failure is thrown as a ChannelError so the caller decides on
 * retries by `permanent` alone, whatever the provider.
 */
export interface NotificationChannel<M> {
  readonly channel: ChannelKind;
  /** The provider's name, for logs and the communication log. */
  readonly provider: string;
  send(message: M): Promise<SendReceipt>;
  /** Releases pooled connections, if the provider keeps any. */
  close(): Promise<void>;
}

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  replyTo?: string;
}

export interface SmsMessage {
  /** E.164, e.g. +5511987654321. */
  to: string;
  body: string;
  /** Overrides the connection's statusCallbackUrl for this message. */
  statusCallbackUrl?: string;
}

/** A push subscription as the browser's PushManager serialises it (PushSubscription.toJSON()). */
export interface PushSubscriptionKeys {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

export type PushUrgency = 'very-low' | 'low' | 'normal' | 'high';

/** What the shop's service worker receives and shows as a notification. */
export interface PushPayload {
  title: string;
  body: string;
  url?: string | null;
  /** Replaces an earlier notification with the same tag on the device (one per order, say). */
  tag?: string;
}

export interface PushMessage {
  subscription: PushSubscriptionKeys;
  payload: PushPayload;
  /** How long the push service keeps the message for an offline browser; default 24 hours. */
  ttlSeconds?: number;
  urgency?: PushUrgency;
  /** Collapses undelivered messages with the same topic into the newest (RFC 8030 §5.4). */
  topic?: string;
}

export type EmailChannel = NotificationChannel<EmailMessage>;
export type SmsChannel = NotificationChannel<SmsMessage>;
export type PushChannel = NotificationChannel<PushMessage>;
