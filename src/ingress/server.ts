import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpError, type Route, sendJson } from './http';

export interface IngressServer {
  server: Server;
  url: string;
  close(): Promise<void>;
}

/** The ingress HTTP server: routes are tried in order; the first that answers wins. */
export async function startIngress(routes: Route[], options: { host: string; port: number }): Promise<IngressServer> {
  const all: Route[] = [
    async (req, res, url) => {
      if (url.pathname !== '/healthz') return false;
      sendJson(res, 200, { ok: true });
      return true;
    },
    ...routes,
  ];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://ingress.local');
    void (async () => {
      try {
        for (const route of all) if (await route(req, res, url)) return;
        sendJson(res, 404, { error: `no route for ${req.method} ${url.pathname}` });
      } catch (err) {
        if (res.headersSent) return void res.end();
        if (err instanceof HttpError) return sendJson(res, err.status, { error: err.message });
        console.error('ingress error', err);
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
