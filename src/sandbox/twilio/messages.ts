import { newSid, rfc2822 } from './ids';
import { segmentsOf } from './segments';

/** Statuses of an outbound message, in the order Twilio moves it along. */
export type MessageStatus = 'queued' | 'sending' | 'sent' | 'delivered' | 'undelivered' | 'failed';

/** A status callback the simulator made, and what the receiver answered. */
export interface CallbackAttempt {
  url: string;
  params: Record<string, string>;
  signature: string;
  /** The receiver's HTTP status, or null when the request failed (refused, reset). */
  responseStatus: number | null;
  error: string | null;
}

/** A message as the simulator holds it; rendered to the API's JSON shape by toResource(). */
export interface SimulatedMessage {
  sid: string;
  accountSid: string;
  to: string;
  from: string | null;
  messagingServiceSid: string | null;
  body: string;
  encoding: 'GSM-7' | 'UCS-2';
  numSegments: number;
  status: MessageStatus;
  errorCode: number | null;
  errorMessage: string | null;
  statusCallback: string | null;
  dateCreated: Date;
  dateUpdated: Date;
  dateSent: Date | null;
  callbacks: CallbackAttempt[];
}

export interface NewMessage {
  accountSid: string;
  to: string;
  from: string | null;
  messagingServiceSid: string | null;
  body: string;
  statusCallback: string | null;
}

export function createMessage(input: NewMessage, now: Date): SimulatedMessage {
  const { encoding, segments } = segmentsOf(input.body);
  return {
    ...input,
    sid: newSid('SM'),
    encoding,
    numSegments: segments,
    status: 'queued',
    errorCode: null,
    errorMessage: null,
    dateCreated: now,
    dateUpdated: now,
    dateSent: null,
    callbacks: [],
  };
}

/** The Messages resource as the published spec (api.v2010.account.message) shapes it. */
export function toResource(message: SimulatedMessage): Record<string, unknown> {
  const uri = `/2010-04-01/Accounts/${message.accountSid}/Messages/${message.sid}.json`;
  return {
    account_sid: message.accountSid,
    api_version: '2010-04-01',
    body: message.body,
    date_created: rfc2822(message.dateCreated),
    date_sent: message.dateSent ? rfc2822(message.dateSent) : null,
    date_updated: rfc2822(message.dateUpdated),
    direction: 'outbound-api',
    error_code: message.errorCode,
    error_message: message.errorMessage,
    from: message.from,
    messaging_service_sid: message.messagingServiceSid,
    num_media: '0',
    num_segments: String(message.numSegments),
    price: null,
    price_unit: 'USD',
    sid: message.sid,
    status: message.status,
    subresource_uris: {
      media: uri.replace(/\.json$/, '/Media.json'),
      feedback: uri.replace(/\.json$/, '/Feedback.json'),
    },
    to: message.to,
    uri,
  };
}
