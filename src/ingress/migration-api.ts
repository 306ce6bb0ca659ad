import { MigrationReportRepository } from '../store/migration-report-repository';
import { IdMapRepository } from '../store/id-map-repository';
import type { Store } from '../store/database';
import { HttpError, type Route, sendJson } from './http';
import { requireBearer } from './operator-auth';

/**
 * GET /api/migrations/<id>/report and /api/migrations/<id>/failed for the operator's client: the store
 * belongs to the running service (PGlite is single-process), so the CLI asks it rather than opening it.
 */
export function migrationApiRoute(store: Store, token: string): Route {
  const reports = new MigrationReportRepository(store);
  const ids = new IdMapRepository(store);
  return async (req, res, url) => {
    const match = /^\/api\/migrations\/([^/]+)\/(report|failed)$/.exec(url.pathname);
    if (!match) return false;
    if (req.method !== 'GET') throw new HttpError(405, 'use GET');
    requireBearer(req, token);
    const migrationId = decodeURIComponent(match[1] as string);
    if (match[2] === 'report') {
      const report = await reports.find(migrationId);
      if (!report) throw new HttpError(404, `no verification report for migration "${migrationId}" yet`);
      sendJson(res, 200, report);
    } else {
      const failed = await ids.list(migrationId, { status: 'failed' });
      sendJson(res, 200, failed.map((f) => ({ entityType: f.entityType, sourceId: f.sourceId, error: f.error, attempts: f.attempts })));
    }
    return true;
  };
}
