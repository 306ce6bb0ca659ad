import type { IncomingMessage } from 'node:http';
import { type Client, WorkflowUpdateFailedError } from '@temporalio/client';
import { z } from 'zod';
import { milestoneSchema, orderWorkflowId } from '../domain/purchase/events';
import { replayMilestoneUpdate } from '../workflows/purchase/messages';
import { AlertSendRepository } from '../store/alert-sends';
import type { PurchaseSettings } from '../domain/purchase/settings';
import { describeIssues, type Parsed } from '../domain/validation';
import { CommunicationLog, type CommunicationRecord } from '../store/communication-log';
import type { Store } from '../store/database';
import { MerchantSettingsRepository } from '../store/merchant-settings';
import { type CreditBalance, SmsCreditLedger, smsTiers, type SmsTier } from '../store/sms-credit-ledger';
import { LOG_RETENTION_DAYS } from '../runtime/schedules';
import { HttpError, readBody, type Route, sendJson } from './http';
import { ConsoleTokenRepository } from '../store/console-tokens';
import { requireStoreAccess } from './operator-auth';

/** A request body that fails its schema: 400, with one problem per field path. */
export class InvalidBody extends HttpError {
  constructor(readonly problems: string[]) {
    super(400, problems.join('; '));
  }
}

/** Reads a JSON body and validates it; problems name their field paths. */
export async function readJson<S extends z.ZodType>(req: IncomingMessage, schema: S, limit = 64 * 1024): Promise<z.output<S>> {
  let json: unknown;
  try {
    json = JSON.parse((await readBody(req, limit)).toString('utf8'));
  } catch (err) {
    if (err instanceof HttpError) throw err;
    throw new InvalidBody([`(root): not JSON: ${(err as Error).message}`]);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new InvalidBody(describeIssues(parsed.error));
  return parsed.data;
}

export const topUpSchema = z.object({ credits: z.number().int().positive().max(1_000_000) }).strict();
export const tierSchema = z.object({ tier: z.enum(Object.keys(smsTiers) as [SmsTier, ...SmsTier[]]) }).strict();
export const replaySchema = z.object({ milestone: milestoneSchema }).strict();

/** A send whose outcome is unknown (the provider had the request, no answer came): a person checks, then replays or not. */
export interface AlertInDoubt {
  orderId: string;
  milestone: string;
  channel: string;
  recipientMasked: string | null;
  error: string | null;
  attempts: number;
  at: string;
}

/** A log line; `deliveryStatus`/`deliveryError` are the provider's later report (Twilio's status callbacks), null until it reports. */
export type LogEntry = CommunicationRecord & { at: string; deliveryStatus: string | null; deliveryError: string | null; deliveryUpdatedAt: string | null };

/**
 * The merchant's purchase-experience operations, one function each: the operator API below, the CLI (through
 * that API) and the merchant console all call these, so the rules live in one place.
 */
export function purchaseOperations(store: Store) {
  const settings = new MerchantSettingsRepository(store);
  const credits = new SmsCreditLedger(store);
  const log = new CommunicationLog(store);
  const sends = new AlertSendRepository(store);
  return {
    getSettings: (shop: string): Promise<PurchaseSettings> => settings.get(shop),
    /** Replaces the settings after validation; nothing is saved when a field is wrong. */
    putSettings: (shop: string, input: unknown): Promise<Parsed<PurchaseSettings>> => settings.put(shop, input),
    credits: (shop: string): Promise<CreditBalance> => credits.balance(shop),
    topUp: (shop: string, amount: number): Promise<CreditBalance> => credits.topUp(shop, amount),
    setTier: async (shop: string, tier: SmsTier): Promise<CreditBalance> => {
      await credits.setTier(shop, tier);
      return credits.balance(shop);
    },
    /** The credit movements (debits, refunds, top-ups), newest first. */
    creditEntries: async (shop: string) => (await credits.entries(shop)).map((e) => ({ ...e, at: e.at.toISOString() })),
    /** Alerts that may or may not have reached the shopper, kept as long as their orders live (not the log's 5 days). */
    alertsInDoubt: async (shop: string): Promise<AlertInDoubt[]> => (await sends.unknown(shop)).map((r) => ({
      orderId: r.orderId, milestone: r.milestone, channel: r.channel, recipientMasked: r.recipientMasked, error: r.error, attempts: r.attempts, at: r.updatedAt.toISOString(),
    })),
    /** The communication log of the last days (5 by default, the retention), newest first. */
    log: async (shop: string, days = LOG_RETENTION_DAYS): Promise<LogEntry[]> =>
      (await log.recent(shop, days)).map((r) => ({ ...r, at: r.at.toISOString(), deliveryUpdatedAt: r.deliveryUpdatedAt?.toISOString() ?? null })),
  };
}
export type PurchaseOperations = ReturnType<typeof purchaseOperations>;

/**
 * The operator's JSON API over those operations, behind the operator's bearer token or, for one store's
 * routes, that store's console token (another store's console token gets 403):
 *   GET/PUT /api/stores/<store>/settings, GET /api/stores/<store>/credits,
 *   POST /api/stores/<store>/credits/topup {credits}, PUT /api/stores/<store>/credits/tier {tier},
 *   GET /api/stores/<store>/credits/entries, GET /api/stores/<store>/log[?days=n],
 *   GET /api/stores/<store>/alerts/unknown, POST /api/stores/<store>/orders/<order>/replay {milestone}
 * (the order workflow's replayMilestone update, through `client`).
 */
export function purchaseApiRoute(store: Store, operatorToken: string, client?: Client): Route {
  const ops = purchaseOperations(store);
  const consoleTokens = new ConsoleTokenRepository(store);
  return async (req, res, url) => {
    const match = /^\/api\/stores\/([^/]+)\/(settings|credits|credits\/topup|credits\/tier|credits\/entries|log|alerts\/unknown|orders\/([^/]+)\/replay)$/.exec(url.pathname);
    if (!match) return false;
    const shop = decodeURIComponent(match[1] as string);
    await requireStoreAccess(req, shop, { operatorToken, consoleTokens });
    const what = `${req.method} ${match[3] ? 'orders/replay' : match[2]}`;
    try {
      switch (what) {
        case 'GET settings': return sendJson(res, 200, await ops.getSettings(shop)), true;
        case 'PUT settings': {
          const saved = await ops.putSettings(shop, await readJson(req, z.unknown()));
          if (!saved.ok) throw new InvalidBody(saved.problems);
          return sendJson(res, 200, saved.value), true;
        }
        case 'GET credits': return sendJson(res, 200, await ops.credits(shop)), true;
        case 'POST credits/topup': return sendJson(res, 200, await ops.topUp(shop, (await readJson(req, topUpSchema)).credits)), true;
        case 'PUT credits/tier': return sendJson(res, 200, await ops.setTier(shop, (await readJson(req, tierSchema)).tier)), true;
        case 'GET credits/entries': return sendJson(res, 200, await ops.creditEntries(shop)), true;
        case 'GET alerts/unknown': return sendJson(res, 200, await ops.alertsInDoubt(shop)), true;
        case 'POST orders/replay': {
          const { milestone } = await readJson(req, replaySchema);
          if (!client) throw new HttpError(503, 'this ingress has no Temporal client: replay with `cutover orders replay`');
          const order = decodeURIComponent(match[3] as string);
          try {
            return sendJson(res, 200, await client.workflow.getHandle(orderWorkflowId(shop, order)).executeUpdate(replayMilestoneUpdate, { args: [milestone] })), true;
          } catch (err) {
            // The workflow's validator says why it refused (not replayable, a replay running): 409 with its words.
            if (err instanceof WorkflowUpdateFailedError && err.cause) throw new HttpError(409, err.cause.message);
            throw err;
          }
        }
        case 'GET log': {
          const days = Number(url.searchParams.get('days') ?? LOG_RETENTION_DAYS);
          if (!Number.isInteger(days) || days < 1 || days > 30) throw new InvalidBody(['days: a whole number of days from 1 to 30']);
          return sendJson(res, 200, await ops.log(shop, days)), true;
        }
        default: throw new HttpError(405, `${req.method} is not allowed on ${url.pathname}`);
      }
    } catch (err) {
      if (err instanceof InvalidBody) return sendJson(res, 400, { error: err.message, problems: err.problems }), true;
      throw err;
    }
  };
}
