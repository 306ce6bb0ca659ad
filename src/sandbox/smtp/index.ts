import { type ParsedMail, simpleParser } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

export interface SmtpSinkOptions {
  /** Credentials the server demands (AUTH over plain SMTP, loopback only); without them it offers no AUTH. */
  auth?: { user: string; password: string };
  /** Recipients refused at RCPT TO with this reply: a 5xx is a permanent refusal, a 4xx a transient one. */
  refusals?: Record<string, { code: number; text: string }>;
  /** Parse each message into `received` (tests read them); a benchmark that only times acceptance turns it off. */
  parse?: boolean;
  maxClients?: number;
}

/**
 * A real SMTP server on loopback, the receiving end of the email channel in tests, benchmarks and demos.
 * It notes when it accepted each recipient's message (end of DATA, before the 250 reply: the moment the
 * provider has it), can refuse chosen recipients, and can go down and come back on the same port.
 */
export class SmtpSink {
  readonly received: ParsedMail[] = [];
  /** Recipient address → Date.now() when its first message was accepted. */
  readonly acceptedAt = new Map<string, number>();
  port = 0;
  /**
   * A slow provider: each message is kept (in `received`) this long before the 250 that tells the client so,
   * which leaves sends in flight for a test to interrupt. Settable at any time; 0 by default.
   */
  acceptDelayMs = 0;
  private server: SMTPServer | null = null;

  constructor(private readonly options: SmtpSinkOptions = {}) {}

  async start(): Promise<this> {
    const { auth, refusals = {}, parse = true, maxClients } = this.options;
    const serverOptions: SMTPServerOptions = {
      logger: false,
      // Plain SMTP on loopback; the channel upgrades with STARTTLS wherever a server offers it.
      disabledCommands: auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
      allowInsecureAuth: !!auth,
      // No DNS on loopback: a reverse lookup of 127.0.0.1 would add its timeout to every message.
      disableReverseLookup: true,
      // stop() gives open connections (a client's idle pool) a second, not smtp-server's 30, before its 421.
      closeTimeout: 1000,
      ...(maxClients ? { maxClients } : {}),
      onAuth(given, _session, callback) {
        if (auth && given.username === auth.user && given.password === auth.password) return callback(null, { user: auth.user });
        return callback(new Error('Invalid username or password'));
      },
      onRcptTo(address, _session, callback) {
        const refusal = refusals[address.address];
        if (!refusal) return callback();
        return callback(Object.assign(new Error(refusal.text), { responseCode: refusal.code }));
      },
      onData: (stream, session, callback) => {
        const accepted = (): void => {
          const at = Date.now();
          for (const rcpt of session.envelope.rcptTo) if (!this.acceptedAt.has(rcpt.address)) this.acceptedAt.set(rcpt.address, at);
        };
        if (!parse) {
          stream.on('data', () => undefined);
          stream.on('end', () => {
            accepted();
            callback();
          });
          return;
        }
        simpleParser(stream).then((mail) => {
          accepted();
          this.received.push(mail);
          if (this.acceptDelayMs > 0) setTimeout(callback, this.acceptDelayMs);
          else callback();
        }, callback);
      },
    };
    const server = new SMTPServer(serverOptions);
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.server.address() as AddressInfo).port;
    return this;
  }

  /** A provider outage: nothing listens on the port until start() again. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Messages received for one address. */
  to(address: string): ParsedMail[] {
    return this.received.filter((m) => m.to && !Array.isArray(m.to) && m.to.value.some((v) => v.address === address));
  }
}
