import type { Client } from '@temporalio/client';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sql } from 'kysely';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import type { Logger } from '../runtime/observability';
import type { Store } from '../store/database';
import { sendJson } from './http';

/**
 * A path as a metric label and in the access log: lowercase words (route names, providers, connection names)
 * stay, every other segment (order and store ids, tokens, emails, domains) becomes `:id`. Labels stay few, and
 * neither a shopper's tracking token nor an order number reaches a log or a time series.
 */
export function routePattern(pathname: string): string {
  const segments = pathname.split('/').filter(Boolean).map((segment) => (/^[a-z][a-z-]{0,31}$/.test(segment) ? segment : ':id'));
  return `/${segments.join('/')}`;
}

const loopback = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

export interface IngressObservabilityOptions {
  logger: Logger;
  /** The worker's SDK Prometheus endpoint; its lines are served after the ingress's own on /metrics. */
  sdkMetricsUrl?: string;
  /** /healthz is ready only when these answer. */
  store?: Store;
  client?: Client;
  /**
   * Bearer token a scraper from another host presents for /metrics; without it only loopback clients read
   * /metrics (the ingress also serves shoppers and providers from the internet).
   */
  metricsToken?: string;
}

export interface IngressObservability {
  registry: Registry;
  logger: Logger;
  /** Counts, times and logs one request once it is answered; `matched` false: no route took it. */
  observe(req: IncomingMessage, res: ServerResponse, url: URL, matched: () => boolean): void;
  metrics(req: IncomingMessage, res: ServerResponse): Promise<void>;
  health(res: ServerResponse): Promise<void>;
}

async function answersWithin<T>(ms: number, work: () => Promise<T>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([work(), new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms); })]);
  } finally {
    clearTimeout(timer);
  }
}

export function createIngressObservability(options: IngressObservabilityOptions): IngressObservability {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'cutover_ingress_' });
  const labelNames = ['method', 'route', 'status'] as const;
  const requests = new Counter({ name: 'cutover_ingress_requests_total', help: 'HTTP requests answered by the ingress, by route pattern and status', labelNames, registers: [registry] });
  const duration = new Histogram({
    name: 'cutover_ingress_request_duration_seconds', help: 'Time from request to the end of the answer, by route pattern and status', labelNames, registers: [registry],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  });
  const sdkScrapeFailures = new Counter({ name: 'cutover_ingress_sdk_metrics_scrape_failures_total', help: 'Reads of the worker\'s SDK metrics that failed', registers: [registry] });
  const access = options.logger.child({ component: 'access' });

  return {
    registry,
    logger: options.logger,
    observe(req, res, url, matched) {
      const started = process.hrtime.bigint();
      res.once('finish', () => {
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        // Never the raw path or the query string: they carry tokens, order ids and shoppers' addresses.
        const labels = { method: req.method ?? 'GET', route: matched() ? routePattern(url.pathname) : '(unmatched)', status: String(res.statusCode) };
        requests.inc(labels);
        duration.observe(labels, seconds);
        access.info({ ...labels, status: res.statusCode, durationMs: Math.round(seconds * 10_000) / 10 }, 'request');
      });
    },
    async metrics(req, res) {
      const authorized = loopback.has(req.socket.remoteAddress ?? '')
        || (options.metricsToken !== undefined && req.headers.authorization === `Bearer ${options.metricsToken}`);
      if (!authorized) return sendJson(res, 403, { error: 'metrics are served to loopback clients, or with the metrics token' });
      let sdk = '';
      if (options.sdkMetricsUrl) {
        try {
          const answer = await fetch(options.sdkMetricsUrl, { signal: AbortSignal.timeout(2000) });
          if (!answer.ok) throw new Error(`HTTP ${answer.status}`);
          sdk = await answer.text();
        } catch (err) {
          sdkScrapeFailures.inc();
          options.logger.warn({ err, sdkMetricsUrl: options.sdkMetricsUrl }, 'the worker\'s SDK metrics could not be read');
        }
      }
      const own = await registry.metrics();
      const body = sdk ? `${own.trimEnd()}\n${sdk}` : own;
      res.writeHead(200, { 'content-type': registry.contentType, 'content-length': Buffer.byteLength(body) });
      res.end(body);
    },
    async health(res) {
      const checks: Record<string, 'ok' | 'unavailable'> = {};
      const probes: [string, (() => Promise<unknown>) | undefined][] = [
        ['store', options.store && (() => sql`select 1`.execute(options.store!))],
        ['temporal', options.client && (() => options.client!.workflowService.getSystemInfo({}))],
      ];
      for (const [name, probe] of probes) {
        if (!probe) continue;
        try {
          await answersWithin(3000, probe);
          checks[name] = 'ok';
        } catch (err) {
          checks[name] = 'unavailable';
          options.logger.warn({ err, check: name }, 'health check failed');
        }
      }
      const ok = Object.values(checks).every((v) => v === 'ok');
      sendJson(res, ok ? 200 : 503, { ok, ...checks });
    },
  };
}
