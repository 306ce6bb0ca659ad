import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Omnisend REST API v5 simulator, one brand per server: contacts with email / SMS identifiers whose channel
 * statuses carry a statusDate, tags, cursor pagination (`limit` ≤ 250, `after`, `paging.next`), the
 * `X-API-KEY` header, 429 with Retry-After past the per-minute limit, and 400 errors naming the field.
 * Segments are seeded memberships (the API lists a segment's contacts with `segmentID`).
 */
export type ChannelStatus = 'subscribed' | 'unsubscribed' | 'nonSubscribed';
export interface SimIdentifier { type: 'email' | 'phone'; id: string; channels: { email?: { status: ChannelStatus; statusDate: string }; sms?: { status: ChannelStatus; statusDate: string } } }
export interface SimContact {
  contactID: string; identifiers: SimIdentifier[]; firstName?: string; lastName?: string; tags: string[];
  createdAt: string; segments: string[]; [extra: string]: unknown;
}

export interface OmnisendSimulator {
  url: string;
  apiKey: string;
  contacts: SimContact[];
  /** Seeding: a contact as the brand holds it, with segment memberships. */
  seed(contact: { identifiers: SimIdentifier[]; firstName?: string; lastName?: string; tags?: string[]; segments?: string[] }): SimContact;
  failNext(fault: '429' | '500' | '503', count?: number): void;
  readonly calls: string[];
  close(): Promise<void>;
}

class OmnisendError extends Error {
  constructor(readonly status: number, message: string, readonly fields: Record<string, string> = {}, readonly headers: Record<string, string> = {}) { super(message); }
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;
const PHONE = /^\+[1-9]\d{6,14}$/;
const STATUSES = new Set(['subscribed', 'unsubscribed', 'nonSubscribed']);

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
  try {
    const value = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not an object');
    return value as Record<string, unknown>;
  } catch {
    throw new OmnisendError(400, 'Bad request: body is not a JSON object');
  }
}

/**
 * As the API documents: a channel status posted with a statusDate earlier than the one on record changes
 * neither the status nor its date; the latest status update wins.
 */
function newerChannels(current: SimIdentifier['channels'], posted: SimIdentifier['channels']): SimIdentifier['channels'] {
  const merged = { ...current };
  for (const channel of ['email', 'sms'] as const) {
    const next = posted[channel];
    const known = current[channel];
    // A status posted without a date is dated now: it is the latest.
    const postedAt = next?.statusDate ? Date.parse(next.statusDate) : Infinity;
    if (next && (!known || postedAt >= Date.parse(known.statusDate))) merged[channel] = next;
  }
  return merged;
}

/** Checks identifiers as the API does: valid email / E.164 phone, known statuses, ISO statusDate. */
function validateIdentifiers(value: unknown): SimIdentifier[] {
  if (!Array.isArray(value) || value.length === 0) throw new OmnisendError(400, 'Bad request: identifiers are required', { identifiers: 'required' });
  return value.map((raw, i) => {
    const identifier = raw as SimIdentifier;
    const path = `identifiers[${i}]`;
    if (identifier.type !== 'email' && identifier.type !== 'phone') throw new OmnisendError(400, `Bad request: ${path}.type must be email or phone`, { [`${path}.type`]: 'invalid' });
    if (identifier.type === 'email' && !EMAIL.test(String(identifier.id))) throw new OmnisendError(400, `Bad request: ${path}.id is not a valid email`, { [`${path}.id`]: 'invalid email' });
    if (identifier.type === 'phone' && !PHONE.test(String(identifier.id))) throw new OmnisendError(400, `Bad request: ${path}.id is not a valid phone`, { [`${path}.id`]: 'invalid phone' });
    for (const [channel, state] of Object.entries(identifier.channels ?? {})) {
      if (!STATUSES.has(String(state?.status))) throw new OmnisendError(400, `Bad request: ${path}.channels.${channel}.status is invalid`, { [`${path}.channels.${channel}.status`]: 'invalid' });
      if (state?.statusDate !== undefined && Number.isNaN(Date.parse(String(state.statusDate)))) throw new OmnisendError(400, `Bad request: ${path}.channels.${channel}.statusDate is not a date`, { [`${path}.channels.${channel}.statusDate`]: 'invalid' });
    }
    return { type: identifier.type, id: identifier.type === 'email' ? String(identifier.id).toLowerCase() : String(identifier.id), channels: identifier.channels ?? {} };
  });
}

export function startOmnisendSimulator(options: { apiKey?: string; requestsPerMinute?: number; now?: () => Date } = {}): Promise<OmnisendSimulator> {
  const apiKey = options.apiKey ?? 'omnisend-sandbox-key';
  const now = options.now ?? (() => new Date());
  const contacts: SimContact[] = [];
  const faults: string[] = [];
  const calls: string[] = [];
  let counter = 0;
  let window = { minute: -1, count: 0 };
  let base = '';

  const nextId = () => { counter += 1; return `${(0x5f0000000000 + counter).toString(16)}`; };
  const resource = (c: SimContact) => {
    const { segments: _segments, ...rest } = c;
    return rest;
  };
  const findByIdentifiers = (ids: SimIdentifier[]) => contacts.find((c) => c.identifiers.some((a) => ids.some((b) => a.type === b.type && a.id === b.id)));

  function upsert(body: Record<string, unknown>): { contact: SimContact; created: boolean } {
    const identifiers = validateIdentifiers(body.identifiers);
    const { identifiers: _identifiers, contactID: _id, ...fields } = body;
    const tags = Array.isArray(body.tags) ? body.tags.map(String) : [];
    const existing = findByIdentifiers(identifiers);
    if (existing) {
      for (const identifier of identifiers) {
        const same = existing.identifiers.find((x) => x.type === identifier.type && x.id === identifier.id);
        if (same) same.channels = newerChannels(same.channels, identifier.channels);
        else existing.identifiers.push(identifier);
      }
      Object.assign(existing, fields, { tags: [...new Set([...existing.tags, ...tags])] });
      return { contact: existing, created: false };
    }
    const contact: SimContact = { ...fields, contactID: nextId(), identifiers, tags, createdAt: now().toISOString(), segments: [] };
    contacts.push(contact);
    return { contact, created: true };
  }

  async function route(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const path = url.pathname.replace(/\/$/, '');
    const method = req.method ?? 'GET';
    if (path === '/v5/contacts' && method === 'GET') {
      const limit = Number(url.searchParams.get('limit') ?? 100);
      if (!Number.isInteger(limit) || limit < 1 || limit > 250) throw new OmnisendError(400, 'Bad request: limit must be 1..250', { limit: 'invalid' });
      const segment = url.searchParams.get('segmentID');
      const email = url.searchParams.get('email');
      const matching = contacts.filter((c) => (!segment || c.segments.includes(segment)) && (!email || c.identifiers.some((i) => i.type === 'email' && i.id === email.toLowerCase())));
      const after = url.searchParams.get('after');
      const start = after ? Number(Buffer.from(after, 'base64url').toString('utf8')) : 0;
      if (!Number.isInteger(start) || start < 0) throw new OmnisendError(400, 'Bad request: invalid cursor', { after: 'invalid' });
      const page = matching.slice(start, start + limit);
      let next: string | null = null;
      if (start + limit < matching.length) {
        const link = new URL(`${base}${path}`);
        link.searchParams.set('limit', String(limit));
        if (segment) link.searchParams.set('segmentID', segment);
        link.searchParams.set('after', Buffer.from(String(start + limit)).toString('base64url'));
        next = link.toString();
      }
      return send(res, 200, { contacts: page.map(resource), paging: { previous: null, next, limit } });
    }
    if (path === '/v5/contacts' && method === 'POST') {
      const { contact, created } = upsert(await readJson(req));
      return send(res, created ? 201 : 200, { contactID: contact.contactID });
    }
    const one = /^\/v5\/contacts\/([^/]+)$/.exec(path);
    if (one) {
      const contact = contacts.find((c) => c.contactID === one[1]);
      if (!contact) throw new OmnisendError(404, `Contact ${one[1]} not found`);
      if (method === 'GET') return send(res, 200, resource(contact));
      if (method === 'PATCH') {
        const body = await readJson(req);
        if (body.identifiers !== undefined) validateIdentifiers(body.identifiers);
        if (body.tags !== undefined && (!Array.isArray(body.tags) || body.tags.some((t) => typeof t !== 'string'))) throw new OmnisendError(400, 'Bad request: tags must be strings', { tags: 'invalid' });
        if (Array.isArray(body.tags)) contact.tags = [...new Set(body.tags.map(String))];
        return send(res, 200, resource(contact));
      }
    }
    throw new OmnisendError(404, `Not found: ${method} ${path}`);
  }

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    void (async () => {
      try {
        calls.push(`${req.method ?? 'GET'} ${url.pathname}`);
        if (req.headers['x-api-key'] !== apiKey) throw new OmnisendError(401, 'Unauthorized: invalid API key');
        const fault = faults.shift();
        if (fault === '429') throw new OmnisendError(429, 'Too many requests', {}, { 'Retry-After': '1' });
        if (fault) throw new OmnisendError(Number(fault), 'Service unavailable');
        const minute = Math.floor(Date.now() / 60000);
        if (window.minute !== minute) window = { minute, count: 0 };
        window.count += 1;
        if (window.count > (options.requestsPerMinute ?? 400)) {
          const wait = Math.max(1, Math.ceil(((minute + 1) * 60000 - Date.now()) / 1000));
          throw new OmnisendError(429, 'Too many requests', {}, { 'Retry-After': String(wait), 'X-Rate-Limit-Reset': String(wait) });
        }
        await route(req, res, url);
      } catch (err) {
        const e = err instanceof OmnisendError ? err : new OmnisendError(500, (err as Error).message);
        if (!res.headersSent) send(res, e.status, { error: e.message, ...(Object.keys(e.fields).length ? { fields: e.fields } : {}) }, e.headers);
      }
    })();
  });

  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      resolve({
        url: `${base}/v5`, apiKey, contacts, calls,
        seed: (input) => {
          const contact: SimContact = { ...input, tags: input.tags ?? [], segments: input.segments ?? [], contactID: nextId(), createdAt: now().toISOString() };
          contacts.push(contact);
          return contact;
        },
        failNext: (fault, count = 1) => { for (let i = 0; i < count; i += 1) faults.push(fault); },
        close: () => new Promise((done) => { server.closeAllConnections(); server.close(() => done()); }),
      });
    });
  });
}
