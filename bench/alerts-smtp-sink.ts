import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/**
 * A real SMTP server on loopback that notes when it accepted a message for each recipient: the moment the
 * provider has it (end of DATA, before the 250 reply), which is what the bench measures up to.
 */
export class AcceptingSmtpSink {
  /** Recipient address → Date.now() when its message was accepted. */
  readonly acceptedAt = new Map<string, number>();
  private server: SMTPServer | null = null;
  port = 0;

  async start(): Promise<this> {
    const server = new SMTPServer({
      logger: false,
      disabledCommands: ['STARTTLS', 'AUTH'],
      maxClients: 2000,
      // No DNS on loopback: a reverse lookup of 127.0.0.1 would add its timeout to every message measured.
      disableReverseLookup: true,
      onData: (stream, session, callback) => {
        stream.on('data', () => undefined);
        stream.on('end', () => {
          const at = Date.now();
          for (const rcpt of session.envelope.rcptTo) if (!this.acceptedAt.has(rcpt.address)) this.acceptedAt.set(rcpt.address, at);
          callback();
        });
      },
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    this.port = (server.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
