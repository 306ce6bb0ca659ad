/**
 * The sandbox's own pages on a loopback port: what the simulated services received (the inbox of the SMTP
 * sink, Twilio's message log, the pushes), and the buttons a platform would press (a Tiendanube order paid,
 * packed, fulfilled: the order changes and its signed webhook goes to the ingress, as Tiendanube sends it).
 * Every value is rendered as text; an email's HTML is served on its own under a CSP sandbox, scripts off.
 */
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signPushToken } from '../../src/ingress/push-token';
import type { PushService } from '../../src/sandbox/push-service';
import type { SmtpSink } from '../../src/sandbox/smtp';
import type { TiendanubeSimulator } from '../../src/sandbox/tiendanube';
import type { TwilioSimulator } from '../../src/sandbox/twilio';
import { SANDBOX_SHOPPER, tiendanubeEvents } from './seed';

export interface SandboxService {
  connection: string;
  what: string;
  url: string;
}

export interface PagesParts {
  services: SandboxService[];
  mail: SmtpSink;
  twilio: TwilioSimulator;
  push: PushService;
  tiendanube: { sim: TiendanubeSimulator; store: string; appSecret: string };
  ingressUrl: string;
  /** Counts and cost figures of the simulated stores (state.json). */
  state(): Record<string, unknown>;
}

const escape = (value: unknown): string => String(value ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const STYLE = `body{font:14px/1.45 system-ui,sans-serif;margin:2em;max-width:72em;color:#222}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.35em .5em;text-align:left;vertical-align:top}
th{background:#f4f4f4}pre{white-space:pre-wrap;background:#f8f8f8;padding:1em;border:1px solid #eee}
.banner{background:#fff3cd;border:1px solid #e0c36a;padding:.6em 1em;margin-bottom:1.2em}nav a{margin-right:1em}
form{display:inline}button{margin:0 .2em}`;

function page(res: ServerResponse, title: string, body: string): void {
  res.writeHead(200, {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
    'cache-control': 'no-store',
  });
  res.end(`<!doctype html><html><head><meta charset="utf-8"><title>${escape(title)} · Cutover sandbox</title><style>${STYLE}</style></head><body>
<div class="banner"><strong>SANDBOX</strong>: every service on this page is SIMULATED on this machine. Nothing reaches a real store, inbox or phone.</div>
<nav><a href="/sandbox">services</a><a href="/sandbox/inbox">inbox</a><a href="/sandbox/messages">SMS log</a><a href="/sandbox/push">pushes</a></nav>
<h1>${escape(title)}</h1>${body}</body></html>`);
}

function json(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(value, null, 2));
}

function addresses(value: unknown): string {
  if (!value) return '';
  const list = Array.isArray(value) ? value : [value];
  return list.map((a) => (a as { text?: string }).text ?? '').join(', ');
}

function mails(parts: PagesParts) {
  return parts.mail.received.map((m, index) => ({
    index, from: addresses(m.from), to: addresses(m.to), subject: m.subject ?? '', date: m.date?.toISOString() ?? null,
    text: m.text ?? '', html: typeof m.html === 'string' ? m.html : null,
  }));
}

function messages(parts: PagesParts) {
  return parts.twilio.messages.map((m) => ({
    sid: m.sid, to: m.to, from: m.from, body: m.body, status: m.status, errorCode: m.errorCode, errorMessage: m.errorMessage,
    segments: m.numSegments, dateCreated: m.dateCreated.toISOString(), callbacks: m.callbacks.length,
  }));
}

function pushes(parts: PagesParts) {
  return parts.push.received.map((p) => ({ endpoint: p.endpoint, payload: p.plaintext, urgency: p.urgency, receivedAt: p.receivedAt.toISOString() }));
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/** Changes the order as the merchant would and delivers the webhook Tiendanube sends for it, signed with the app's secret. */
export async function sendTiendanubeWebhook(parts: PagesParts, orderId: number, event: string): Promise<{ status: number; answer: string }> {
  const change = tiendanubeEvents[event];
  if (!change) throw new Error(`unknown event ${event} (known: ${Object.keys(tiendanubeEvents).join(', ')})`);
  const { sim, store, appSecret } = parts.tiendanube;
  sim.updateOrder(orderId, change(new Date()));
  const body = JSON.stringify({ store_id: Number(sim.storeId), event, id: orderId });
  const signature = createHmac('sha256', appSecret).update(body).digest('hex');
  const res = await fetch(`${parts.ingressUrl}/webhooks/tiendanube/${encodeURIComponent(store)}`, {
    method: 'POST', headers: { 'content-type': 'application/json', 'x-linkedstore-hmac-sha256': signature }, body,
  });
  return { status: res.status, answer: await res.text() };
}

/** The sandbox's `push` connection's subscribeSecret: the simulated storefront signs subscription tokens with it. */
export const SANDBOX_PUSH_SUBSCRIBE_SECRET = 'sandbox-push-subscribe-secret-0123456789';

/**
 * A simulated browser subscribes to the store's pushes through the ingress, as the storefront's page would:
 * with a token the store signed for the shopper's email (or order id), valid for ten minutes.
 */
export async function subscribeBrowser(parts: PagesParts, shopperKey: string): Promise<string> {
  const store = encodeURIComponent(parts.tiendanube.store);
  const keyAnswer = await fetch(`${parts.ingressUrl}/push/${store}/vapid-public-key`);
  if (!keyAnswer.ok) throw new Error(`vapid-public-key: ${keyAnswer.status} ${await keyAnswer.text()}`);
  const { publicKey } = (await keyAnswer.json()) as { publicKey: string };
  const subscription = parts.push.subscribe({ applicationServerKey: publicKey });
  const expires = Math.floor(Date.now() / 1000) + 600;
  const token = signPushToken(SANDBOX_PUSH_SUBSCRIBE_SECRET, parts.tiendanube.store, shopperKey.includes('@') ? { email: shopperKey, expires } : { orderId: shopperKey, expires });
  const res = await fetch(`${parts.ingressUrl}/push/${store}/subscriptions`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ subscription, token }),
  });
  if (!res.ok) throw new Error(`subscribe: ${res.status} ${await res.text()}`);
  return subscription.endpoint;
}

function indexPage(parts: PagesParts, res: ServerResponse, notice: string | null): void {
  const rows = parts.services.map((s) => `<tr><td><code>${escape(s.connection)}</code></td><td>${escape(s.what)}</td><td>${escape(s.url)}</td></tr>`).join('');
  const orders = parts.tiendanube.sim.orders().map((o) => {
    const buttons = ['order/paid', 'order/packed', 'order/fulfilled', 'order/cancelled'].map((e) =>
      `<form method="post" action="/sandbox/tiendanube/orders/${o.id}/${e.slice('order/'.length)}"><button>${escape(e)}</button></form>`).join('');
    return `<tr><td>${escape(o.number)}</td><td>${escape(o.payment_status)} / ${escape(o.shipping_status)} / ${escape(o.status)}</td><td>${escape(o.shipping_option)}</td><td>${buttons}</td></tr>`;
  }).join('');
  page(res, 'Simulated services', `${notice ? `<p><strong>${escape(notice)}</strong></p>` : ''}
<p>Named connections as the README names them; workflows and the <code>cutover</code> client use these names.</p>
<table><tr><th>connection</th><th>simulates</th><th>at</th></tr>${rows}</table>
<h2>Tiendanube store <code>${escape(parts.tiendanube.store)}</code>: send a webhook</h2>
<p>Each button changes the order as the merchant's admin would and sends Tiendanube's signed webhook to the ingress
(<code>${escape(parts.ingressUrl)}/webhooks/tiendanube/${escape(parts.tiendanube.store)}</code>); the order's alerts then show in the
<a href="/sandbox/inbox">inbox</a>, the <a href="/sandbox/messages">SMS log</a> and <a href="/sandbox/push">pushes</a>.</p>
<table><tr><th>order</th><th>payment / shipping / status</th><th>delivery</th><th></th></tr>${orders}</table>
<h2>Push: subscribe a simulated browser</h2>
<form method="post" action="/sandbox/push/subscribe"><input name="shopperKey" value="${escape(SANDBOX_SHOPPER.email)}" size="30"> <button>subscribe to ${escape(parts.tiendanube.store)}</button></form>`);
}

export async function startSandboxPages(parts: PagesParts, host: string, port: number): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const wantsHtml = (req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
    const handle = async (): Promise<void> => {
      if (req.method === 'GET' && (path === '/' || path === '/sandbox')) return indexPage(parts, res, url.searchParams.get('notice'));
      if (req.method === 'GET' && path === '/sandbox/state.json') return json(res, 200, parts.state());
      if (req.method === 'GET' && path === '/sandbox/inbox.json') return json(res, 200, mails(parts));
      if (req.method === 'GET' && path === '/sandbox/messages.json') return json(res, 200, messages(parts));
      if (req.method === 'GET' && path === '/sandbox/push.json') return json(res, 200, pushes(parts));
      if (req.method === 'GET' && path === '/sandbox/inbox') {
        const rows = mails(parts).reverse().map((m) => `<tr><td>${escape(m.date)}</td><td>${escape(m.to)}</td><td><a href="/sandbox/inbox/${m.index}">${escape(m.subject || '(no subject)')}</a></td><td>${escape(m.from)}</td></tr>`).join('');
        return page(res, `Inbox (${parts.mail.received.length})`, `<p>Every email the SMTP sink (connection <code>mail</code>) accepted, newest first: alerts, checklist emails, the CSM questionnaire.</p>
<table><tr><th>date</th><th>to</th><th>subject</th><th>from</th></tr>${rows}</table>`);
      }
      const one = /^\/sandbox\/inbox\/(\d+)(\/html)?$/.exec(path);
      if (req.method === 'GET' && one) {
        const mail = mails(parts)[Number(one[1])];
        if (!mail) return json(res, 404, { error: 'no such message' });
        if (one[2]) {
          // The email's own HTML, with scripts, forms and plugins off and no network but images.
          res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': "sandbox; default-src 'none'; img-src * data:; style-src 'unsafe-inline'" });
          return void res.end(mail.html ?? '');
        }
        return page(res, mail.subject || '(no subject)', `<table><tr><th>from</th><td>${escape(mail.from)}</td></tr><tr><th>to</th><td>${escape(mail.to)}</td></tr><tr><th>date</th><td>${escape(mail.date)}</td></tr></table>
${mail.html ? `<p><a href="/sandbox/inbox/${mail.index}/html">HTML version</a></p>` : ''}<pre>${escape(mail.text)}</pre>`);
      }
      if (req.method === 'GET' && path === '/sandbox/messages') {
        const rows = messages(parts).reverse().map((m) => `<tr><td>${escape(m.dateCreated)}</td><td>${escape(m.to)}</td><td>${escape(m.from)}</td><td>${escape(m.body)}</td><td>${escape(m.status)}${m.errorCode ? ` (${escape(m.errorCode)} ${escape(m.errorMessage)})` : ''}</td><td>${escape(m.segments)}</td><td><code>${escape(m.sid)}</code></td></tr>`).join('');
        return page(res, `SMS log (${parts.twilio.messages.length})`, `<p>Every message the Twilio simulator (connection <code>sms</code>) accepted, with its delivery status (reported back to the ingress by signed status callbacks).</p>
<table><tr><th>created</th><th>to</th><th>from</th><th>body</th><th>status</th><th>segments</th><th>SID</th></tr>${rows}</table>`);
      }
      if (req.method === 'GET' && path === '/sandbox/push') {
        const rows = pushes(parts).reverse().map((p) => `<tr><td>${escape(p.receivedAt)}</td><td><pre>${escape(p.payload)}</pre></td><td>${escape(p.urgency)}</td><td><code>${escape(p.endpoint)}</code></td></tr>`).join('');
        return page(res, `Pushes (${parts.push.received.length})`, `<p>Every push the push service (connection <code>push</code>) accepted, decrypted as the browser would.</p>
<table><tr><th>received</th><th>payload</th><th>urgency</th><th>subscription</th></tr>${rows}</table>`);
      }
      const webhook = /^\/sandbox\/tiendanube\/orders\/(\d+)\/(paid|packed|fulfilled|cancelled)$/.exec(path);
      if (req.method === 'POST' && webhook) {
        const sent = await sendTiendanubeWebhook(parts, Number(webhook[1]), `order/${webhook[2]}`);
        if (!wantsHtml) return json(res, 200, { event: `order/${webhook[2]}`, orderId: Number(webhook[1]), ingressStatus: sent.status, ingressAnswer: sent.answer });
        res.writeHead(303, { location: `/sandbox?notice=${encodeURIComponent(`order/${webhook[2]} for order ${webhook[1]}: the ingress answered ${sent.status}`)}` });
        return void res.end();
      }
      if (req.method === 'POST' && path === '/sandbox/push/subscribe') {
        const shopperKey = (await readForm(req)).get('shopperKey') || SANDBOX_SHOPPER.email;
        const endpoint = await subscribeBrowser(parts, shopperKey);
        if (!wantsHtml) return json(res, 201, { shopperKey, endpoint });
        res.writeHead(303, { location: `/sandbox?notice=${encodeURIComponent(`a simulated browser subscribed for ${shopperKey}`)}` });
        return void res.end();
      }
      return json(res, 404, { error: `no sandbox page at ${req.method} ${path}` });
    };
    handle().catch((err: unknown) => json(res, 500, { error: err instanceof Error ? err.message : String(err) }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const url = `http://${host}:${(server.address() as AddressInfo).port}`;
  return {
    url,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
