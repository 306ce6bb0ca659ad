import { isGrpcServiceError, type WorkflowHandle, WorkflowFailedError } from '@temporalio/client';
import { TemporalFailure } from '@temporalio/common';

/** gRPC codes of a server that is down or restarting: UNAVAILABLE, DEADLINE_EXCEEDED, CANCELLED (reset stream). */
const OUTAGE_CODES = new Set([14, 4, 1]);

const CONNECTION_FAILURE = /ECONNREFUSED|ECONNRESET|EPIPE|socket hang up|Connection dropped|transport error/i;

/**
 * Whether an error means the Temporal server could not be reached (down, restarting, a connection dropped),
 * rather than an answer: those are worth waiting out. A workflow's failure is an answer, whatever its message
 * says (an activity's ECONNREFUSED to a store is the workflow's business, not the server's).
 */
export function isServerOutage(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 8; depth += 1, e = e.cause) {
    if (e instanceof WorkflowFailedError || e instanceof TemporalFailure) return false;
    if (isGrpcServiceError(e)) return OUTAGE_CODES.has(e.code);
    if (CONNECTION_FAILURE.test(e.message)) return true;
  }
  return false;
}

export interface OutageOptions {
  /** Told once when the server stops answering, and once when it answers again. */
  onOutage?: (err: unknown) => void;
  onBack?: () => void;
  /** Between tries while the server is away; default 1 s. */
  retryEveryMs?: number;
  /** Gives up (rethrows) after this long without the server; default 15 minutes. */
  giveUpAfterMs?: number;
}

/**
 * Runs `call` again while the Temporal server is unreachable: a client that follows a workflow for minutes
 * (`--wait`, the demo's progress) outlives a server restart instead of dying with it. The workflow keeps
 * running meanwhile (its history is the server's); only the watcher waits.
 */
export async function surviveOutages<T>(call: () => Promise<T>, options: OutageOptions = {}): Promise<T> {
  const every = options.retryEveryMs ?? 1000;
  const giveUpAfter = options.giveUpAfterMs ?? 15 * 60_000;
  let since: number | null = null;
  for (;;) {
    try {
      const value = await call();
      if (since !== null) options.onBack?.();
      return value;
    } catch (err) {
      if (!isServerOutage(err)) throw err;
      if (since === null) {
        since = Date.now();
        options.onOutage?.(err);
      } else if (Date.now() - since > giveUpAfter) {
        throw err;
      }
      await new Promise((resolve) => setTimeout(resolve, every));
    }
  }
}

/** A workflow's result, waited for across server restarts (see surviveOutages). */
export function resultSurvivingOutages<T>(handle: WorkflowHandle, options: OutageOptions = {}): Promise<T> {
  return surviveOutages(() => handle.result() as Promise<T>, options);
}
