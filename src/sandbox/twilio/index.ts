import type { AddressInfo } from 'node:net';
import { TwilioFaultPlan, type TwilioFaultOptions } from './faults';
import { newSid } from './ids';
import { type DeliveryOutcome, MessageLifecycle } from './lifecycle';
import type { SimulatedMessage } from './messages';
import { createTwilioServer } from './server';

export type { TwilioFaultKind, TwilioFaultOptions } from './faults';
export { TwilioFaultPlan } from './faults';
export type { DeliveryOutcome } from './lifecycle';
export type { CallbackAttempt, MessageStatus, SimulatedMessage } from './messages';
export { twilioSignature } from './signature';

export interface TwilioSimulatorOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: any free port. */
  port?: number;
  /** Default: a fresh AC... SID. */
  accountSid?: string;
  /** Default: 32 random hex digits. */
  authToken?: string;
  /** Recipients rejected with 21211 (invalid 'To' number). */
  invalidNumbers?: string[];
  /** Recipients who replied STOP: 21610. */
  unsubscribedNumbers?: string[];
  /** E.164 prefixes of regions not enabled on the account: 21408. */
  blockedPrefixes?: string[];
  /** The account's sender numbers; when given, any other From is rejected with 21606. */
  fromNumbers?: string[];
  /** Recipients whose handset never confirms: the message ends 'undelivered' with 30003. */
  unreachableNumbers?: string[];
  /** Time between two status changes (queued → sent → delivered). Default 20 ms. */
  statusStepMs?: number;
  faults?: TwilioFaultOptions;
  now?: () => Date;
}

export interface TwilioSimulator {
  /** The base URL: what a `twilio` connection's `endpoint` holds. */
  url: string;
  accountSid: string;
  authToken: string;
  /** Every accepted message, with its status and the status callbacks made for it; live. */
  messages: SimulatedMessage[];
  /** Fault injection, changeable while running. */
  faults: TwilioFaultPlan;
  close(): Promise<void>;
}

function outcomeRule(unreachable: ReadonlySet<string>): (message: SimulatedMessage) => DeliveryOutcome {
  return (message) => unreachable.has(message.to)
    ? { status: 'undelivered', errorCode: 30003, errorMessage: 'Unreachable destination handset' }
    : { status: 'delivered' };
}

/**
 * Starts a simulator of Twilio's Messages resource (REST API 2010-04-01, as published in twilio-oai) over
 * plain HTTP, with signed status callbacks, fault injection and an inspection route (/__sandbox/messages).
 */
export async function startTwilioSimulator(options: TwilioSimulatorOptions = {}): Promise<TwilioSimulator> {
  const accountSid = options.accountSid ?? newSid('AC');
  const authToken = options.authToken ?? newSid('').slice(0, 32);
  const now = options.now ?? (() => new Date());
  const faults = new TwilioFaultPlan();
  if (options.faults) faults.configure(options.faults);
  const messages: SimulatedMessage[] = [];
  const lifecycle = new MessageLifecycle({
    authToken,
    stepMs: options.statusStepMs ?? 20,
    outcomeFor: outcomeRule(new Set(options.unreachableNumbers)),
    now,
  });
  const rules = {
    accountSid,
    invalidNumbers: new Set(options.invalidNumbers),
    unsubscribedNumbers: new Set(options.unsubscribedNumbers),
    blockedPrefixes: options.blockedPrefixes ?? [],
    fromNumbers: new Set(options.fromNumbers),
  };
  const server = createTwilioServer({ authToken, rules, messages, faults, lifecycle, now });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    accountSid,
    authToken,
    messages,
    faults,
    close: async () => {
      await lifecycle.close();
      // Requests held by a 'slow' or 'accept-then-hang' fault would keep the server open.
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
  };
}
