import type { CallbackAttempt, SimulatedMessage } from './messages';
import { twilioSignature } from './signature';

/** How a message ends: delivered, or refused by the carrier/handset with Twilio's error code. */
export type DeliveryOutcome =
  | { status: 'delivered' }
  | { status: 'undelivered'; errorCode: number; errorMessage: string }
  | { status: 'failed'; errorCode: number; errorMessage: string };

type Step = { status: 'sent' } | DeliveryOutcome;

export interface LifecycleOptions {
  authToken: string;
  /** Time between two status changes. */
  stepMs: number;
  outcomeFor(message: SimulatedMessage): DeliveryOutcome;
  now(): Date;
}

/**
 * Moves queued messages along (queued → sent → delivered, or → undelivered / failed) and reports each change
 * to the message's StatusCallback, signed like Twilio signs it. Callbacks of one message go out in order.
 */
export class MessageLifecycle {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<Promise<void>>();
  private closed = false;

  constructor(private readonly options: LifecycleOptions) {}

  start(message: SimulatedMessage): void {
    const outcome = this.options.outcomeFor(message);
    // A failed message never leaves Twilio; the others are handed to the carrier first.
    const steps: Step[] = outcome.status === 'failed' ? [outcome] : [{ status: 'sent' }, outcome];
    this.schedule(message, steps);
  }

  private schedule(message: SimulatedMessage, steps: Step[]): void {
    const [step, ...rest] = steps;
    if (!step || this.closed) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      const done = this.advance(message, step).then(() => this.schedule(message, rest));
      this.inFlight.add(done);
      void done.finally(() => this.inFlight.delete(done));
    }, this.options.stepMs);
    this.timers.add(timer);
  }

  private async advance(message: SimulatedMessage, step: Step): Promise<void> {
    const now = this.options.now();
    message.status = step.status;
    message.dateUpdated = now;
    if (step.status === 'sent') message.dateSent = now;
    if (step.status === 'undelivered' || step.status === 'failed') {
      message.errorCode = step.errorCode;
      message.errorMessage = step.errorMessage;
    }
    if (message.statusCallback) message.callbacks.push(await this.post(message.statusCallback, callbackParams(message)));
  }

  private async post(url: string, params: Record<string, string>): Promise<CallbackAttempt> {
    const signature = twilioSignature(this.options.authToken, url, params);
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Twilio-Signature': signature, 'User-Agent': 'TwilioProxy/1.1' },
        body: new URLSearchParams(params).toString(),
        signal: AbortSignal.timeout(15_000),
      });
      await response.arrayBuffer();
      return { url, params, signature, responseStatus: response.status, error: null };
    } catch (err) {
      return { url, params, signature, responseStatus: null, error: err instanceof Error ? err.message : String(err) };
    }
  }

  /** Stops moving messages along and waits for callbacks already on their way. */
  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await Promise.allSettled([...this.inFlight]);
  }
}

/** The parameters of a message status callback (twilio.com/docs/messaging/guides/track-outbound-message-status). */
function callbackParams(message: SimulatedMessage): Record<string, string> {
  const params: Record<string, string> = {
    AccountSid: message.accountSid,
    ApiVersion: '2010-04-01',
    From: message.from ?? '',
    MessageSid: message.sid,
    MessageStatus: message.status,
    SmsSid: message.sid,
    SmsStatus: message.status,
    To: message.to,
  };
  if (message.messagingServiceSid) params.MessagingServiceSid = message.messagingServiceSid;
  if (message.errorCode !== null) params.ErrorCode = String(message.errorCode);
  return params;
}
