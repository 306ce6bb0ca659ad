import { createSmtpChannel } from '../../../src/connectors/channels/smtp';
import type { ConnectionOf } from '../../../src/domain/connections';
import { SmtpSink } from '../../../src/sandbox/smtp';
import { channelFailure, closedPort } from './support';

const USER = 'alerts';
const PASSWORD = 'correct horse';

/** Recipients the test server refuses, with the reply it gives. */
const refusals: Record<string, { code: number; text: string }> = {
  'nobody@shop.example': { code: 550, text: '5.1.1 No such user' },
  'busy@shop.example': { code: 451, text: '4.3.0 Try again later' },
};

describe('SMTP email channel against a real SMTP server on loopback', () => {
  const sink = new SmtpSink({ auth: { user: USER, password: PASSWORD }, refusals });

  beforeAll(() => sink.start());
  afterAll(() => sink.stop());

  const connection = (overrides: Partial<ConnectionOf<'smtp'>> = {}): ConnectionOf<'smtp'> => ({
    kind: 'smtp', host: '127.0.0.1', port: sink.port, secure: false, user: USER, password: PASSWORD, from: 'Loja Exemplo <alerts@shop.example>', ...overrides,
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
    const mail = sink.received.find((m) => m.messageId === receipt.providerId);
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
