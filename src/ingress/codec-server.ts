import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { z } from 'zod';
import { HttpError, readBody, type Route, sendJson } from './http';
import { AccessTokenRefused, type AccessTokenVerifier, type CodecAccess } from './oidc';
import { bearerToken, sameSecret } from './operator-auth';

/**
 * The remote codec protocol the Temporal UI and CLI speak: Payloads in protobuf JSON, so bytes are base64
 * and empty fields are left out. A call with nothing to convert is the body `{}`: zero payloads.
 */
const jsonPayloadsSchema = z.object({
  payloads: z.array(z.object({ metadata: z.record(z.string(), z.string()).optional(), data: z.string().optional() })).default([]),
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

export interface CodecServerOptions {
  /** The bearer token of the CLI (`--codec-auth "Bearer …"`) and of automation. */
  token: string;
  /** Browser origins (the Temporal UI) answered with CORS headers. */
  corsOrigins: readonly string[];
  /** The namespace whose payloads these keys protect: a call naming another (X-Namespace) is refused. */
  namespace: string;
  /**
   * The embedded default: the ingress listens on loopback only, and the stock UI (which can send no token of
   * ours) is served without one when it calls from an allowed origin, over loopback, addressed to a loopback host.
   */
  loopbackUi?: boolean;
  /** A deployed UI forwarding its OIDC access token. */
  oidc?: AccessTokenVerifier;
}

const LOOPBACK_HOSTNAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  return v4 === '::1' || /^127\.\d+\.\d+\.\d+$/.test(v4);
}

function hostIsLoopback(host: string | undefined): boolean {
  if (!host) return false;
  try {
    return LOOPBACK_HOSTNAMES.has(new URL(`http://${host}`).hostname);
  } catch {
    return false;
  }
}

/**
 * Whether a request without a token is the stock UI of the embedded default. The Origin must be an allowed
 * UI origin (a page anywhere else gets 401, and could not read an answer anyway: CORS). The connection must
 * come over loopback, addressed to a loopback name (a DNS-rebinding page's Host is its own name), and carry
 * no proxy header (a proxy on the same host would make outside traffic look local). Any local process can
 * still pass these checks by forging the headers, as it can read `.data/`: hence loopback dev only.
 */
function isLoopbackUi(req: IncomingMessage, corsOrigins: readonly string[]): boolean {
  const origin = req.headers.origin;
  return origin !== undefined && corsOrigins.includes(origin)
    && isLoopbackAddress(req.socket.remoteAddress)
    && hostIsLoopback(req.headers.host)
    && req.headers['x-forwarded-for'] === undefined && req.headers.forwarded === undefined && req.headers['x-real-ip'] === undefined;
}

/**
 * POST /codec/encode and /codec/decode for the Temporal UI and CLI: they show decrypted payloads; the
 * Temporal server never sees them. Who may call, in order: the bearer token (CLI, automation); a deployed UI's
 * OIDC access token with a permission on the namespace; on the embedded default, the UI's own origin.
 */
export function codecServerRoute(codec: PayloadCodec, options: CodecServerOptions): Route {
  const cors = (req: IncomingMessage, res: ServerResponse): void => {
    res.setHeader('vary', 'origin');
    const origin = req.headers.origin;
    if (origin && options.corsOrigins.includes(origin)) {
      res.setHeader('access-control-allow-origin', origin);
      res.setHeader('access-control-allow-credentials', 'true');
      res.setHeader('access-control-allow-methods', 'POST, OPTIONS');
      // The UI sends X-Namespace always, and with "pass access token" Authorization and Authorization-Extras (its ID token).
      res.setHeader('access-control-allow-headers', 'content-type, authorization, authorization-extras, x-namespace');
      res.setHeader('access-control-max-age', '600');
    }
  };

  const authorize = async (req: IncomingMessage, access: CodecAccess, inPath: string | undefined): Promise<void> => {
    const header = req.headers['x-namespace'];
    const named = (Array.isArray(header) ? header[0] : header) ?? inPath;
    if ((named !== undefined && named !== options.namespace) || (inPath !== undefined && inPath !== options.namespace)) {
      throw new HttpError(403, `this codec server holds the keys of namespace "${options.namespace}", not "${named}"`);
    }
    const token = bearerToken(req);
    if (token !== undefined) {
      if (sameSecret(token, options.token)) return;
      if (options.oidc) {
        if (named === undefined) throw new HttpError(400, 'an access token needs the X-Namespace header it is checked against');
        try {
          await options.oidc.verify(token, named, access);
          return;
        } catch (err) {
          if (err instanceof AccessTokenRefused) throw new HttpError(err.status, err.message);
          throw err;
        }
      }
      throw new HttpError(401, 'the bearer token was refused');
    }
    if (req.headers.authorization !== undefined) throw new HttpError(401, 'expected "Authorization: Bearer <token>"');
    if (options.loopbackUi && isLoopbackUi(req, options.corsOrigins)) return;
    throw new HttpError(401, options.loopbackUi
      ? `a bearer token is required (the CLI: --codec-auth "Bearer <token>"); a browser UI is served without one only from ${options.corsOrigins.join(', ')} over loopback`
      : 'a bearer token is required (the CLI: --codec-auth "Bearer <token>"; the Temporal UI: its OIDC access token)');
  };

  return async (req, res, url) => {
    // /codec/<namespace>/decode is the form of the CLI's templated endpoint (`--codec-endpoint …/codec/{namespace}`).
    const match = /^\/codec\/(?:([^/]+)\/)?(encode|decode)$/.exec(url.pathname);
    if (!match) return false;
    cors(req, res);
    if (req.method === 'OPTIONS') {
      res.writeHead(204).end();
      return true;
    }
    if (req.method !== 'POST') throw new HttpError(405, 'use POST');
    const access = match[2] as CodecAccess;
    let inPath: string | undefined;
    try {
      inPath = match[1] === undefined ? undefined : decodeURIComponent(match[1]);
    } catch {
      throw new HttpError(400, 'the namespace in the path is not valid URL encoding');
    }
    await authorize(req, access, inPath);
    let parsed: z.infer<typeof jsonPayloadsSchema>;
    try {
      parsed = jsonPayloadsSchema.parse(JSON.parse((await readBody(req)).toString('utf8')));
    } catch (err) {
      if (err instanceof HttpError) throw err;
      throw new HttpError(400, `expected {"payloads": [...]} (protobuf JSON of Payloads): ${(err as Error).message}`);
    }
    const payloads = parsed.payloads.map(fromJson);
    const result = access === 'encode' ? await codec.encode(payloads) : await codec.decode(payloads);
    sendJson(res, 200, { payloads: result.map(toJson) });
    return true;
  };
}
