import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import { ChannelError } from '../errors';
import type { EmailChannel, EmailMessage, SendReceipt } from '../types';
import { classifySmtpError } from './classify';

export interface SmtpChannelOptions {
  host: string;
  port: number;
  /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
  secure: boolean;
  user?: string;
  password?: string;
  from: string;
  /** Refuse to send in the clear when the server offers no STARTTLS. */
  requireTls?: boolean;
  /** Extra trust for a server with a private CA (tests, internal relays). */
  ca?: string | Buffer;
  connectionTimeoutMs?: number;
  socketTimeoutMs?: number;
}

/** Email over SMTP with nodemailer: one connection per send, so an activity retry never reuses a broken socket. */
export class SmtpEmailChannel implements EmailChannel {
  readonly channel = 'email' as const;
  readonly provider = 'smtp';
  private readonly transport: Transporter<SMTPTransport.SentMessageInfo>;

  constructor(private readonly options: SmtpChannelOptions) {
    this.transport = nodemailer.createTransport({
      host: options.host,
      port: options.port,
      secure: options.secure,
      requireTLS: options.requireTls ?? false,
      auth: options.user ? { user: options.user, pass: options.password ?? '' } : undefined,
      tls: options.ca ? { ca: options.ca } : undefined,
      connectionTimeout: options.connectionTimeoutMs ?? 30_000,
      greetingTimeout: options.connectionTimeoutMs ?? 30_000,
      socketTimeout: options.socketTimeoutMs ?? 60_000,
    });
  }

  async send(message: EmailMessage): Promise<SendReceipt> {
    let info: SMTPTransport.SentMessageInfo;
    try {
      info = await this.transport.sendMail({
        from: this.options.from,
        to: message.to,
        replyTo: message.replyTo,
        subject: message.subject,
        text: message.text,
        html: message.html,
      });
    } catch (err) {
      throw classifySmtpError(err);
    }
    // A server may accept the transaction yet refuse this recipient alone; with one recipient that is a refusal.
    if (info.accepted.length === 0) {
      throw new ChannelError('invalid-recipient', `the SMTP server refused ${message.to}: ${info.response}`, { provider: this.provider });
    }
    return { providerId: info.messageId, status: 'accepted' };
  }

  async close(): Promise<void> {
    this.transport.close();
  }
}
