import { ApplicationFailure, log } from '@temporalio/activity';
import { z } from 'zod';
import type { Channel, Milestone, OrderSnapshot } from '../../domain/purchase/events';
import { alertContent } from '../../domain/purchase/messages';
import type { PurchaseSettings } from '../../domain/purchase/settings';
import { countSmsSegments } from '../../domain/sms-segments';
import { ALERT_SEND_RETENTION_DAYS, type AlertSendKey, AlertSendRepository, recipientKey } from '../../store/alert-sends';
import type { Store } from '../../store/database';
import { CommunicationLog, type CommunicationRecord, maskRecipient } from '../../store/communication-log';
import { MerchantSettingsRepository } from '../../store/merchant-settings';
import { PushSubscriptionRepository } from '../../store/push-subscriptions';
import { SmsCreditLedger } from '../../store/sms-credit-ledger';
import { TrackingLinkRepository } from '../../store/tracking-links';
import type { ChannelOutcome } from '../../workflows/purchase/messages';
import { type ChannelSenders, isSendFailure, type SendResult } from './channel-senders';

export interface PurchaseActivityDeps {
  store: Store;
  channels: ChannelSenders;
  /** Fetches an order when a webhook carries only its id (Tiendanube); by store connection name. */
  fetchOrder?: (store: string, orderId: string) => Promise<OrderSnapshot | null>;
  /** The ingress's public URL, for tracking links. */
  publicUrl: string;
  /**
   * Tells a merchant something once (credits exhausted). By default: an email to the settings'
   * merchantEmail through the store's email connection, else a warning in the worker's log.
   */
  notifyMerchant?: (store: string, message: string) => Promise<void>;
}

export interface AlertRequest {
  store: string;
  orderId: string;
  milestone: Milestone;
  channel: Channel;
  order: OrderSnapshot;
  /** A person's replay of the milestone (1, 2, ...): reopens a failed or unknown send once. 0 or absent: never. */
  replay?: number;
  /** The channel's connection and the store's name as the workflow read them; absent: read from the settings. */
  connection?: string | null;
  storeName?: string;
}

/** What sendOnce did for one recipient; `already`: a claim found it settled, nothing was called. */
type OnceOutcome =
  | { kind: 'sent'; providerId: string | null; already: boolean }
  | { kind: 'failed' | 'unknown'; error: string; code: string | null; already: boolean }
  | { kind: 'no-credits' };

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** A store write that must land: a few quick tries before giving up. */
async function retried<T>(write: () => Promise<T>, attempts = 4): Promise<T> {
  for (let i = 1; ; i += 1) {
    try {
      return await write();
    } catch (err) {
      if (i >= attempts) throw err;
      await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** i));
    }
  }
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const emailAddress = z.email();
/** E.164 as Twilio takes it: "+", a country code not starting with 0, at most 15 digits. */
const E164 = /^\+[1-9]\d{1,14}$/;
/** Platforms keep phones as typed ("+54 9 11 5555-0123"): the punctuation goes, the digits must be E.164. */
const e164 = (phone: string): string => phone.replace(/[\s().-]/g, '');

/** Why an order's email or phone cannot be a recipient (without repeating it: this reaches workflow history), or null. */
function invalidRecipient(channel: 'email' | 'sms', recipient: string): string | null {
  if (channel === 'email') return emailAddress.safeParse(recipient).success ? null : 'the order\'s email is not a valid address';
  return E164.test(e164(recipient)) ? null : 'the order\'s phone is not an E.164 number (+ country code and number, at most 15 digits)';
}

export function createPurchaseActivities(deps: PurchaseActivityDeps) {
  const communications = new CommunicationLog(deps.store);
  const credits = new SmsCreditLedger(deps.store);
  const merchantSettings = new MerchantSettingsRepository(deps.store);
  const pushSubscriptions = new PushSubscriptionRepository(deps.store);
  const trackingLinks = new TrackingLinkRepository(deps.store);
  const alertSends = new AlertSendRepository(deps.store);
  const loadSettings = (store: string): Promise<PurchaseSettings> => merchantSettings.get(store);

  async function notifyMerchant(store: string, settings: PurchaseSettings, message: string): Promise<void> {
    if (deps.notifyMerchant) return deps.notifyMerchant(store, message);
    if (settings.merchantEmail && settings.connections.email) {
      const subject = `${settings.storeName}: SMS credits exhausted`;
      await deps.channels.email(settings.connections.email, { to: settings.merchantEmail, subject, text: message, html: `<p>${escapeHtml(message)}</p>` });
      return;
    }
    log.warn(message);
  }

  /** Gives back an SMS debit the provider's refusal left owed; a failure is thrown (retryable), never swallowed. */
  async function refundOwed(store: string, debitReference: string): Promise<void> {
    try {
      await credits.refund(store, debitReference);
    } catch (err) {
      throw ApplicationFailure.create({
        message: `the SMS was not sent, but returning its credits (${debitReference}) failed: ${errorText(err)}`, type: 'SmsRefundFailed', nonRetryable: false,
      });
    }
  }

  /**
   * One alert to one recipient, at most once. The send is claimed in alert_sends (unique per store, order,
   * milestone, channel and recipient) before the provider is called; a claim that finds the send done,
   * refused for good or in doubt returns that without calling anyone. After the call: `sent`; refused for
   * good: `failed`; refused for now (throttled, down, never reached): released and thrown for a retry; no
   * answer after the request left: `unknown`, which only a person's replay (`replay` > 0, once per replay)
   * sends again. An SMS debits its credits (ledger reference per attempt) just before the call and refunds
   * them, to the bucket they came from, only when the provider definitely did not take it.
   */
  async function sendOnce(
    key: AlertSendKey, masked: string | null, replay: number, send: () => Promise<SendResult>, sms?: { segments: number },
  ): Promise<OnceOutcome> {
    const logged = (providerId: string | null): CommunicationRecord => ({
      store: key.store, orderId: key.orderId, milestone: key.milestone, channel: key.channel, recipientMasked: masked, status: 'sent', providerId, error: null,
    });
    const claim = await alertSends.claim(key, {
      recipientMasked: masked, replay,
      ...(sms ? { debitPrefix: `sms:${key.orderId}:${key.milestone}:${recipientKey(key.recipient).slice(0, 16)}` } : {}),
    });
    const thisDebit = claim.kind === 'go' ? claim.debitReference : null;
    if (claim.owedDebit) {
      const owed = claim.owedDebit;
      try {
        await refundOwed(key.store, owed);
      } catch (err) {
        if (claim.kind === 'go') await alertSends.release(claim.id, errorText(err), owed);
        throw err;
      }
      await alertSends.settleDebit(claim.id, thisDebit);
    }
    if (claim.kind === 'sent') return { kind: 'sent', providerId: claim.providerId, already: true };
    if (claim.kind === 'failed' || claim.kind === 'unknown') return { kind: claim.kind, error: claim.error ?? claim.kind, code: null, already: true };
    if (claim.kind === 'pending') throw ApplicationFailure.create({ message: 'the send is being released by another attempt', type: 'AlertSendBusy', nonRetryable: false });

    const debit = sms ? thisDebit : null;
    if (sms && debit) {
      let debited: boolean;
      try {
        debited = await credits.debit(key.store, sms.segments, debit);
      } catch (err) {
        // The debit may or may not have been written: the next attempt refunds it if it was.
        await alertSends.release(claim.id, errorText(err), debit);
        throw err;
      }
      if (!debited) {
        await alertSends.release(claim.id, `no SMS credits (needs ${sms.segments})`);
        return { kind: 'no-credits' };
      }
    }
    let sent: SendResult;
    try {
      sent = await send();
    } catch (err) {
      const error = errorText(err);
      if (isSendFailure(err) && err.code === 'outcome-unknown') {
        // It may have gone out: the credits stay spent, and nothing sends it again by itself.
        await alertSends.markUnknown(claim.id, error);
        return { kind: 'unknown', error, code: err.code, already: false };
      }
      // The provider did not take it (refused, throttled, down, never reached): its credits go back.
      const permanent = isSendFailure(err) && err.permanent;
      let refundFailure: unknown = null;
      if (debit) await credits.refund(key.store, debit).catch((refundErr: unknown) => { refundFailure = refundErr; });
      const owed = refundFailure ? debit : null;
      if (permanent) await alertSends.markFailed(claim.id, error, owed);
      else await alertSends.release(claim.id, error, owed);
      if (refundFailure) {
        throw ApplicationFailure.create({
          message: `the SMS was not sent (${error}), but returning its credits (${debit}) failed: ${errorText(refundFailure)}`, type: 'SmsRefundFailed', nonRetryable: false,
        });
      }
      if (permanent && isSendFailure(err)) return { kind: 'failed', error: `${err.code}: ${err.message}`, code: err.code, already: false };
      throw err;
    }
    // The provider has it: recording that must not turn into a second send (or a refund), so it is retried here.
    // The log's line goes with it (the caller writes none for a send that is `sent` and not `already`).
    await retried(() => alertSends.markSent(claim.id, sent.providerId, logged(sent.providerId)));
    return { kind: 'sent', providerId: sent.providerId, already: false };
  }

  return {
    async loadPurchaseSettings(store: string): Promise<PurchaseSettings> {
      return loadSettings(store);
    },

    async fetchOrderSnapshot(input: { store: string; orderId: string }): Promise<OrderSnapshot | null> {
      if (!deps.fetchOrder) throw ApplicationFailure.nonRetryable(`no order source is configured for store "${input.store}"`, 'NoOrderSource');
      return deps.fetchOrder(input.store, input.orderId);
    },

    /**
     * Sends one milestone alert on one channel, at most once per recipient (each browser of a push): every
     * recipient's send is claimed in alert_sends before the provider is called (see sendOnce). Permanent
     * failures are recorded and returned; an unknown outcome (the request left, no answer came) is recorded
     * and returned for a person to check and replay; a refusal that may pass is thrown for Temporal to retry
     * with backoff, and the retry skips every recipient already sent.
     */
    async sendMilestoneAlert(request: AlertRequest): Promise<ChannelOutcome> {
      const { store, orderId, milestone, channel, order } = request;
      const replay = request.replay ?? 0;
      const given = request.connection !== undefined && request.storeName !== undefined;
      const settings = given ? null : await loadSettings(store);
      const connection = given ? request.connection : settings?.connections[channel];
      const storeName = request.storeName ?? settings?.storeName ?? '';
      const recipient = channel === 'email' ? order.email : channel === 'sms' ? order.phone : order.email ?? orderId;
      const record = (status: string, providerId: string | null, error: string | null, masked = maskRecipient(recipient)) =>
        communications.record({ store, orderId, milestone, channel, recipientMasked: masked, status, providerId, error });
      if (!connection) {
        await record('no-connection', null, `no ${channel} connection in the store's settings`);
        return { channel, status: 'no-recipient', detail: `no ${channel} connection configured` };
      }
      if (!recipient) {
        await record('no-recipient', null, null);
        return { channel, status: 'no-recipient', detail: `the order has no ${channel === 'sms' ? 'phone' : 'email'}` };
      }
      const invalid = channel === 'push' ? null : invalidRecipient(channel, recipient);
      if (invalid) {
        // Never handed to a provider (nor to nodemailer's address parser): the merchant sees why in the log.
        await record('invalid-recipient', null, invalid);
        return { channel, status: 'failed', detail: `invalid-recipient: ${invalid}` };
      }
      const to = channel === 'sms' ? e164(recipient) : recipient;
      // A random token, saved before the alert goes out so the link works from the moment the shopper can click it.
      const trackingLink = milestone === 'dispatch' && order.trackingCode
        ? `${deps.publicUrl}/t/${await trackingLinks.save(store, orderId, { carrier: order.carrier, trackingCode: order.trackingCode })}`
        : null;
      const content = alertContent(milestone, order, storeName, channel, trackingLink);
      const key = { store, orderId, milestone, channel, recipient };

      if (channel === 'push') {
        const subscriptions = await pushSubscriptions.forShopper(store, [order.email ?? '', orderId]);
        if (subscriptions.length === 0) {
          await record('no-recipient', null, 'no push subscription');
          return { channel, status: 'no-recipient', detail: 'the shopper has no push subscription' };
        }
        let delivered = 0;
        let unknown = 0;
        let retryable: unknown = null;
        const problems: string[] = [];
        for (const s of subscriptions) {
          const masked = maskRecipient(s.endpoint);
          try {
            const outcome = await sendOnce({ ...key, recipient: s.endpoint }, masked, replay,
              () => deps.channels.push(connection, { endpoint: s.endpoint, keys: s.keys }, { title: content.subject, body: content.text, url: content.url }));
            if (outcome.kind === 'sent') {
              delivered += 1;
            } else if (outcome.kind === 'unknown') {
              unknown += 1;
              if (!outcome.already) await record('unknown', null, outcome.error, masked);
            } else if (outcome.kind === 'failed') {
              if (outcome.code === 'subscription-gone') await pushSubscriptions.delete(s.endpoint);
              else problems.push(outcome.error);
              if (!outcome.already) await record('failed', null, outcome.error, masked);
            }
          } catch (err) {
            // This browser may get it later; the others are not held up, and the retry skips the ones sent.
            await record('retrying', null, errorText(err), masked);
            retryable ??= err;
          }
        }
        if (retryable) throw retryable;
        if (delivered) return { channel, status: 'sent', detail: `${delivered} browser(s)${unknown ? `; ${unknown} not confirmed` : ''}` };
        if (unknown) return { channel, status: 'unknown', detail: `${unknown} browser(s): the push service may have taken it, no answer came` };
        return { channel, status: 'failed', detail: problems[0] ?? 'every subscription was gone' };
      }

      let segments = 0;
      if (channel === 'sms') segments = countSmsSegments(content.text).segments;
      let outcome: OnceOutcome;
      try {
        outcome = await sendOnce(key, maskRecipient(recipient), replay, () => {
          if (channel === 'email') {
            const html = `<p>${escapeHtml(content.text)}</p>${content.url ? `<p><a href="${escapeHtml(content.url)}">Track your order</a></p>` : ''}`;
            return deps.channels.email(connection, { to, subject: content.subject, text: content.text, html });
          }
          return deps.channels.sms(connection, { to, body: content.text });
        }, channel === 'sms' ? { segments } : undefined);
      } catch (err) {
        await record('retrying', null, errorText(err));
        throw err;
      }
      if (outcome.kind === 'no-credits') {
        await record('no-credits', null, `needs ${segments} credit(s)`);
        if (await credits.markExhaustedNotice(store)) {
          const message = `SMS credits are exhausted for ${store}: alerts fall back to push or email until you top up.`;
          // Told once per period; a failure to tell must not turn into a retry that re-debits.
          await (async () => notifyMerchant(store, settings ?? await loadSettings(store), message))()
            .catch((err: unknown) => log.warn(`could not tell the merchant of ${store}: ${String(err)}`));
        }
        return { channel, status: 'no-credits', detail: `needs ${segments} credit(s)` };
      }
      if (outcome.kind === 'sent') return { channel, status: 'sent', detail: outcome.providerId };
      if (!outcome.already) await record(outcome.kind, null, outcome.error);
      return { channel, status: outcome.kind, detail: outcome.error };
    },

    /**
     * The 5-day retention of the communication log, run by a Temporal Schedule. The exactly-once records of
     * sends are kept far longer (ALERT_SEND_RETENTION_DAYS, beyond any order's life): the log going never lets
     * an alert go twice.
     */
    async purgeCommunicationLog(days: number): Promise<number> {
      await alertSends.deleteOlderThan(Math.max(days, ALERT_SEND_RETENTION_DAYS));
      // Tracking links go once their order's workflow has ended: each store's order lifetime after the alert.
      for (const store of await trackingLinks.stores()) await trackingLinks.deleteOlderThan(store, (await loadSettings(store)).maxAgeDays);
      return communications.deleteOlderThan(days);
    },
  };
}

export type PurchaseActivities = ReturnType<typeof createPurchaseActivities>;
