import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { z } from 'zod';
import { HttpError, readBody, type Route, sendJson } from './http';
import { requireBearer } from './operator-auth';

/** The remote codec protocol the Temporal UI and CLI speak: payloads with base64 metadata values and data. */
const jsonPayloadsSchema = z.object({
  payloads: z.array(z.object({ metadata: z.record(z.string(), z.string()).optional(), data: z.string().optional() })),
});
type JsonPayload = z.infer<typeof jsonPayloadsSchema>['payloads'][number];

function fromJson(p: JsonPayload): Payload {
  return {
    metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
    data: Buffer.from(p.data ?? '', 'base64'),
  };
}

function toJson(p: Payload): JsonPayload {
  return {
    metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? new Uint8Array()).toString('base64')])),
    data: Buffer.from(p.data ?? new Uint8Array()).toString('base64'),
  };
}

/**
 * POST /codec/encode and /codec/decode, for an operator whose Temporal UI holds the bearer token: the UI
 * shows decrypted payloads, the server never does. CORS admits only the configured UI origins.
 */
export function codecServerRoute(codec: PayloadCodec, options: { token: string; corsOrigins: readonly string[] }): Route {
  const cors = (req: IncomingMessage, res: ServerResponse): void => {
    const origin = req.headers.origin;
    if (origin && options.corsOrigins.includes(origin)) {
      res.setHeader('access-control-allow-origin', origin);
      res.setHeader('access-control-allow-credentials', 'true');
      res.setHeader('access-control-allow-methods', 'POST, OPTIONS');
      res.setHeader('access-control-allow-headers', 'content-type, authorization, x-namespace');
      res.setHeader('vary', 'origin');
    }
  };
  return async (req, res, url) => {
    const match = /^\/codec\/(encode|decode)$/.exec(url.pathname);
    if (!match) return false;
    cors(req, res);
    if (req.method === 'OPTIONS') {
      res.writeHead(204).end();
      return true;
    }
    if (req.method !== 'POST') throw new HttpError(405, 'use POST');
    requireBearer(req, options.token);
    let parsed: z.infer<typeof jsonPayloadsSchema>;
    try {
      parsed = jsonPayloadsSchema.parse(JSON.parse((await readBody(req)).toString('utf8')));
    } catch (err) {
      throw new HttpError(400, `expected {"payloads": [...]}: ${(err as Error).message}`);
    }
    const payloads = parsed.payloads.map(fromJson);
    const result = match[1] === 'encode' ? await codec.encode(payloads) : await codec.decode(payloads);
    sendJson(res, 200, { payloads: result.map(toJson) });
    return true;
  };
}
