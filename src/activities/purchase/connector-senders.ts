import type { ConnectionRegistry } from '../../config/secrets';
import { ChannelError, channelConnectorFactories, type NotificationChannel } from '../../connectors/channels';
import type { ChannelSenders } from './channel-senders';

export type ChannelConnectorFactories = typeof channelConnectorFactories;

/**
 * The production ChannelSenders: each connection name resolved through the registry (secrets stay inside
 * activities) into the channel connector of its kind, built once per worker. A connection that is missing,
 * of the wrong kind or without its secret is a permanent `misconfigured` failure: retrying cannot fix it.
 */
export function createConnectorSenders(connections: ConnectionRegistry, factories: ChannelConnectorFactories = channelConnectorFactories): ChannelSenders & { close(): Promise<void> } {
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
        return factories.twilio(connection, secrets);
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
