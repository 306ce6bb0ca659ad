import { cpus } from 'node:os';
import type { PhaseTimings, Spread } from './history';
import type { CpuTimes, ProcessRole } from './processes';

export type BenchChannel = 'email' | 'sms';

/** One channel's delays in one phase: from the request (webhook POST, or the direct connector call) to the provider's acceptance. */
export interface DelayFigures {
  channel: BenchChannel;
  sent: number;
  accepted: number;
  /**
   * Alerts the provider had not accepted when the drain time ran out: still queued in Temporal (a saturated
   * system), not lost. Percentiles are over the accepted ones only, so they understate when this is not 0.
   */
  pending: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface RateFigures {
  rate: number;
  seconds: number;
  orders: number;
  /** Orders per second the load generator actually achieved (open loop: it never waits for answers). */
  achievedRate: number;
  /** Webhook POSTs answered with anything but 202. */
  webhookErrors: number;
  temporal: DelayFigures[];
  direct: DelayFigures[];
  /** Temporal's p50 and p99 over the direct send's, for the first channel (email). */
  ratioP50: number;
  ratioP99: number;
  /** Webhook POST → the ingress's 202: verified, parsed, and its signal-with-start accepted by Temporal. */
  ingressAck: Spread;
  /** Where the time went inside Temporal, from the histories of a sample of the phase's orders. */
  timings: PhaseTimings;
  /** The channel connector's send as the worker timed it (the provider's share), by channel. */
  providerMs: Record<string, Spread>;
  /** Alerts the providers accepted in the phase, and the worker process's CPU time over the phase (every thread). */
  alerts: number;
  workerCpuMs: number;
  workerCpuMsPerAlert: number;
  workerRssMb: number;
  loadAverage: number;
  /**
   * CPU milliseconds per alert of every process on its path (Linux /proc): what the whole path costs, so what
   * a machine of N cores can carry (N × 1000 / total alerts a second, with nothing left for anything else).
   */
  cpuMsPerAlert: CpuTimes;
}

const roleNames: Record<ProcessRole, string> = {
  worker: 'worker', temporalServer: 'Temporal server', bench: 'ingress + SMTP server', loadGenerator: 'load generator', postgres: 'PostgreSQL',
};

/** All processes' CPU per alert, summed; NaN when none was measured. */
export function totalCpuMsPerAlert(r: RateFigures): number {
  const values = Object.values(r.cpuMsPerAlert);
  return values.length ? values.reduce((a, b) => a + b, 0) : Number.NaN;
}

export interface AlertsBenchReport {
  rates: RateFigures[];
  channels: BenchChannel[];
  store: 'pglite' | 'postgresql';
  loadAverageAtStart: number;
  loadAverageAtEnd: number;
  cores: number;
  benchSeconds: number;
}

/** Nearest-rank percentile of delays in milliseconds; NaN for none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] as number;
}

export function delayFigures(channel: BenchChannel, sent: number, delays: readonly number[]): DelayFigures {
  return {
    channel, sent, accepted: delays.length, pending: sent - delays.length,
    p50Ms: percentile(delays, 0.5), p99Ms: percentile(delays, 0.99), maxMs: delays.length ? Math.max(...delays) : Number.NaN,
  };
}

const ms = (v: number): string => (Number.isFinite(v) ? v.toFixed(0) : 'n/a');
const ratio = (v: number): string => (Number.isFinite(v) ? v.toFixed(2) : 'n/a');

/** The rate the summary line speaks for: 100 orders/s when it was run, else the highest rate run. */
export function headlineRate(report: AlertsBenchReport): RateFigures {
  const rates = report.rates;
  const found = rates.find((r) => r.rate === 100) ?? [...rates].sort((a, b) => b.rate - a.rate)[0];
  if (!found) throw new Error('the bench ran no rate');
  return found;
}

/** The human report, then a one-line summary (the last line) with p99_ms and ratio for 100 orders/s. */
export function formatReport(report: AlertsBenchReport): string[] {
  const lines = [
    `alerts bench: signed Shopify orders/paid webhooks → ingress → orderLifecycle on a real Temporal dev server → ${report.channels.join(' + ')} provider;`,
    `  baseline: the same channel connector called directly at the same rate (no Temporal, no webhook). Store: ${report.store}.`,
    `  machine: ${report.cores} cores, load average ${report.loadAverageAtStart.toFixed(2)} at start, ${report.loadAverageAtEnd.toFixed(2)} at end (shared with other processes).`,
    '',
    'rate/s  achieved  orders  channel  path      p50_ms  p99_ms  max_ms  pending',
  ];
  for (const r of report.rates) {
    for (const [path, figures] of [['temporal', r.temporal], ['direct', r.direct]] as const) {
      for (const f of figures) {
        lines.push([
          String(r.rate).padStart(6), r.achievedRate.toFixed(1).padStart(9), String(r.orders).padStart(7), f.channel.padStart(8), path.padStart(9),
          ms(f.p50Ms).padStart(7), ms(f.p99Ms).padStart(7), ms(f.maxMs).padStart(7), String(f.pending).padStart(8),
        ].join(' '));
      }
    }
    lines.push(`  ${r.rate}/s: ratio p50 ${ratio(r.ratioP50)}, p99 ${ratio(r.ratioP99)} (temporal over direct, ${report.channels[0]}); webhook errors ${r.webhookErrors}`);
    lines.push(...breakdown(r));
  }
  const head = headlineRate(report);
  const primary = head.temporal[0];
  const pending = head.temporal.reduce((n, f) => n + f.pending, 0);
  if (pending > 0) lines.push(`  note: ${pending} alerts of the ${head.rate}/s phase were still queued when the drain time ran out (the system was saturated); its percentiles cover the accepted ones only.`);
  lines.push(`bench=alerts rate=${head.rate} seconds=${head.seconds} channel=${primary?.channel ?? 'none'} p50_ms=${ms(primary?.p50Ms ?? Number.NaN)} p99_ms=${ms(primary?.p99Ms ?? Number.NaN)} `
    + `direct_p99_ms=${ms(head.direct[0]?.p99Ms ?? Number.NaN)} ratio=${ratio(head.ratioP99)} ratio_p50=${ratio(head.ratioP50)} pending=${pending} webhook_errors=${head.webhookErrors} `
    + `events_per_order=${head.timings.eventsPerOrder.toFixed(1)} worker_cpu_ms_per_alert=${ratio(head.workerCpuMsPerAlert)} `
    + `server_cpu_ms_per_alert=${ratio(head.cpuMsPerAlert.temporalServer ?? Number.NaN)} total_cpu_ms_per_alert=${ratio(totalCpuMsPerAlert(head))} store=${report.store} load=${report.loadAverageAtEnd.toFixed(2)}`);
  return lines;
}

const spreadText = (s: Spread | undefined): string => (s ? `${ms(s.p50)} / ${ms(s.p99)}` : 'n/a');

/** Where one phase's time went, p50 / p99 in ms, and what an alert costs the worker. */
function breakdown(r: RateFigures): string[] {
  const t = r.timings;
  const lines = [
    `    ingress → signal-with-start accepted (POST → 202): ${spreadText(r.ingressAck)}`,
    `    workflow tasks: ${t.workflowTasksPerOrder.toFixed(1)} per order, schedule-to-start ${spreadText(t.workflowTaskScheduleToStart)}, worker's turn ${spreadText(t.workflowTaskRun)}`,
  ];
  for (const [type, a] of Object.entries(t.activities)) {
    lines.push(`    activity ${type}: ${a.perOrder.toFixed(1)} per order, schedule-to-start ${spreadText(a.scheduleToStart)}, run ${spreadText(a.run)}`);
  }
  for (const [type, a] of Object.entries(t.localActivities)) lines.push(`    local activity ${type}: ${a.perOrder.toFixed(1)} per order (inside the workflow task's turn)`);
  for (const [channel, p] of Object.entries(r.providerMs)) lines.push(`    provider (${channel} connector send, timed in the worker): ${spreadText(p)}`);
  lines.push(`    history: ${t.eventsPerOrder.toFixed(1)} events per order (${t.sampledOrders} orders read); worker: ${ratio(r.workerCpuMsPerAlert)} CPU ms per alert `
    + `(${r.workerCpuMs.toFixed(0)} ms for ${r.alerts} alerts), RSS ${r.workerRssMb.toFixed(0)} MB; load average ${r.loadAverage.toFixed(2)}`);
  const total = totalCpuMsPerAlert(r);
  if (Number.isFinite(total)) {
    const parts = (Object.entries(r.cpuMsPerAlert) as [ProcessRole, number][]).map(([role, v]) => `${roleNames[role]} ${v.toFixed(2)}`);
    lines.push(`    CPU ms per alert by process: ${parts.join(', ')}; total ${total.toFixed(2)} (at this cost ${coreCount()} cores carry at most ${((coreCount() * 1000) / total).toFixed(0)} alerts/s)`);
  }
  return lines;
}

export const coreCount = (): number => cpus().length;
