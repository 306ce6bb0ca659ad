import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ApiKey, Authenticator } from './auth';
import type { Reply } from './collection';
import { WooError } from './errors';
import type { FaultPlan, RateLimiter } from './faults';
import type { Ctx } from './resource';
import { route } from './router';

export const API_PREFIX = '/wp-json/wc/v3';

export interface ServerParts {
  ctx: Ctx;
  key: ApiKey;
  faults: FaultPlan;
  rateLimiter: RateLimiter | null;
  weightUnit: string;
}

function send(res: ServerResponse, reply: Reply): void {
  if (res.destroyed) return;
  const body = JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    'Content-Type': 'application/json; charset=UTF-8',
    'Content-Length': Buffer.byteLength(body),
    'Access-Control-Expose-Headers': 'X-WP-Total, X-WP-TotalPages, Link',
    ...reply.headers,
  });
  res.end(body);
}

function errorReply(err: unknown): Reply {
  const error = err instanceof WooError ? err : new WooError(500, 'internal_server_error', 'There has been a critical error on this website.');
  return { status: error.status, body: error.body() };
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new WooError(400, 'rest_invalid_json', 'Invalid JSON body passed.');
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Injects the fault drawn for this request. Returns true when the request is finished (answered, dropped
 * or left hanging) and must not be served.
 */
async function injectFault(parts: ServerParts, req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> {
  const fault = parts.faults.draw(path);
  switch (fault) {
    case null: return false;
    case 'slow': await sleep(parts.faults.slowMs); return false;
    case 'timeout': return true;
    case 'reset': req.socket.destroy(); return true;
    case '429':
      send(res, { status: 429, body: { code: 'rate_limit_exceeded', message: 'Too many requests. Please wait and try again.', data: { status: 429 } }, headers: { 'Retry-After': String(parts.faults.retryAfterSeconds) } });
      return true;
    default:
      send(res, { status: Number(fault), body: { code: 'internal_server_error', message: 'There has been a critical error on this website.', data: { status: Number(fault) } } });
      return true;
  }
}

async function handle(parts: ServerParts, auth: Authenticator, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', parts.ctx.baseUrl);
  const method = (req.method ?? 'GET').toUpperCase();
  if (!url.pathname.startsWith(API_PREFIX)) return send(res, errorReply(new WooError(404, 'rest_no_route', 'No route was found matching the URL and request method.')));
  const path = url.pathname.slice(API_PREFIX.length).replace(/\/+$/, '') || '/';
  parts.ctx.state.recordRequest(method, path);
  if (await injectFault(parts, req, res, path)) return;
  const wait = parts.rateLimiter?.take() ?? null;
  if (wait !== null) {
    return send(res, { status: 429, body: { code: 'rate_limit_exceeded', message: `Too many requests. Please wait ${wait} seconds before trying again.`, data: { status: 429 } }, headers: { 'Retry-After': String(wait) } });
  }
  try {
    auth.check(req, method, url);
    const body = method === 'GET' || method === 'DELETE' ? await readBody(req).catch(() => undefined) : await readBody(req);
    send(res, route(parts.ctx, { method, path, params: url.searchParams, body }, parts.weightUnit));
  } catch (err) {
    send(res, errorReply(err));
  }
}

export async function listen(parts: ServerParts, host: string, port: number): Promise<{ server: Server; port: number; setBaseUrl: (url: string) => void }> {
  let auth: Authenticator | null = null;
  const server = createServer((req, res) => {
    if (!auth) auth = new Authenticator(parts.key, parts.ctx.baseUrl);
    handle(parts, auth, req, res).catch((err: unknown) => send(res, errorReply(err)));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return {
    server,
    port: (server.address() as AddressInfo).port,
    setBaseUrl: (url: string) => {
      parts.ctx.baseUrl = url;
      auth = new Authenticator(parts.key, url);
    },
  };
}
