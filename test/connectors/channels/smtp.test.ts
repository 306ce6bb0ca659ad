import { type ParsedMail, simpleParser } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { createSmtpChannel } from '../../../src/connectors/channels/smtp';
import type { ConnectionOf } from '../../../src/domain/connections';
import { channelFailure, closedPort } from './support';

const USER = 'alerts';
const PASSWORD = 'correct horse';

/** Recipients the test server refuses, with the reply it gives. */
const refusals: Record<string, { code: number; text: string }> = {
  'nobody@shop.example': { code: 550, text: '5.1.1 No such user' },
  'busy@shop.example': { code: 451, text: '4.3.0 Try again later' },
};

describe('SMTP email channel against a real SMTP server on loopback', () => {
  let server: SMTPServer;
  let port: number;
  const received: ParsedMail[] = [];

  beforeAll(async () => {
    server = new SMTPServer({
      logger: false,
      // Plain SMTP on loopback; the channel upgrades with STARTTLS wherever a server offers it.
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
      onAuth(auth, _session, callback) {
        if (auth.username === USER && auth.password === PASSWORD) return callback(null, { user: USER });
        return callback(new Error('Invalid username or password'));
      },
      onRcptTo(address, _session, callback) {
        const refusal = refusals[address.address];
        if (!refusal) return callback();
        return callback(Object.assign(new Error(refusal.text), { responseCode: refusal.code }));
      },
      onData(stream, _session, callback) {
        simpleParser(stream).then((mail) => {
          received.push(mail);
          callback();
        }, callback);
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const connection = (overrides: Partial<ConnectionOf<'smtp'>> = {}): ConnectionOf<'smtp'> => ({
    kind: 'smtp', host: '127.0.0.1', port, secure: false, user: USER, password: PASSWORD, from: 'Loja Exemplo <alerts@shop.example>', ...overrides,
  });

  it('sends a text and HTML message that arrives whole, and returns its Message-ID', async () => {
    const channel = createSmtpChannel(connection(), { password: PASSWORD });
    const receipt = await channel.send({
      to: 'ana@example.com',
      subject: 'Seu pedido #1001 foi enviado',
      text: 'Seu pedido #1001 saiu para entrega. Rastreio: BR123456789.',
      html: '<p>Seu pedido <b>#1001</b> saiu para entrega.</p>',
    });
    await channel.close();

    expect(receipt.status).toBe('accepted');
    expect(receipt.providerId).toMatch(/^<.+@.+>$/);
    const mail = received.find((m) => m.messageId === receipt.providerId);
    expect(mail).toBeDefined();
    expect(mail?.subject).toBe('Seu pedido #1001 foi enviado');
    expect(mail?.from?.value[0]).toEqual({ address: 'alerts@shop.example', name: 'Loja Exemplo' });
    expect(mail?.text?.trim()).toBe('Seu pedido #1001 saiu para entrega. Rastreio: BR123456789.');
    expect(mail?.html).toContain('<b>#1001</b>');
  });

  it('reports a 550 for the recipient as a permanent invalid-recipient', async () => {
    const error = await channelFailure(createSmtpChannel(connection(), { password: PASSWORD }).send({ to: 'nobody@shop.example', subject: 's', text: 't', html: '<p>t</p>' }));
    expect(error).toMatchObject({ permanent: true, code: 'invalid-recipient', providerCode: 550, provider: 'smtp' });
  });

  it('reports a 4xx reply as transient', async () => {
    const error = await channelFailure(createSmtpChannel(connection(), { password: PASSWORD }).send({ to: 'busy@shop.example', subject: 's', text: 't', html: '<p>t</p>' }));
    expect(error).toMatchObject({ permanent: false, code: 'deferred', providerCode: 451 });
  });

  it('reports refused credentials as a permanent auth failure', async () => {
    const error = await channelFailure(createSmtpChannel(connection(), { password: 'wrong' }).send({ to: 'ana@example.com', subject: 's', text: 't', html: '<p>t</p>' }));
    expect(error).toMatchObject({ permanent: true, code: 'auth', providerCode: 535 });
  });

  it('reports a server that cannot be reached as a transient network failure', async () => {
    const error = await channelFailure(createSmtpChannel(connection({ port: await closedPort() }), { password: PASSWORD }).send({ to: 'ana@example.com', subject: 's', text: 't', html: '<p>t</p>' }));
    expect(error).toMatchObject({ permanent: false, code: 'network' });
  });
});
