import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { authenticated } from './auth';
import { sendJson, sendTwilioError, TwilioApiError, twilioErrors } from './errors';
import type { TwilioFaultKind, TwilioFaultPlan } from './faults';
import type { MessageLifecycle } from './lifecycle';
import { createMessage, type SimulatedMessage, toResource } from './messages';
import { type AccountRules, validateCreate } from './validation';

export interface SimulatorParts {
  authToken: string;
  rules: AccountRules;
  messages: SimulatedMessage[];
  faults: TwilioFaultPlan;
  lifecycle: MessageLifecycle;
  now(): Date;
}

const MAX_FORM_BYTES = 64 * 1024;

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  // Reads past the limit rather than stopping, so the client gets the error body instead of a reset.
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= MAX_FORM_BYTES) chunks.push(chunk);
  }
  if (size > MAX_FORM_BYTES) throw new TwilioApiError(413, 20001, 'Request entity too large');
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

const MESSAGES = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/;
const MESSAGE = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\/([^/]+)\.json$/;

async function route(parts: SimulatorParts, req: IncomingMessage, res: ServerResponse, path: string, afterAccept: TwilioFaultKind | null = null): Promise<void> {
  const list = MESSAGES.exec(path);
  const one = MESSAGE.exec(path);
  const account = list?.[1] ?? one?.[1];
  if (!account) throw twilioErrors.notFound(path);
  if (!authenticated(req, parts.rules.accountSid, parts.authToken)) throw twilioErrors.authenticate();
  // Credentials of one account never reach another's resources.
  if (account !== parts.rules.accountSid) throw twilioErrors.notFound(path);
  if (list && req.method === 'POST') {
    const input = validateCreate(await readForm(req), parts.rules);
    if (input instanceof TwilioApiError) throw input;
    const message = createMessage(input, parts.now());
    parts.messages.push(message);
    parts.lifecycle.start(message);
    // The message exists and goes out; the client just never hears so.
    if (afterAccept === 'accept-then-reset') return void req.socket.destroy();
    if (afterAccept === 'accept-then-hang') return;
    return sendJson(res, 201, toResource(message));
  }
  if (list && req.method === 'GET') {
    const mine = parts.messages.filter((m) => m.accountSid === account).slice().reverse();
    return sendJson(res, 200, { messages: mine.map(toResource), page: 0, page_size: mine.length, uri: path, first_page_uri: path, next_page_uri: null, previous_page_uri: null });
  }
  const found = one ? parts.messages.find((m) => m.sid === one[2]) : undefined;
  if (one && req.method === 'GET') {
    if (!found) throw twilioErrors.notFound(path);
    return sendJson(res, 200, toResource(found));
  }
  throw twilioErrors.methodNotAllowed();
}

/** Applies an injected fault drawn before the request is handled; true when the request was answered (or dropped) by it. */
async function injectFault(parts: SimulatorParts, fault: TwilioFaultKind | null, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  if (fault === null || fault === 'accept-then-hang' || fault === 'accept-then-reset') return false;
  if (fault === 'slow') {
    await new Promise((resolve) => setTimeout(resolve, parts.faults.slowMs));
    return false;
  }
  if (fault === 'reset') {
    req.socket.destroy();
    return true;
  }
  if (fault === '429') {
    sendJson(res, 429, twilioErrors.tooManyRequests().body(), { 'Retry-After': String(parts.faults.retryAfterSeconds) });
    return true;
  }
  sendTwilioError(res, fault === '500' ? twilioErrors.internal() : twilioErrors.unavailable());
  return true;
}

function inspect(parts: SimulatorParts, res: ServerResponse): void {
  sendJson(res, 200, { messages: parts.messages.map((m) => ({ ...toResource(m), callbacks: m.callbacks })) });
}

export function createTwilioServer(parts: SimulatorParts): Server {
  return createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://simulator').pathname;
    void (async () => {
      if (path === '/__sandbox/messages') return inspect(parts, res);
      const fault = parts.faults.draw();
      if (await injectFault(parts, fault, req, res)) return;
      await route(parts, req, res, path, fault === 'accept-then-hang' || fault === 'accept-then-reset' ? fault : null);
    })().catch((err: unknown) => {
      if (res.headersSent || res.destroyed) return;
      sendTwilioError(res, err instanceof TwilioApiError ? err : twilioErrors.internal());
    });
  });
}
