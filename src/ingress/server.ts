import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpError, type Route, sendJson } from './http';
import type { IngressObservability } from './observability';

export interface IngressServer {
  server: Server;
  url: string;
  close(): Promise<void>;
}

/** The ingress HTTP server: routes are tried in order; the first that answers wins. */
export async function startIngress(routes: Route[], options: { host: string; port: number; observability?: IngressObservability }): Promise<IngressServer> {
  const { observability } = options;
  const all: Route[] = [
    async (req, res, url) => {
      if (url.pathname !== '/healthz') return false;
      if (observability) await observability.health(res);
      else sendJson(res, 200, { ok: true });
      return true;
    },
    async (req, res, url) => {
      if (!observability || url.pathname !== '/metrics' || req.method !== 'GET') return false;
      await observability.metrics(req, res);
      return true;
    },
    ...routes,
  ];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://ingress.local');
    // Request metrics and the access log label a request by its route's pattern; one no route took is "(unmatched)".
    let matched = false;
    observability?.observe(req, res, url, () => matched);
    void (async () => {
      try {
        for (const route of all) if (await route(req, res, url)) return void (matched = true);
        sendJson(res, 404, { error: `no route for ${req.method} ${url.pathname}` });
      } catch (err) {
        matched = true;
        if (res.headersSent) return void res.end();
        if (err instanceof HttpError) return sendJson(res, err.status, { error: err.message });
        if (observability) observability.logger.error({ err }, 'ingress error');
        else console.error('ingress error', err);
        sendJson(res, 500, { error: 'internal error' });
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    server,
    url: `http://${host}:${port}`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
