import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KlaviyoApiError, klaviyoErrors, sendJsonApi } from './errors';
import { matches, parseFilter } from './filters';
import { DailyLimiter, publishedDailyLimits, publishedLimits, type RateLimit, RateLimiter } from './limits';
import { pageSizeOf, validateQuery, validateRequestBody } from './openapi';
import { collection, eventResource, flowResource, metricResource, segmentResource, templateResource } from './resources';
import { type JsonObject, KlaviyoAccount } from './state';
import { checkTemplateCreate, renderDefinition } from './templates';

export type KlaviyoFault = '429' | '500' | '503';

export interface KlaviyoSimulatorOptions {
  /** The private key callers must present: `Authorization: Klaviyo-API-Key <key>`. */
  apiKey?: string;
  /** 'published' (Klaviyo's per-endpoint limits) or a limit for every endpoint (tests). */
  limits?: 'published' | RateLimit;
  /** Daily caps per endpoint class ('flows:create', 'segments:create'); default Klaviyo's published 100 a day. */
  dailyLimits?: Record<string, number>;
  /** Flow action types the create-flow API does not accept (Klaviyo's docs list the supported ones). */
  uncreatableActionTypes?: string[];
}

export interface KlaviyoSimulator {
  url: string;
  account: KlaviyoAccount;
  /** The next `count` API calls answer with this fault (429 carries Retry-After: 1). */
  failNext(fault: KlaviyoFault, count?: number): void;
  /** Every API call served, `METHOD /path`, for assertions on what a client did. */
  readonly calls: string[];
  close(): Promise<void>;
}

const REVISION = /^\d{4}-\d{2}-\d{2}(\.[a-z]+)?$/;

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return text ? JSON.parse(text) as unknown : null;
  } catch {
    throw klaviyoErrors.invalid('The request body is not valid JSON.', '/');
  }
}

function validated(method: string, specPath: string, body: unknown): JsonObject {
  const problems = validateRequestBody(method, specPath, body);
  const first = problems[0];
  if (first) throw klaviyoErrors.invalid(`${first.pointer || '/'} ${first.detail}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}`, first.pointer || '/');
  return body as JsonObject;
}

function attrs(body: JsonObject): JsonObject {
  return ((body.data as JsonObject).attributes ?? {}) as JsonObject;
}

export function startKlaviyoSimulator(options: KlaviyoSimulatorOptions = {}): Promise<KlaviyoSimulator> {
  const apiKey = options.apiKey ?? 'pk_sandbox_klaviyo';
  const account = new KlaviyoAccount();
  const uncreatable = new Set(options.uncreatableActionTypes ?? ['code', 'internal-service', 'ab-test', 'content-experiment', 'action-output-split']);
  const limits = options.limits ?? 'published';
  const limiter = new RateLimiter((cls) => (limits === 'published' ? publishedLimits[cls] ?? publishedLimits.default as RateLimit : limits));
  const daily = new DailyLimiter({ ...publishedDailyLimits, ...options.dailyLimits });
  const faults: KlaviyoFault[] = [];
  const calls: string[] = [];
  let base = '';

  const flowById = (id: string) => account.flows.find((f) => f.id === id) ?? (() => { throw klaviyoErrors.notFound(`Flow ${id}`); })();

  async function route(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const path = url.pathname.replace(/\/$/, '');
    const method = req.method ?? 'GET';
    const q = url.searchParams;
    const filters = parseFilter(q.get('filter'));
    // Every query string is checked against the operation's declared parameters (page[size] 1..10 on templates).
    const query = (specPath: string) => {
      const problem = validateQuery(method, specPath, q)[0];
      if (problem) throw klaviyoErrors.invalidParameter(problem.detail, problem.parameter);
    };
    const size = (specPath: string) => pageSizeOf(method, specPath, q);
    const ok = (body: unknown, status = 200) => sendJsonApi(res, status, body);
    let m: RegExpExecArray | null;

    if (path === '/api/accounts' && method === 'GET') return ok({ data: [{ type: 'account', id: 'SIMACCT', attributes: { contact_information: { organization_name: 'Simulated' } } }], links: {} });
    if (path === '/api/metrics' && method === 'GET') {
      query(path);
      const field = (metric: (typeof account.metrics)[number], name: string) => (name === 'integration.name' ? metric.integration.name : name === 'integration.category' ? metric.integration.category : undefined);
      const found = account.metrics.filter((metric) => filters.every((f) => matches(f, field(metric, f.field))));
      // GET /api/metrics declares no page[size]: Klaviyo pages it at 200.
      return ok(collection(base, path, found, q, 200, (x) => metricResource(base, x)));
    }
    if ((m = /^\/api\/metrics\/([^/]+)$/.exec(path)) && method === 'GET') {
      query('/api/metrics/{id}');
      const metric = account.metrics.find((x) => x.id === m?.[1]);
      if (!metric) throw klaviyoErrors.notFound(`Metric ${m[1]}`);
      return ok({ data: metricResource(base, metric) });
    }
    if ((m = /^\/api\/metrics\/([^/]+)\/flow-triggers$/.exec(path)) && method === 'GET') {
      query('/api/metrics/{id}/flow-triggers');
      const flows = account.flows.filter((f) => KlaviyoAccount.triggerMetricId(f) === m?.[1]);
      return ok({ data: flows.map((f) => flowResource(base, f, false)), links: { self: `${base}${path}` } });
    }
    if (path === '/api/events' && method === 'GET') {
      query(path);
      const field = (e: (typeof account.events)[number], name: string) => (name === 'metric_id' ? e.metricId : name === 'profile_id' ? e.profileId : name === 'datetime' ? e.datetime : undefined);
      const found = account.events.filter((e) => filters.every((f) => matches(f, field(e, f.field))));
      const sorted = q.get('sort') === '-datetime' ? [...found].sort((a, b) => b.datetime.localeCompare(a.datetime)) : found;
      return ok(collection(base, path, sorted, q, size(path), (x) => eventResource(base, x)));
    }
    if (path === '/api/event-bulk-create-jobs' && method === 'POST') {
      const body = validated(method, path, await readJson(req));
      const entries = ((attrs(body)['events-bulk-create'] as JsonObject).data as JsonObject[]);
      let count = 0;
      for (const entry of entries) {
        const a = entry.attributes as JsonObject;
        const p = ((a.profile as JsonObject).data as JsonObject).attributes as JsonObject;
        if (!p.email && !p.phone_number && !p.external_id && !p.anonymous_id) throw klaviyoErrors.invalid('A profile identifier is required.', '/data/attributes/events-bulk-create/data/profile');
        const profile = account.profile({ email: p.email as string | null, phone_number: p.phone_number as string | null, external_id: p.external_id as string | null });
        for (const ev of (a.events as JsonObject).data as JsonObject[]) {
          const e = ev.attributes as JsonObject;
          const md = ((e.metric as JsonObject).data as JsonObject).attributes as JsonObject;
          const metric = account.metric(String(md.name), String(md.service ?? 'api'));
          account.addEvent({
            metricId: metric.id, profileId: profile.id, datetime: String(e.time ?? account.now().toISOString()),
            uniqueId: String(e.unique_id ?? account.nextId('U')), properties: (e.properties ?? {}) as Record<string, unknown>,
            value: (e.value ?? null) as number | null, backfill: Boolean(e.backfill ?? a.backfill ?? false),
          });
          count += 1;
        }
      }
      const job = { id: account.nextId('J'), eventCount: count };
      account.bulkJobs.push(job);
      return ok({ data: { type: 'event-bulk-create-job', id: job.id, attributes: { status: 'complete', total_count: count, completed_count: count, failed_count: 0 } } }, 202);
    }
    if (path === '/api/flows' && method === 'GET') {
      query(path);
      const field = (f: (typeof account.flows)[number], name: string) => ({ name: f.name, status: f.status, id: f.id, archived: String(f.archived) } as Record<string, string>)[name];
      const found = account.flows.filter((f) => filters.every((c) => matches(c, field(f, c.field))));
      return ok(collection(base, path, found, q, size(path), (x) => flowResource(base, x, false)));
    }
    if (path === '/api/flows' && method === 'POST') {
      const a = attrs(validated(method, path, await readJson(req)));
      const definition = a.definition as JsonObject;
      for (const [i, action] of (definition.actions as JsonObject[]).entries()) {
        if (uncreatable.has(String(action.type))) throw klaviyoErrors.invalid(`Action type '${String(action.type)}' is not supported when creating a flow.`, `/data/attributes/definition/actions/${i}/type`);
      }
      const triggers = definition.triggers as JsonObject[];
      if (triggers.length !== 1) throw klaviyoErrors.invalid('Only one trigger is supported.', '/data/attributes/definition/triggers');
      const trigger = triggers[0] as JsonObject;
      if (trigger.type === 'metric' && !account.metrics.some((x) => x.id === trigger.id)) throw klaviyoErrors.invalid(`Metric ${String(trigger.id)} does not exist.`, '/data/attributes/definition/triggers/0/id');
      const flow = account.addFlow(String(a.name), definition, 'draft');
      return ok({ data: flowResource(base, flow, true) }, 201);
    }
    if ((m = /^\/api\/flows\/([^/]+)$/.exec(path))) {
      const flow = flowById(m[1] as string);
      if (method === 'GET') query('/api/flows/{id}');
      if (method === 'GET') return ok({ data: flowResource(base, flow, (q.get('additional-fields[flow]') ?? '').includes('definition')) });
      if (method === 'PATCH') {
        const body = validated(method, '/api/flows/{id}', await readJson(req));
        if ((body.data as JsonObject).id !== flow.id) throw klaviyoErrors.invalid('The id in the body does not match the URL.', '/data/id');
        const status = String(attrs(body).status);
        if (!['draft', 'manual', 'live'].includes(status)) throw klaviyoErrors.invalid(`'${status}' is not a valid flow status.`, '/data/attributes/status');
        flow.status = status;
        flow.updated = account.now().toISOString();
        return ok({ data: flowResource(base, flow, false) });
      }
    }
    const withDefinition = (q.get('additional-fields[template]') ?? '').split(',').includes('definition');
    if ((m = /^\/api\/templates\/([^/]+)$/.exec(path)) && method === 'GET') {
      query('/api/templates/{id}');
      const template = account.templates.find((t) => t.id === m?.[1]);
      if (!template) throw klaviyoErrors.notFound(`Template ${m[1]}`);
      return ok({ data: templateResource(base, template, withDefinition) });
    }
    if (path === '/api/templates' && method === 'GET') {
      query(path);
      const found = account.templates.filter((t) => filters.every((c) => matches(c, c.field === 'name' ? t.name : c.field === 'id' ? t.id : undefined)));
      return ok(collection(base, path, found, q, size(path), (x) => templateResource(base, x, withDefinition)));
    }
    if (path === '/api/templates' && method === 'POST') {
      query(path);
      const a = attrs(validated(method, path, await readJson(req)));
      checkTemplateCreate(a);
      const definition = a.editor_type === 'SYSTEM_DRAGGABLE' ? a.definition as JsonObject : null;
      const template = account.addTemplate(String(a.name), definition ? renderDefinition(definition) : String(a.html), String(a.editor_type), definition);
      return ok({ data: templateResource(base, template, withDefinition) }, 201);
    }
    if (path === '/api/segments' && method === 'GET') {
      query(path);
      const found = account.segments.filter((s) => filters.every((c) => matches(c, c.field === 'name' ? s.name : c.field === 'id' ? s.id : undefined)));
      return ok(collection(base, path, found, q, size(path), (x) => segmentResource(base, x, true)));
    }
    if (path === '/api/segments' && method === 'POST') {
      const a = attrs(validated(method, path, await readJson(req)));
      const segment = account.addSegment(String(a.name), a.definition as JsonObject);
      return ok({ data: segmentResource(base, segment, true) }, 201);
    }
    if ((m = /^\/api\/segments\/([^/]+)$/.exec(path)) && method === 'GET') {
      query('/api/segments/{id}');
      const segment = account.segments.find((s) => s.id === m?.[1]);
      if (!segment) throw klaviyoErrors.notFound(`Segment ${m[1]}`);
      return ok({ data: segmentResource(base, segment, true) });
    }
    throw path.startsWith('/api/') ? klaviyoErrors.methodNotAllowed() : klaviyoErrors.notFound(path);
  }

  function endpointClass(method: string, path: string): string {
    if (path.startsWith('/api/flows')) return method === 'POST' ? 'flows:create' : method === 'GET' ? 'flows:read' : 'flows:write';
    if (path.startsWith('/api/event-bulk')) return 'events:bulk';
    if (path === '/api/segments' && method === 'POST') return 'segments:create';
    return 'default';
  }

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    void (async () => {
      try {
        if (url.pathname === '/__sandbox/state') return sendJsonApi(res, 200, { metrics: account.metrics, events: account.events.length, flows: account.flows, segments: account.segments, templates: account.templates });
        calls.push(`${req.method ?? 'GET'} ${url.pathname}`);
        const auth = req.headers.authorization ?? '';
        if (auth !== `Klaviyo-API-Key ${apiKey}`) throw klaviyoErrors.notAuthenticated();
        if (!REVISION.test(String(req.headers.revision ?? ''))) throw klaviyoErrors.missingRevision();
        const fault = faults.shift();
        if (fault === '429') throw klaviyoErrors.throttled(1);
        if (fault === '500') throw klaviyoErrors.internal();
        if (fault === '503') throw klaviyoErrors.unavailable();
        const cls = endpointClass(req.method ?? 'GET', url.pathname);
        const wait = limiter.take(cls);
        if (wait !== null) throw klaviyoErrors.throttled(wait);
        const untilTomorrow = daily.take(cls);
        if (untilTomorrow !== null) throw klaviyoErrors.throttled(untilTomorrow);
        await route(req, res, url);
      } catch (err) {
        const error = err instanceof KlaviyoApiError ? err : klaviyoErrors.invalid((err as Error).message, null);
        if (!res.headersSent) sendJsonApi(res, error.status, error.body(), error.headers);
      }
    })();
  });

  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      resolve({
        url: base, account, calls,
        failNext: (fault, count = 1) => { for (let i = 0; i < count; i += 1) faults.push(fault); },
        close: () => new Promise((done) => { server.closeAllConnections(); server.close(() => done()); }),
      });
    });
  });
}
