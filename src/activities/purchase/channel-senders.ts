/** A push subscription as the browser's PushManager gives it. */
export interface StoredPushSubscription {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

/** Thrown by a sender: `permanent` failures are recorded and never retried. */
export interface SendFailure {
  permanent: boolean;
  code: string;
  message: string;
}

export interface SendResult {
  providerId: string | null;
  segments?: number;
}

/**
 * What the alert activity needs from the channel connectors, by connection name. The production
 * implementation wraps src/connectors/channels; tests may wrap the same connectors around simulators.
 */
export interface ChannelSenders {
  email(connection: string, message: { to: string; subject: string; text: string; html: string }): Promise<SendResult>;
  sms(connection: string, message: { to: string; body: string }): Promise<SendResult>;
  push(connection: string, subscription: StoredPushSubscription, payload: { title: string; body: string; url: string | null }): Promise<SendResult>;
}

export function isSendFailure(err: unknown): err is Error & SendFailure {
  return err instanceof Error && typeof (err as unknown as SendFailure).permanent === 'boolean' && typeof (err as unknown as SendFailure).code === 'string';
}
