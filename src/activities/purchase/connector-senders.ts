import type { ConnectionRegistry } from '../../config/secrets';
import { ChannelError, channelConnectorFactories, type NotificationChannel } from '../../connectors/channels';
import type { ChannelSenders } from './channel-senders';

export type ChannelConnectorFactories = typeof channelConnectorFactories;

export interface ConnectorSenderOptions {
  /**
   * The ingress's public URL. An SMS connection without its own statusCallbackUrl asks Twilio to report
   * delivery to `<publicUrl>/callbacks/twilio/<connection>`, which records it in the communication log.
   */
  publicUrl?: string;
}

/** Where Twilio reports a message's delivery for this connection: its own setting, else the ingress's route. */
export function smsStatusCallbackUrl(name: string, configured: string | undefined, publicUrl: string | undefined): string | undefined {
  if (configured) return configured;
  return publicUrl ? `${publicUrl.replace(/\/+$/, '')}/callbacks/twilio/${encodeURIComponent(name)}` : undefined;
}

/**
 * The production ChannelSenders: each connection name resolved through the registry (secrets stay inside
 * activities) into the channel connector of its kind, built once per worker. A connection that is missing,
 * of the wrong kind or without its secret is a permanent `misconfigured` failure: retrying cannot fix it.
 */
export function createConnectorSenders(
  connections: ConnectionRegistry,
  factories: ChannelConnectorFactories = channelConnectorFactories,
  options: ConnectorSenderOptions = {},
): ChannelSenders & { close(): Promise<void> } {
  const built = new Map<string, NotificationChannel<never>>();

  function channel<C>(name: string, build: () => NotificationChannel<C>): NotificationChannel<C> {
    const cached = built.get(name);
    if (cached) return cached as unknown as NotificationChannel<C>;
    let created: NotificationChannel<C>;
    try {
      created = build();
    } catch (err) {
      if (err instanceof ChannelError) throw err;
      throw new ChannelError('misconfigured', err instanceof Error ? err.message : String(err), { provider: 'config', cause: err });
    }
    built.set(name, created as unknown as NotificationChannel<never>);
    return created;
  }

  return {
    async email(name, message) {
      const smtp = channel(name, () => {
        const { connection, secrets } = connections.resolve(name, 'smtp');
        return factories.smtp(connection, secrets);
      });
      return smtp.send(message);
    },
    async sms(name, message) {
      const twilio = channel(name, () => {
        const { connection, secrets } = connections.resolve(name, 'twilio');
        const statusCallbackUrl = smsStatusCallbackUrl(name, connection.statusCallbackUrl, options.publicUrl);
        return factories.twilio({ ...connection, ...(statusCallbackUrl ? { statusCallbackUrl } : {}) }, secrets);
      });
      return twilio.send(message);
    },
    async push(name, subscription, payload) {
      const webpush = channel(name, () => {
        const { connection, secrets } = connections.resolve(name, 'webpush');
        return factories.webpush(connection, secrets);
      });
      return webpush.send({ subscription, payload });
    },
    async close() {
      await Promise.all([...built.values()].map((c) => c.close()));
      built.clear();
    },
  };
}
