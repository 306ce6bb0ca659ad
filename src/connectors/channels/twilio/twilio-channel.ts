import twilio from 'twilio';
import { ChannelError } from '../errors';
import type { SendReceipt, SmsChannel, SmsMessage } from '../types';
import { classifyTwilioError } from './classify';
import { EndpointRequestClient } from './endpoint-request-client';

export interface TwilioChannelOptions {
  accountSid: string;
  authToken: string;
  /** A phone number in E.164, or a Messaging Service SID (MG...) to let Twilio pick the sender. */
  from: string;
  statusCallbackUrl?: string;
  /** Another base URL than https://api.twilio.com: a simulator or a proxy. */
  endpoint?: string;
  timeoutMs?: number;
}

type TwilioClient = ReturnType<typeof twilio>;

/** SMS through Twilio's Programmable Messaging with the official SDK. */
export class TwilioSmsChannel implements SmsChannel {
  readonly channel = 'sms' as const;
  readonly provider = 'twilio';
  private readonly client: TwilioClient;

  constructor(private readonly options: TwilioChannelOptions) {
    // Retries belong to the Temporal activity, where they are visible and bounded: the SDK's own stay off.
    const http = { timeout: options.timeoutMs ?? 30_000, autoRetry: false };
    this.client = twilio(options.accountSid, options.authToken, {
      ...http,
      httpClient: options.endpoint ? new EndpointRequestClient(options.endpoint, http) : undefined,
    });
  }

  async send(message: SmsMessage): Promise<SendReceipt> {
    if (!message.body) throw new ChannelError('rejected', 'an SMS needs a body', { provider: this.provider });
    const sender = this.options.from.startsWith('MG') ? { messagingServiceSid: this.options.from } : { from: this.options.from };
    const statusCallback = message.statusCallbackUrl ?? this.options.statusCallbackUrl;
    try {
      const created = await this.client.messages.create({ to: message.to, body: message.body, statusCallback, ...sender });
      const segments = Number.parseInt(created.numSegments, 10);
      return { providerId: created.sid, status: created.status, ...(Number.isFinite(segments) ? { segments } : {}) };
    } catch (err) {
      throw classifyTwilioError(err);
    }
  }

  async close(): Promise<void> {
    // The SDK keeps no connection open between requests.
  }
}
