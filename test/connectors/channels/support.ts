import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ChannelError } from '../../../src/connectors/channels/errors';

/** Awaits a promise expected to reject with a ChannelError, and returns that error. */
export async function channelFailure(promise: Promise<unknown>): Promise<ChannelError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof ChannelError) return err;
    throw new Error(`expected a ChannelError, got ${String(err)}`);
  }
  throw new Error('expected the send to fail');
}

/** A port nothing listens on: bound, then released. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface ReceivedCallback {
  url: string;
  headers: IncomingMessage['headers'];
  params: Record<string, string>;
}

/** A local HTTP endpoint that records form-encoded POSTs, as a status callback receiver does. */
export class CallbackListener {
  readonly received: ReceivedCallback[] = [];
  private waiters: { done: (received: ReceivedCallback[]) => boolean; resolve: () => void }[] = [];
  private server: Server | null = null;
  private origin = '';
  /** Where to send callbacks. */
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const params = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
        this.received.push({ url: `${this.origin}${req.url ?? ''}`, headers: req.headers, params });
        res.writeHead(204).end();
        this.waiters = this.waiters.filter((w) => (w.done(this.received) ? (w.resolve(), false) : true));
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    this.url = `${this.origin}/status`;
    return this;
  }

  /** Resolves once the callbacks received so far satisfy `done`. */
  waitUntil(done: (received: ReceivedCallback[]) => boolean): Promise<void> {
    if (done(this.received)) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ done, resolve }));
  }

  /** Resolves once a callback for this message SID reports `status`. */
  waitForStatus(sid: string, status: string): Promise<void> {
    return this.waitUntil((all) => all.some((c) => c.params.MessageSid === sid && c.params.MessageStatus === status));
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
