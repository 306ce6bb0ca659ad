import { ApplicationFailure, log } from '@temporalio/activity';
import type { Channel, Milestone, OrderSnapshot } from '../../domain/purchase/events';
import { alertContent } from '../../domain/purchase/messages';
import type { PurchaseSettings } from '../../domain/purchase/settings';
import { countSmsSegments } from '../../domain/sms-segments';
import type { Store } from '../../store/database';
import { CommunicationLog, maskRecipient } from '../../store/communication-log';
import { MerchantSettingsRepository } from '../../store/merchant-settings';
import { PushSubscriptionRepository } from '../../store/push-subscriptions';
import { SmsCreditLedger } from '../../store/sms-credit-ledger';
import { TrackingLinkRepository } from '../../store/tracking-links';
import type { ChannelOutcome } from '../../workflows/purchase/messages';
import { type ChannelSenders, isSendFailure } from './channel-senders';

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
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function createPurchaseActivities(deps: PurchaseActivityDeps) {
  const communications = new CommunicationLog(deps.store);
  const credits = new SmsCreditLedger(deps.store);
  const merchantSettings = new MerchantSettingsRepository(deps.store);
  const pushSubscriptions = new PushSubscriptionRepository(deps.store);
  const trackingLinks = new TrackingLinkRepository(deps.store);
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

  return {
    async loadPurchaseSettings(store: string): Promise<PurchaseSettings> {
      return loadSettings(store);
    },

    async fetchOrderSnapshot(input: { store: string; orderId: string }): Promise<OrderSnapshot | null> {
      if (!deps.fetchOrder) throw ApplicationFailure.nonRetryable(`no order source is configured for store "${input.store}"`, 'NoOrderSource');
      return deps.fetchOrder(input.store, input.orderId);
    },

    /**
     * Sends one milestone alert on one channel, once: a repeat of the same (order, milestone, channel) that
     * was already sent is a no-op. Permanent failures are recorded and returned; transient ones are thrown
     * for Temporal to retry with backoff.
     */
    async sendMilestoneAlert(request: AlertRequest): Promise<ChannelOutcome> {
      const { store, orderId, milestone, channel, order } = request;
      const already = await communications.findSent(store, orderId, milestone, channel);
      if (already) return { channel, status: 'sent', detail: already.providerId };
      const settings = await loadSettings(store);
      const connection = settings.connections[channel];
      const recipient = channel === 'email' ? order.email : channel === 'sms' ? order.phone : order.email ?? orderId;
      const record = (status: string, providerId: string | null, error: string | null) =>
        communications.record({ store, orderId, milestone, channel, recipientMasked: maskRecipient(recipient), status, providerId, error });
      if (!connection) {
        await record('no-connection', null, `no ${channel} connection in the store's settings`);
        return { channel, status: 'no-recipient', detail: `no ${channel} connection configured` };
      }
      if (!recipient) {
        await record('no-recipient', null, null);
        return { channel, status: 'no-recipient', detail: `the order has no ${channel === 'sms' ? 'phone' : 'email'}` };
      }
      const trackingLink = milestone === 'dispatch' && order.trackingCode ? `${deps.publicUrl}/t/${encodeURIComponent(store)}/${encodeURIComponent(orderId)}` : null;
      // Saved before the alert goes out, so the link works from the moment the shopper can click it.
      if (trackingLink && order.trackingCode) await trackingLinks.save(store, orderId, { carrier: order.carrier, trackingCode: order.trackingCode });
      const content = alertContent(milestone, order, settings.storeName, channel, trackingLink);
      try {
        if (channel === 'email') {
          const html = `<p>${escapeHtml(content.text)}</p>${content.url ? `<p><a href="${escapeHtml(content.url)}">Track your order</a></p>` : ''}`;
          const sent = await deps.channels.email(connection, { to: recipient, subject: content.subject, text: content.text, html });
          await record('sent', sent.providerId, null);
          return { channel, status: 'sent', detail: sent.providerId };
        }
        if (channel === 'sms') {
          const { segments } = countSmsSegments(content.text);
          if (!(await credits.debit(store, segments))) {
            await record('no-credits', null, `needs ${segments} credit(s)`);
            if (await credits.markExhaustedNotice(store)) {
              const message = `SMS credits are exhausted for ${store}: alerts fall back to push or email until you top up.`;
              // Told once per period; a failure to tell must not turn into a retry that re-debits.
              await notifyMerchant(store, settings, message).catch((err: unknown) => log.warn(`could not tell the merchant of ${store}: ${String(err)}`));
            }
            return { channel, status: 'no-credits', detail: `needs ${segments} credit(s)` };
          }
          try {
            const sent = await deps.channels.sms(connection, { to: recipient, body: content.text });
            await record('sent', sent.providerId, null);
            return { channel, status: 'sent', detail: sent.providerId };
          } catch (err) {
            // Nothing was sent: give the credits back before deciding whether to retry.
            await credits.topUp(store, segments).catch(() => undefined);
            throw err;
          }
        }
        const subscriptions = await pushSubscriptions.forShopper(store, [order.email ?? '', orderId]);
        if (subscriptions.length === 0) {
          await record('no-recipient', null, 'no push subscription');
          return { channel, status: 'no-recipient', detail: 'the shopper has no push subscription' };
        }
        let delivered = 0;
        for (const s of subscriptions) {
          try {
            await deps.channels.push(connection, { endpoint: s.endpoint, keys: s.keys }, { title: content.subject, body: content.text, url: content.url });
            delivered += 1;
          } catch (err) {
            if (isSendFailure(err) && err.code === 'subscription-gone') {
              await pushSubscriptions.delete(s.endpoint);
              continue;
            }
            throw err;
          }
        }
        await record(delivered ? 'sent' : 'failed', null, delivered ? null : 'every subscription was gone');
        return { channel, status: delivered ? 'sent' : 'failed', detail: `${delivered} browser(s)` };
      } catch (err) {
        if (isSendFailure(err) && err.permanent) {
          await record('failed', null, `${err.code}: ${err.message}`);
          return { channel, status: 'failed', detail: `${err.code}: ${err.message}` };
        }
        await record('retrying', null, err instanceof Error ? err.message : String(err));
        throw err;
      }
    },

    /** The 5-day retention of the communication log, run by a Temporal Schedule. */
    async purgeCommunicationLog(days: number): Promise<number> {
      return communications.deleteOlderThan(days);
    },
  };
}

export type PurchaseActivities = ReturnType<typeof createPurchaseActivities>;
